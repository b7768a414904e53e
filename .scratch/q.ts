import { parseLeaveLine } from '../commands/leave-line.ts';
import { buildLeaveFormCard } from '../cards/leave-form.ts';
import { validateLeave } from '../src/domain/leave/validate.ts';
import { org } from '../test/helpers/domain.ts';
const now = new Date('2026-11-26T10:00:00+08:00');
const text = '12月1日至12月3日'.repeat(190);
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const l = parseLeaveLine(text, now);
  const t1 = performance.now();
  const v = l.ok ? validateLeave(l.input, 'cao-min', '2026-11-26', org) : undefined;
  const t2 = performance.now();
  const c = l.ok ? JSON.stringify(buildLeaveFormCard({ org, submitter: 'cao-min', values: l.input, problems: v && !v.ok ? v.problems : [] })) : '';
  const t3 = performance.now();
  console.log((t1-t0).toFixed(2), (t2-t1).toFixed(2), (t3-t2).toFixed(2), c.length, l.ok ? JSON.stringify(l.input).slice(0,100) : l);
}
