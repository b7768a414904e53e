import type { Department, OrgIndex, Person } from '../org.ts';

const clean = (w: string) => w.trim().replace(/^[:：]/, '');

/** A department as officials write it: 区财政局, 财政局, 区住建局, or its id — when only one department fits. */
export function resolveDepartment(org: OrgIndex, word: string): Department | undefined {
  const w = clean(word);
  if (!w) return undefined;
  const all = org.departments();
  const exact = all.find(
    (d) => d.id === w || d.name === w || d.name === `区${w}` || d.name.replace(/^区/, '') === w,
  );
  if (exact) return exact;
  if ([...w].length < 2) return undefined;
  const partial = all.filter((d) => d.name.includes(w));
  if (partial.length === 1) return partial[0];
  // 区住建局, 区卫健局, 人社局: the usual short names keep the full name's characters in order.
  const short = all.filter((d) => isAbbreviation(w.replace(/^区/, ''), d.name.replace(/^区/, '')));
  return short.length === 1 ? short[0] : undefined;
}

function isAbbreviation(short: string, full: string): boolean {
  const s = [...short];
  const f = [...full];
  if (s.length < 3 || s[0] !== f[0] || s.at(-1) !== f.at(-1)) return false;
  let i = 0;
  for (const c of f) if (c === s[i]) i++;
  return i === s.length;
}

/** A district leader (区政府领导) by name or id. */
export function resolveLeader(org: OrgIndex, word: string): Person | undefined {
  const w = clean(word);
  return org.leaders().find((p) => p.id === w || p.name === w);
}
