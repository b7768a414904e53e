// Turns Stryker's report (reports/mutation/mutation.json) into the results the project keeps:
// bench/mutation.json (the score, counts, per-file scores, how long the run took) and
// bench/mutation-survivors.md (every surviving mutant with its line, to read and judge).
import { readFileSync, statSync, writeFileSync } from 'node:fs';

const REPORT = 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(REPORT, 'utf8'));
const config = JSON.parse(readFileSync('stryker.config.json', 'utf8'));

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
  command: 'npm run test:mutation',
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
writeFileSync('bench/mutation.json', `${JSON.stringify(results, null, 2)}\n`);

const lines = [
  '# Surviving mutants (src/domain, src/bot)',
  '',
  `Written by \`npm run test:mutation\` (scripts/mutation-results.mjs) on ${results.date.slice(0, 10)}: score ${results.score}%.`,
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
writeFileSync('bench/mutation-survivors.md', `${lines.join('\n')}`);
console.log(
  `mutation score ${results.score}% (${JSON.stringify(results.counts)}); bench/mutation.json, bench/mutation-survivors.md`,
);
