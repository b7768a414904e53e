import type { Env } from '../engine/engine.ts';
import type { Capacity, Step, TrailEntry } from '../engine/types.ts';
import { actsForLeader, isMember } from './parties.ts';
import { parseStepId, type StepRef } from './steps.ts';
import type { DepartmentPart, InstructionItem, InstructionRefusal } from './types.ts';

export const refuse = (reason: InstructionRefusal, detail?: string) => ({
  ok: false as const,
  reason,
  detail,
});

export const deptOf = (env: Env, part: DepartmentPart) => env.org.department(part.dept);

export function record(item: InstructionItem, env: Env, e: Omit<TrailEntry, 'at' | 'round'>): void {
  item.trail.push({ at: env.now.toISOString(), round: item.round, ...e });
  item.updatedAt = env.now.toISOString();
}

/**
 * Answers the step for its party and writes the trail: `answer` is what the step shows,
 * `trail` what the ledger keeps (the action, and its own comment).
 */
export function completeStep(
  item: InstructionItem,
  id: string,
  env: Env,
  answer: Omit<Step['responses'][number], 'at' | 'party'>,
  trail: Omit<TrailEntry, 'at' | 'round' | 'actor' | 'onBehalfOf' | 'stepId'>,
): Step {
  const step = item.steps.find((s) => s.id === id)!;
  step.responses.push({ party: step.parties[0]!, at: env.now.toISOString(), ...answer });
  step.status = 'done';
  step.completedAt = env.now.toISOString();
  const { actor, onBehalfOf, capacity } = answer;
  record(item, env, {
    actor,
    ...(onBehalfOf ? { onBehalfOf } : {}),
    ...(capacity ? { capacity } : {}),
    stepId: step.id,
    ...trail,
  });
  return step;
}

/** A yes/no answer on a review, a close-out or an extension (§56, §58), possibly given for the leader (§8). */
export interface Decision {
  stepId: string;
  actor: string;
  onBehalfOf?: string;
  capacity?: Capacity;
  yes: boolean;
  comment?: string;
}

/** Who decided, when and why: what a review, a verdict or an extension decision keeps. */
export interface Signed {
  by: string;
  onBehalfOf?: string;
  capacity?: Capacity;
  at: string;
  comment?: string;
}

/** Finishes the decided step (approve / reject) with its trail entry `action`, and returns the signature. */
export function decideStep(item: InstructionItem, d: Decision, env: Env, action: string): Signed {
  const who = {
    ...(d.onBehalfOf ? { onBehalfOf: d.onBehalfOf } : {}),
    ...(d.capacity ? { capacity: d.capacity } : {}),
  };
  const why = d.comment ? { comment: d.comment } : {};
  const answer = d.yes ? 'approve' : 'reject';
  completeStep(
    item,
    d.stepId,
    env,
    { actor: d.actor, ...who, answer, ...why },
    { action, comment: d.comment },
  );
  return { by: d.actor, ...who, at: env.now.toISOString(), ...why };
}

type Found<T extends StepRef['type']> =
  | { ok: true; ref: Extract<StepRef, { type: T }>; step: Step }
  | { ok: false; reason: InstructionRefusal; detail?: string };

export function activeStepOf<T extends StepRef['type']>(
  item: InstructionItem,
  id: string,
  type: T,
): Found<T> {
  const ref = parseStepId(id);
  const step = item.steps.find((s) => s.id === id);
  if (!ref || ref.type !== type || !step) return refuse('stale');
  if (step.status !== 'active') return refuse('already_done', step.responses.at(-1)?.actor);
  return { ok: true, ref: ref as Extract<StepRef, { type: T }>, step };
}

/** The part of the item the actor reports for: the one asked for, or the first department they belong to. */
export function partFor(item: InstructionItem, actor: string, env: Env, asked?: number): number {
  if (asked !== undefined) return isMember(deptOf(env, item.fields.parts[asked]!), actor) ? asked : -1;
  return item.fields.parts.findIndex((p) => isMember(deptOf(env, p), actor));
}

/**
 * What every decision of the issuing leader checks first (销号, 延期): the item is open, the step still
 * waits, the actor is the leader or acts for them (§8; the supervision office too where `supervision`),
 * is not the author of what is judged (the step's `recused`), and a "no" comes with a reason.
 */
export function leaderDecision<T extends StepRef['type']>(
  current: InstructionItem,
  a: { stepId: string; actor: string; yes: boolean; comment?: string },
  type: T,
  env: Env,
  supervision: boolean,
):
  | {
      ok: true;
      ref: Extract<StepRef, { type: T }>;
      onBehalfOf?: string;
      capacity?: Capacity;
      comment?: string;
    }
  | { ok: false; reason: InstructionRefusal; detail?: string } {
  if (current.status !== 'in_progress') return refuse('closed');
  const found = activeStepOf(current, a.stepId, type);
  if (!found.ok) return found;
  const who = actsForLeader(current.fields.leader, a.actor, env, supervision, found.step.recused);
  if (!who.ok) return who.ownCase ? refuse('own_case') : refuse('not_issuer', current.fields.leader);
  const comment = a.comment?.trim();
  if (!a.yes && !comment) return refuse('reason_required');
  return { ok: true, ref: found.ref, onBehalfOf: who.onBehalfOf, capacity: who.capacity, comment };
}
