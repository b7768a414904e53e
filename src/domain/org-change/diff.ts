import type { Department, Org, Person } from '../org.ts';

/** 组织架构变动 — what changed between the org in use and the one that replaces it (people by id). */
export interface OrgChanges {
  joined: Person[];
  left: Person[];
  /** Name or title changed. */
  renamed: Array<{ before: Person; after: Person }>;
  /** A unit's main head changed (主要负责人). */
  mainHeads: Array<{ unit: Department; from: string; to: string }>;
  /** Someone now in another unit, or in a unit's leadership (副职) or out of it. */
  moved: Array<{ person: string; from?: string; to?: string }>;
  unitsAdded: Department[];
  unitsRemoved: Department[];
  /** The leaders' block, functions, supervisors, chats or schedule: named by what changed. */
  roles: string[];
}

/** Deep equality with keys in any order (a hand-written file and an import order fields differently). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function placeOf(org: Org): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of org.departments) {
    out.set(d.mainHead, `${d.id}:main`);
    for (const p of d.deputies) if (!out.has(p)) out.set(p, `${d.id}:deputy`);
    for (const p of d.staff) if (!out.has(p)) out.set(p, `${d.id}:staff`);
  }
  return out;
}

/** Compares two validated orgs; an empty result (`isUnchanged`) means nothing to tell anyone. */
export function diffOrgs(prev: Org, next: Org): OrgChanges {
  const before = new Map(prev.people.map((p) => [p.id, p]));
  const after = new Map(next.people.map((p) => [p.id, p]));
  const units = new Map(prev.departments.map((d) => [d.id, d]));
  const nextUnits = new Map(next.departments.map((d) => [d.id, d]));
  const placeBefore = placeOf(prev);
  const placeAfter = placeOf(next);
  const moved: OrgChanges['moved'] = [];
  for (const p of next.people) {
    const a = placeBefore.get(p.id);
    const b = placeAfter.get(p.id);
    // A main head's change is told once, as such; a newcomer is told as joining.
    if (a === b || !before.has(p.id) || b?.endsWith(':main') || a?.endsWith(':main')) continue;
    moved.push({ person: p.id, ...(a ? { from: a } : {}), ...(b ? { to: b } : {}) });
  }
  const roles: string[] = [];
  const L0 = prev.leaders;
  const L1 = next.leaders;
  const sameLeader = (k: keyof typeof L0) => same(L0[k], L1[k]);
  if (!sameLeader('head')) roles.push('head');
  if (!sameLeader('executiveViceHead')) roles.push('executiveViceHead');
  if (!sameLeader('viceHeads')) roles.push('viceHeads');
  if (!sameLeader('designatedPresider')) roles.push('designatedPresider');
  if (!sameLeader('officeDirector')) roles.push('officeDirector');
  const fields = (o: Org, k: 'supervisor' | 'function' | 'kind' | 'name') =>
    o.departments.map((d) => [d.id, d[k]]);
  for (const k of ['supervisor', 'function', 'kind', 'name'] as const)
    if (!same(fields(prev, k), fields(next, k))) roles.push(`departments.${k}`);
  if (!same(prev.chats, next.chats)) roles.push('chats');
  if (!same(prev.schedule, next.schedule)) roles.push('schedule');
  if (prev.district !== next.district) roles.push('district');
  return {
    joined: next.people.filter((p) => !before.has(p.id)),
    left: prev.people.filter((p) => !after.has(p.id)),
    renamed: next.people.flatMap((p) => {
      const b = before.get(p.id);
      return b && (b.name !== p.name || b.title !== p.title) ? [{ before: b, after: p }] : [];
    }),
    mainHeads: next.departments.flatMap((d) => {
      const b = units.get(d.id);
      return b && b.mainHead !== d.mainHead ? [{ unit: d, from: b.mainHead, to: d.mainHead }] : [];
    }),
    moved,
    unitsAdded: next.departments.filter((d) => !units.has(d.id)),
    unitsRemoved: prev.departments.filter((d) => !nextUnits.has(d.id)),
    roles,
  };
}

export const isUnchanged = (c: OrgChanges): boolean =>
  c.joined.length + c.left.length + c.renamed.length + c.mainHeads.length + c.moved.length === 0 &&
  c.unitsAdded.length + c.unitsRemoved.length + c.roles.length === 0;
