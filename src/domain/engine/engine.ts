import type { Calendar } from '../calendar.ts';
import { calendarDaysCountingIssueDay, endOnWorkday, workingDaysFrom } from '../deadline.ts';
import type { OrgIndex } from '../org.ts';
import { defaultStepDeadline } from '../step-limits.ts';
import type { DateStr } from '../time.ts';
import { type AwayLookup, actingFor, recusedFrom } from './acting.ts';
import type { Effect } from './effects.ts';
import { acknowledgeStep, approveStep } from './steps.ts';
import type { Answer, Step, StepResponse, WorkflowItem } from './types.ts';

/** What a transition needs besides the item: the moment, the org, the calendar, who is away. */
export interface Env {
  now: Date;
  today: DateStr;
  org: OrgIndex;
  calendar: Calendar;
  away: AwayLookup;
}

/** Why a transition was refused — a closed set, each worded for officials by the bot. */
export type Refusal =
  | 'not_assignee'
  | 'already_decided'
  | 'withdrawn'
  | 'not_active'
  | 'reason_required'
  | 'not_submitter'
  | 'closed'
  | 'stale'
  | 'wrong_answer'
  | 'cannot_withdraw'
  /** The actor submitted the item (or it is their absence): they may not decide it, §8 acting included. */
  | 'own_case';

export type Transition<F = object> =
  | { ok: true; item: WorkflowItem<F>; effects: Effect[] }
  | { ok: false; reason: Refusal; detail?: string };

export interface Act {
  stepId: string;
  /** The round the card was drawn for; a card from an earlier round is stale. */
  round: number;
  actor: string;
  answer: Answer;
  comment?: string;
  /** Countersign: whose answer this is, when the actor could answer for more than one party. */
  party?: string;
}

const ANSWERS: Record<Step['kind'], Answer[]> = {
  approve: ['approve', 'reject'],
  countersign: ['agree', 'agree_with_comments', 'disagree'],
  acknowledge: ['acknowledged'],
  notify: [],
};
const NEEDS_COMMENT: Answer[] = ['reject', 'disagree', 'agree_with_comments'];

const refuse = (reason: Refusal, detail?: string) => ({ ok: false as const, reason, detail });

function trail<F>(
  item: WorkflowItem<F>,
  env: Env,
  e: Omit<WorkflowItem['trail'][number], 'at' | 'round'>,
): void {
  item.trail.push({ at: env.now.toISOString(), round: item.round, ...e });
  item.updatedAt = env.now.toISOString();
}

export function activeStep<F>(item: WorkflowItem<F>): Step | undefined {
  return item.steps.find((s) => s.status === 'active');
}

/** Parties of a step who have not answered yet. */
export function owing(step: Step): string[] {
  return step.parties.filter((p) => !step.responses.some((r) => r.party === p));
}

function activate<F>(item: WorkflowItem<F>, step: Step, env: Env, effects: Effect[]): void {
  step.status = 'active';
  step.activatedAt = env.now.toISOString();
  if (step.due) {
    step.deadline =
      step.due.unit === 'working_days'
        ? workingDaysFrom(env.calendar, step.due.rule, env.today, step.due.amount)
        : endOnWorkday(env.calendar, calendarDaysCountingIssueDay(step.due.rule, env.today, step.due.amount));
  } else if (!step.deadline) {
    // §62: a step the route gives no limit gets its kind's default (rule-limits STEP_LIMIT_DEFAULTS).
    const d = defaultStepDeadline(item as WorkflowItem, step, env.today, env.calendar, env.org);
    if (d) step.deadline = d;
  }
  if (step.kind === 'notify') {
    for (const party of step.parties) {
      step.responses.push({ party, actor: party, answer: 'notified', at: env.now.toISOString() });
      effects.push({ type: 'inform', itemId: item.id, to: { person: party }, about: `notify:${step.id}` });
    }
    step.status = 'done';
    step.completedAt = env.now.toISOString();
    return;
  }
  for (const party of owing(step)) {
    const acting = actingFor(party, env.today, env.org, env.away, recusedFrom(item, step));
    effects.push({
      type: 'ask',
      itemId: item.id,
      stepId: step.id,
      to: acting.person,
      onBehalfOf: acting.onBehalfOf,
    });
  }
}

/** Starts the next waiting steps; when none is left the item is approved. */
function advance<F>(item: WorkflowItem<F>, env: Env, effects: Effect[]): void {
  for (;;) {
    const next = item.steps.find((s) => s.status === 'waiting');
    if (!next) {
      item.status = 'approved';
      item.closedAt = env.now.toISOString();
      effects.push({ type: 'inform', itemId: item.id, to: { person: item.submitter }, about: 'approved' });
      return;
    }
    activate(item, next, env, effects);
    if (next.status === 'active') return;
  }
}

/** Submits an item whose steps are all waiting. */
export function start<F>(draft: WorkflowItem<F>, env: Env): Transition<F> {
  const item = structuredClone(draft);
  const effects: Effect[] = [];
  item.status = 'in_progress';
  trail(item, env, { actor: item.submitter, action: item.round > 1 ? 'resubmit' : 'submit' });
  advance(item, env, effects);
  effects.push({ type: 'refresh', itemId: item.id });
  return { ok: true, item, effects };
}

/**
 * §8: each owing party of the waiting steps, asked of whoever holds their answer today — the party, or
 * whoever acts for them. Used when an absence begins (the stand-in gets the card) and when it ends (the
 * person back at work gets the step back); asking someone who has the card already is a no-op.
 */
export function askActing<F>(item: WorkflowItem<F>, env: Env): Effect[] {
  if (item.status !== 'in_progress') return [];
  // Every step waiting now, not only the first: a workflow may run steps side by side (an
  // instruction's later step opened before the absence began).
  return item.steps
    .filter((s) => s.status === 'active')
    .flatMap((step) =>
      owing(step).map((party): Effect => {
        const acting = actingFor(party, env.today, env.org, env.away, recusedFrom(item, step));
        return acting.person === party
          ? { type: 'ask', itemId: item.id, stepId: step.id, to: party }
          : { type: 'ask', itemId: item.id, stepId: step.id, to: acting.person, onBehalfOf: party };
      }),
    );
}

/** Who holds each owing party's answer of an active step today (§8), by party. */
export function holdersOf<F>(item: WorkflowItem<F>, step: Step, env: Env): Map<string, string> {
  const recused = recusedFrom(item, step);
  return new Map(owing(step).map((p) => [p, actingFor(p, env.today, env.org, env.away, recused).person]));
}

/**
 * Who may give `party`'s answer today: the party, or whoever acts for them while they are away (§8);
 * never one of `recused` (nobody decides their own case, not even on someone's behalf).
 */
export function mayActFor(
  party: string,
  actor: string,
  env: Env,
  recused: readonly string[] = [],
): { ok: boolean; onBehalfOf?: string } {
  if (recused.includes(actor)) return { ok: false };
  if (actor === party) return { ok: true };
  const acting = actingFor(party, env.today, env.org, env.away, recused);
  return acting.person === actor ? { ok: true, onBehalfOf: party } : { ok: false };
}

function closedRefusal<F>(item: WorkflowItem<F>): Transition<F> | undefined {
  if (item.status === 'withdrawn') return refuse('withdrawn');
  if (item.status !== 'in_progress') return refuse('closed', item.status);
  return undefined;
}

/** An answer on the active step: approve / reject, agree / disagree, acknowledge. */
export function act<F>(current: WorkflowItem<F>, a: Act, env: Env): Transition<F> {
  const step0 = current.steps.find((s) => s.id === a.stepId);
  if (!step0) return refuse('stale', 'unknown step');
  if (a.round !== current.round) return refuse('stale', 'earlier round');
  if (step0.status === 'done' || step0.status === 'rejected') {
    return refuse('already_decided', step0.responses.map((r) => `${r.actor}:${r.answer}`).join(','));
  }
  const closed = closedRefusal(current);
  if (closed) return closed;
  if (step0.status !== 'active') return refuse('not_active');
  if (!ANSWERS[step0.kind].includes(a.answer)) return refuse('wrong_answer', a.answer);

  const recused = recusedFrom(current, step0);
  const candidates = a.party ? [a.party] : step0.parties;
  let party: string | undefined;
  let onBehalfOf: string | undefined;
  let answeredAlready = false;
  for (const p of candidates) {
    if (!step0.parties.includes(p)) continue;
    const may = mayActFor(p, a.actor, env, recused);
    if (!may.ok) continue;
    if (step0.responses.some((r) => r.party === p)) {
      answeredAlready = true;
      continue;
    }
    party = p;
    onBehalfOf = may.onBehalfOf;
    break;
  }
  if (!party) {
    if (answeredAlready) return refuse('already_decided');
    return recused.includes(a.actor) ? refuse('own_case') : refuse('not_assignee');
  }
  const comment = a.comment?.trim();
  if (NEEDS_COMMENT.includes(a.answer) && !comment) return refuse('reason_required');

  const item = structuredClone(current);
  const step = item.steps.find((s) => s.id === a.stepId)!;
  const effects: Effect[] = [];
  const response: StepResponse = {
    party,
    actor: a.actor,
    ...(onBehalfOf ? { onBehalfOf } : {}),
    answer: a.answer,
    ...(comment ? { comment } : {}),
    at: env.now.toISOString(),
  };
  step.responses.push(response);
  trail(item, env, { actor: a.actor, onBehalfOf, action: a.answer, stepId: step.id, comment });

  if (a.answer === 'reject') {
    step.status = 'rejected';
    step.completedAt = env.now.toISOString();
    item.status = 'rejected';
    effects.push({
      type: 'inform',
      itemId: item.id,
      to: { person: item.submitter },
      about: 'rejected',
      detail: comment,
    });
  } else if (owing(step).length === 0) {
    completeStep(item, step, env, effects);
  }
  effects.push({ type: 'refresh', itemId: item.id });
  return { ok: true, item, effects };
}

function completeStep<F>(item: WorkflowItem<F>, step: Step, env: Env, effects: Effect[]): void {
  step.status = 'done';
  step.completedAt = env.now.toISOString();
  const disagreed = step.responses.some((r) => r.answer === 'disagree');
  if (step.kind === 'countersign' && disagreed && step.escalate) {
    // §24/§50: a disagreement that stands goes to the supervising vice head with each side's reasons.
    const at = item.steps.indexOf(step) + 1;
    const { title, party, rule, statement } = step.escalate;
    const inserted = { insertedAfter: step.id };
    item.steps.splice(
      at,
      0,
      // §24 “由主办部门列明各方理据，提出办理建议，报分管副区长协调”: the reasons first, then the vice head.
      ...(statement
        ? [acknowledgeStep(`${step.id}s`, statement.title, statement.party, statement.rule, inserted)]
        : []),
      approveStep(`${step.id}x`, title, party, rule, inserted),
    );
  }
  advance(item, env, effects);
}

/** §50: at a countersign deadline, silence is recorded as no objection and the route moves on. */
export function expire<F>(current: WorkflowItem<F>, env: Env): Transition<F> | undefined {
  if (current.status !== 'in_progress') return undefined;
  const step0 = activeStep(current);
  if (step0?.kind !== 'countersign' || step0.silence !== 'no_objection' || !step0.deadline) return undefined;
  if (env.today <= step0.deadline.due) return undefined;
  const item = structuredClone(current);
  const step = activeStep(item)!;
  const effects: Effect[] = [];
  for (const party of owing(step)) {
    step.responses.push({
      party,
      actor: 'system',
      answer: 'no_objection_deadline',
      at: env.now.toISOString(),
    });
    trail(item, env, {
      actor: 'system',
      action: 'no_objection_deadline',
      stepId: step.id,
      onBehalfOf: party,
    });
  }
  completeStep(item, step, env, effects);
  effects.push({ type: 'refresh', itemId: item.id });
  return { ok: true, item, effects };
}

/** The submitter withdraws, only before anyone has decided anything in this round. */
export function withdraw<F>(current: WorkflowItem<F>, actor: string, env: Env): Transition<F> {
  if (actor !== current.submitter) return refuse('not_submitter');
  const closed = closedRefusal(current);
  if (closed) return closed;
  const decided = current.steps.some((s) => s.responses.some((r) => r.answer !== 'notified'));
  if (decided) return refuse('cannot_withdraw');
  const item = structuredClone(current);
  item.status = 'withdrawn';
  item.closedAt = env.now.toISOString();
  for (const s of item.steps) if (s.status === 'active' || s.status === 'waiting') s.status = 'cancelled';
  trail(item, env, { actor, action: 'withdraw' });
  return { ok: true, item, effects: [{ type: 'refresh', itemId: item.id }] };
}

/** After a rejection the submitter amends and resubmits; the trail keeps both rounds. */
export function resubmit<F>(current: WorkflowItem<F>, actor: string, fields: F, env: Env): Transition<F> {
  if (actor !== current.submitter) return refuse('not_submitter');
  if (current.status === 'withdrawn') return refuse('withdrawn');
  if (current.status !== 'rejected') return refuse('closed', current.status);
  const item = structuredClone(current);
  item.round += 1;
  item.fields = fields;
  item.closedAt = undefined;
  item.steps = item.steps
    .filter((s) => s.insertedAfter === undefined)
    .map((s) => ({
      ...s,
      status: 'waiting',
      responses: [],
      deadline: undefined,
      activatedAt: undefined,
      completedAt: undefined,
    }));
  return start(item, env);
}
