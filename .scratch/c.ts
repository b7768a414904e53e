import { parseDateSpan, parseDate } from '../src/parse/dates.ts';
import * as chrono from 'chrono-node';
const now = new Date('2026-11-27T10:00:00+08:00');
for (const s of ['12月1.5日', '1e9月1日', '11月26日', '明天', '下周一', '2100年1月1日', '9999年1月1日', '12月1日', '1月5日', '12.5月1日', '１２月1日', '0012月1日', '12月01日', '2026年13月1日', '12月1日-3日', '3月1日至2月1日', '100月1日']) {
  const r = parseDateSpan(s, now);
  const c = chrono.zh.hans.parse(s, new Date(2026, 10, 27, 3), { forwardDate: true })[0];
  console.log(s.padEnd(14), JSON.stringify(r), c ? `${c.text}@${c.index} certainYear=${c.start.isCertain('year')}` : '-');
}
