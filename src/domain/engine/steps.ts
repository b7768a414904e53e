import type { DueSpec, Step, StepKind } from './types.ts';

/**
 * A step of a route, waiting until the route reaches it: the engine activates it and sets its deadline
 * from `due` then. `more` carries the rest (due, silence, escalate, insertedAfter).
 */
export function waitingStep(
  id: string,
  kind: StepKind,
  title: string,
  parties: string[],
  rule: string,
  more: Partial<Step> = {},
): Step {
  return { id, kind, title, rule, parties, status: 'waiting', responses: [], ...more };
}

/** One person approves or rejects. */
export const approveStep = (id: string, title: string, party: string, rule: string, more?: Partial<Step>) =>
  waitingStep(id, 'approve', title, [party], rule, more);

/** Several people answer agree / disagree (§50). */
export const countersignStep = (
  id: string,
  title: string,
  parties: string[],
  rule: string,
  more?: Partial<Step>,
) => waitingStep(id, 'countersign', title, parties, rule, more);

/** One person confirms it is done (a draft, a payment, a list sent). */
export const acknowledgeStep = (
  id: string,
  title: string,
  party: string,
  rule: string,
  more?: Partial<Step>,
) => waitingStep(id, 'acknowledge', title, [party], rule, more);

/** A limit of `RULE_LIMITS` as a step's due spec. */
export const dueOf = (l: DueSpec): DueSpec => ({ rule: l.rule, unit: l.unit, amount: l.amount });
