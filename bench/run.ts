import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { benchDigest } from './digest.ts';
import { benchEvent } from './event.ts';
import { benchIngest } from './ingest.ts';
import { benchNags } from './nags.ts';
import { benchNpmStart } from './npm-start.ts';
import { benchOrgImport } from './org-import.ts';
import { benchStartup } from './startup.ts';
import { benchStartupBig } from './startup-big.ts';
import type { BenchResult } from './stats.ts';
import { benchTapFloor, benchTaps } from './taps.ts';
import { benchWorstInput } from './worst-input.ts';
import { benchWrites } from './write-cost.ts';

// Every benchmark, in one run on this machine; printed as a table and written to bench/results.json.
const only = process.argv.slice(2);
const suites: Array<[string, () => Promise<BenchResult | BenchResult[]>]> = [
  ['startup', () => benchStartup()],
  // Issue 13: npm start before (tsx) and after (compiled), sandbox and webhook, time to ready and RSS.
  ['npm-start', () => benchNpmStart(3)],
  ['event', () => benchEvent()],
  ['digest', () => benchDigest()],
  ['nags', () => benchNags()],
  // Issue 16: reading a 500-person, 40-unit directory from the contact API.
  ['org-import', () => benchOrgImport(40, 500, 3)],
  // Issue 12: the worst input of each command, through the real pipeline.
  ['worst-input', () => benchWorstInput()],
  // Issue 8: ingest against a bare koa echo, write cost against history, start-up with a big data dir.
  ['ingest', () => benchIngest(2000, 16)],
  ['writes', () => benchWrites([1000, 10_000, 100_000])],
  ['startup-big', () => benchStartupBig(10_000, 100_000, 3)],
  // Issue 8's matrix: 50 and 200 taps at once, 1,000 and 10,000 open items, 100,000 archived.
  [
    'taps',
    async () => [
      ...(await benchTapFloor([50, 200])),
      ...(await benchTaps(1000, 100_000, [50, 200])),
      ...(await benchTaps(10_000, 100_000, [50, 200])),
    ],
  ],
];

const results: BenchResult[] = [];
for (const [name, run] of suites) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`running ${name}…\n`);
  const r = await run();
  results.push(...(Array.isArray(r) ? r : [r]));
}
console.table(results.map((r) => ({ benchmark: r.name, ...r.metrics })));
// A run of some suites only (`npm run bench -- npm-start`) replaces their rows and keeps the others.
const kept: BenchResult[] =
  only.length > 0 && existsSync('bench/results.json')
    ? (JSON.parse(readFileSync('bench/results.json', 'utf8')).results as BenchResult[]).filter(
        (r) => !results.some((x) => x.name === r.name),
      )
    : [];
writeFileSync(
  'bench/results.json',
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results: [...kept, ...results] }, null, 2)}\n`,
);
process.exit(0);
