// Turns a Stryker run's JSON report into the results the project keeps: <out>.json (the score, counts,
// per-file scores, how long the run took) and <out>-survivors.md (every surviving mutant with its line, to
// read and judge).
//   node scripts/mutation-results.mjs [stryker config] [out]
// stryker.config.json → bench/mutation (the full habit run); stryker.gate.config.mjs → bench/mutation-gate
// (the CI gate). The scope and the report's path are read from the config, never written here.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CONFIG = process.argv[2] ?? 'stryker.config.json';
const config = CONFIG.endsWith('.json')
  ? JSON.parse(readFileSync(CONFIG, 'utf8'))
  : (await import(pathToFileURL(resolve(CONFIG)).href)).default;
const variant = basename(CONFIG).match(/^stryker\.(.+)\.config\.[cm]?js(on)?$/)?.[1];
const OUT = process.argv[3] ?? (variant ? `bench/mutation-${variant}` : 'bench/mutation');
const REPORT = config.jsonReporter?.fileName ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(REPORT, 'utf8'));
// `npm run <script>` names the script; a direct call names itself.
const COMMAND = process.env.npm_lifecycle_event
  ? `npm run ${process.env.npm_lifecycle_event}`
  : `node scripts/mutation-results.mjs ${process.argv.slice(2).join(' ')}`.trim();

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const score = (ms) => {
  const d = ms.filter((m) => DETECTED.has(m.status)).length;
  const u = ms.filter((m) => UNDETECTED.has(m.status)).length;
  return d + u === 0 ? null : Math.round((1000 * d) / (d + u)) / 10;
};
const count = (ms) => {
  const c = {};
  for (const m of ms) c[m.status] = (c[m.status] ?? 0) + 1;
  return c;
};

const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
const all = files.flatMap(([, f]) => f.mutants);
const perf = report.performance; // { setup, initialRun, mutation } in ms, when Stryker reports it
const results = {
  date: new Date(statSync(REPORT).mtimeMs).toISOString(),
  command: COMMAND,
  scope: config.mutate,
  note: 'score = (killed + timed out) / (killed + timed out + survived + no coverage); static mutants are ignored (ignoreStatic)',
  score: score(all),
  thresholds: config.thresholds,
  counts: count(all),
  ...(perf ? { seconds: Math.round((perf.setup + perf.initialRun + perf.mutation) / 1000) } : {}),
  files: Object.fromEntries(
    files.map(([path, f]) => [path, { score: score(f.mutants), ...count(f.mutants) }]),
  ),
};
writeFileSync(`${OUT}.json`, `${JSON.stringify(results, null, 2)}\n`);

const lines = [
  `# Surviving mutants (${config.mutate.join(', ')})`,
  '',
  `Written by \`${COMMAND}\` (scripts/mutation-results.mjs) on ${results.date.slice(0, 10)}: score ${results.score}%.`,
  'Each line: where, the mutator, and the code as the mutant changed it. Why the ones left are kept: README, "Mutation testing".',
  '',
];
for (const [path, f] of files) {
  const src = f.source.split('\n');
  const left = f.mutants
    .filter((m) => UNDETECTED.has(m.status))
    .sort(
      (a, b) =>
        a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column,
    );
  if (left.length === 0) continue;
  lines.push(`## ${path} (${left.length})`, '');
  for (const m of left) {
    const { line, column } = m.location.start;
    const code = (src[line - 1] ?? '').trim().slice(0, 100);
    const repl = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80);
    lines.push(
      `- ${line}:${column} ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no test reaches it)' : ''}: \`${code}\` → \`${repl}\``,
    );
  }
  lines.push('');
}
writeFileSync(`${OUT}-survivors.md`, `${lines.join('\n')}`);
console.log(
  `mutation score ${results.score}% (${JSON.stringify(results.counts)}); ${OUT}.json, ${OUT}-survivors.md`,
);
