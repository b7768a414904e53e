import { DATE_WINDOWS, windowOf } from '../date-windows.ts';
import type { Effect } from '../engine/effects.ts';
import { type Act, act, type Env, resubmit, start, type Transition, withdraw } from '../engine/engine.ts';
import type { Step, StepResponse, WorkflowItem } from '../engine/types.ts';
import { type DateStr, isValidDate } from '../time.ts';
import { needsLegalityReview, topicSteps } from './route.ts';
import { type FailedReview, isTopic, TOPIC_STEP, type TopicFields, type TopicItem } from './types.ts';
import type { ValidTopic } from './validate.ts';

const refuse = (reason: 'not_active' | 'wrong_answer' | 'reason_required', detail: string) => ({
  ok: false as const,
  reason,
  detail,
});

function fieldsOf(v: ValidTopic, today: DateStr, failed?: FailedReview[]): TopicFields {
  return { ...v, submittedOn: today, ...(failed?.length ? { failedReviews: failed } : {}) };
}

/**
 * §25: legality reviews failed by an earlier topic of the same unit and title that was sent back or
 * withdrawn — filing it afresh does not dodge the review either.
 */
export function failedBefore(
  items: Iterable<WorkflowItem>,
  v: Pick<ValidTopic, 'unit' | 'title'>,
): FailedReview[] {
  const out: FailedReview[] = [];
  for (const it of items) {
    if (!isTopic(it) || it.fields.unit !== v.unit || it.title.trim() !== v.title.trim()) continue;
    if (it.status !== 'rejected' && it.status !== 'withdrawn') continue;
    for (const f of it.fields.failedReviews ?? []) out.push({ ...f, topic: f.topic ?? it.id });
  }
  return out;
}

/** The government office collects every topic but the business meetings' (§37–§39). */
const officeCollects = (f: TopicFields) => f.meeting !== 'business';

/** Submits a topic: routes it by meeting kind; the submitter tracks it, the government office sees it. */
export function submitTopic(
  id: string,
  submitter: string,
  v: ValidTopic,
  env: Env,
  failed: FailedReview[] = [],
): Transition<TopicFields> {
  const fields = fieldsOf(v, env.today, failed);
  const draft: TopicItem = {
    id,
    kind: 'topic',
    title: v.title,
    submitter,
    departmentId: v.unit,
    fields,
    status: 'draft',
    steps: topicSteps(env.org, fields, submitter),
    round: 1,
    trail: [],
    createdAt: env.now.toISOString(),
    updatedAt: env.now.toISOString(),
  };
  const t = start(draft, env);
  if (!t.ok) return t;
  const effects: Effect[] = [
    ...t.effects,
    { type: 'inform', itemId: id, to: { person: submitter }, about: 'tracker' },
  ];
  if (officeCollects(fields)) {
    effects.push({ type: 'inform', itemId: id, to: { chat: 'governmentOffice' }, about: 'filed' });
  }
  return { ok: true, item: t.item, effects };
}

/**
 * §25: a topic that needs a legality review may not move past it until the review passed — a major
 * decision that failed or skipped review can not go on. Steps before the review are not held back.
 */
export function legalityBlocks(item: TopicItem, stepId: string): boolean {
  if (!needsLegalityReview(item.fields)) return false;
  if (stepId === TOPIC_STEP.legality || stepId.startsWith(TOPIC_STEP.consult)) return false;
  const review = item.steps.find((s) => s.id === TOPIC_STEP.legality);
  const passed = review?.status === 'done' && review.responses.some((r) => r.answer === 'approve');
  return !passed;
}

/**
 * An answer on a topic's step. The head's (or chairing vice head's) approval carries the meeting date,
 * which is recorded on the topic (§38–§40); the office is told it is on the agenda.
 */
export function decideTopic(
  item: TopicItem,
  a: Act,
  env: Env,
  meetingDate?: DateStr,
): Transition<TopicFields> {
  const deciding = a.stepId === TOPIC_STEP.decide && a.answer === 'approve';
  if (a.answer === 'approve' || a.answer === 'agree' || a.answer === 'agree_with_comments') {
    if (legalityBlocks(item, a.stepId)) return refuse('not_active', '§25 合法性审查未通过');
  }
  // §24: the submitting unit's statement of each side's reasons is what the vice head coordinates on.
  if (a.stepId === TOPIC_STEP.statement && !a.comment?.trim()) return refuse('reason_required', 'statement');
  const latest = windowOf(DATE_WINDOWS.meetingDate, env.today).to;
  if (
    deciding &&
    (!meetingDate || !isValidDate(meetingDate) || meetingDate < env.today || meetingDate > latest)
  ) {
    return refuse('wrong_answer', 'meeting_date');
  }
  const t = act(item, a, env);
  if (t.ok && a.stepId === TOPIC_STEP.legality && a.answer === 'reject') {
    // §25: a failed review stays with the topic through every later round, shown to every approver.
    const r = t.item.steps.find((s) => s.id === TOPIC_STEP.legality)!.responses.at(-1)!;
    t.item.fields.failedReviews = [
      ...(t.item.fields.failedReviews ?? []),
      {
        round: t.item.round,
        on: env.today,
        by: r.actor,
        ...(r.onBehalfOf ? { onBehalfOf: r.onBehalfOf } : {}),
        comment: r.comment ?? '',
      },
    ];
  }
  if (!t.ok || !deciding || t.item.status !== 'approved') return t;
  t.item.fields.meetingDate = meetingDate;
  const effects = [...t.effects];
  if (officeCollects(t.item.fields)) {
    effects.push({ type: 'inform', itemId: item.id, to: { chat: 'governmentOffice' }, about: 'scheduled' });
  }
  return { ok: true, item: t.item, effects };
}

/** After a rejection the submitter amends it; the route is drawn again, since the units may have changed. */
export function resubmitTopic(
  item: TopicItem,
  actor: string,
  v: ValidTopic,
  env: Env,
): Transition<TopicFields> {
  const fields = fieldsOf(v, env.today, item.fields.failedReviews);
  const rerouted: TopicItem = { ...item, title: v.title, departmentId: v.unit };
  if (item.status === 'rejected') rerouted.steps = topicSteps(env.org, fields, item.submitter);
  return resubmit(rerouted, actor, fields, env);
}

export function withdrawTopic(item: TopicItem, actor: string, env: Env): Transition<TopicFields> {
  return withdraw(item, actor, env);
}

/** 上会: the minutes of the meeting that took the topic up are recorded; it leaves the agenda. */
export function markHeld(
  item: TopicItem,
  minutesId: string,
  env: Env,
): { item: TopicItem; effects: Effect[] } {
  const next = structuredClone(item);
  next.fields.heldIn = minutesId;
  next.trail.push({
    at: env.now.toISOString(),
    actor: 'system',
    action: 'held',
    comment: minutesId,
    round: next.round,
  });
  next.updatedAt = env.now.toISOString();
  return { item: next, effects: [{ type: 'refresh', itemId: item.id }] };
}

/** One unit's (or leader's) answer in the consultation; `answer` undefined while it is still owed. */
export interface ConsultationResult {
  party: string;
  response?: StepResponse;
}

/** The consultation round of a topic (§38, §50), each party with their answer, in route order. */
export function consultationOf(item: TopicItem): { step: Step; results: ConsultationResult[] } | undefined {
  const step = item.steps.find((s) => s.id === TOPIC_STEP.consult);
  if (!step) return undefined;
  return {
    step,
    results: step.parties.map((party) => ({
      party,
      response: step.responses.find((r) => r.party === party),
    })),
  };
}
