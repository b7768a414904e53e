import { parseDateSpan, parseDate } from '../src/parse/dates.ts';
const now = new Date('2026-11-26T10:00:00+08:00');
for (const [label, s] of [
  ['一 x200', '一'.repeat(200)], ['一 x1000', '一'.repeat(1000)], ['一 x2000', '一'.repeat(2000)],
  ['digits 200', '1'.repeat(200)], ['digits 1000', '1'.repeat(1000)], ['digits 2000', '1'.repeat(2000)],
  ['12月1日 x 30', '12月1日至12月3日 '.repeat(30)], ['mix 300', '12月一日'.repeat(60)],
  ['十 x300', '十'.repeat(300)], ['月日 300', '1月1日'.repeat(75)], ['至 300', '12月1日至'.repeat(60)],
] as const) {
  const t0 = performance.now(); parseDateSpan(s, now); const t1 = performance.now();
  console.log(label, s.length, (t1 - t0).toFixed(1), 'ms');
}
console.log('---');
for (const [label, s] of [
  ['一 x100', '一'.repeat(100)], ['十一月 x33', '十一月'.repeat(33)], ['下周一 x33', '下周一'.repeat(33)], ['明天 x50', '明天'.repeat(50)],
  ['1日 x50', '1日'.repeat(50)], ['一月一日 x25', '一月一日'.repeat(25)], ['二十 x50', '二十'.repeat(50)], ['点 x50', '1点'.repeat(50)], ['上午 x50', '上午'.repeat(50)],
  ['一 x400', '一'.repeat(400)],['数 400', '１'.repeat(400)],
] as const) {
  let best = 1e9;
  for (let i = 0; i < 3; i++) { const t0 = performance.now(); parseDateSpan(s, now); best = Math.min(best, performance.now() - t0); }
  console.log(label, s.length, best.toFixed(2), 'ms');
}
console.log('--- 60');
for (const [label, s] of [
  ['dates 60', '12月1日至12月3日'.repeat(6)], ['dates 120', '12月1日至12月3日'.repeat(12)], ['一 60', '一'.repeat(60)], ['下周一 60', '下周一'.repeat(20)],['明天至 60', '明天至后天'.repeat(12)],
] as const) {
  let best = 1e9;
  for (let i = 0; i < 5; i++) { const t0 = performance.now(); parseDateSpan(s, now); best = Math.min(best, performance.now() - t0); }
  console.log(label, s.length, best.toFixed(2), 'ms');
}
