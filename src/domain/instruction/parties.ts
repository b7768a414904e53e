import type { Env } from '../engine/engine.ts';
import { mayActFor } from '../engine/engine.ts';
import type { Capacity } from '../engine/types.ts';
import type { Department, OrgIndex } from '../org.ts';

/** Everyone the org file lists in a department: main head, deputies, staff. */
export function membersOf(dept: Department): string[] {
  return [...new Set([dept.mainHead, ...dept.deputies, ...dept.staff])];
}

export function isMember(dept: Department | undefined, person: string): boolean {
  return dept !== undefined && membersOf(dept).includes(person);
}

/**
 * 区政府督查室 (§56–§58) keeps the ledger and closes items out; the office director heads the
 * government office it belongs to (区政府办公室（区政府督查室）, §57), so counts as one of it.
 */
export function isSupervisionStaff(org: OrgIndex, person: string): boolean {
  if (person === org.officeDirector().id) return true;
  const dept = org.departments().find((d) => d.function === 'supervision');
  return isMember(dept, person);
}

/**
 * Who may speak for the issuing leader: the leader, whoever acts for them (§8), or — when `supervision` —
 * the supervision office in its own name (§58). Never one of `recused` (the author of what is judged).
 */
export function actsForLeader(
  leader: string,
  actor: string,
  env: Env,
  supervision: boolean,
  recused: readonly string[] = [],
): { ok: true; onBehalfOf?: string; capacity?: Capacity } | { ok: false; ownCase?: true } {
  if (recused.includes(actor)) return { ok: false, ownCase: true };
  const may = mayActFor(leader, actor, env, recused);
  if (may.ok) return may.onBehalfOf ? { ok: true, onBehalfOf: may.onBehalfOf } : { ok: true };
  if (supervision && isSupervisionStaff(env.org, actor)) return { ok: true, capacity: 'supervision' };
  return { ok: false };
}
