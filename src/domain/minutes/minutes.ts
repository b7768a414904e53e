import type { Effect } from '../engine/effects.ts';
import { type Act, act, type Env, resubmit, start, type Transition } from '../engine/engine.ts';
import type { WorkflowItem } from '../engine/types.ts';
import { formatCn } from '../time.ts';
import { scheduledTopics } from '../topic/agenda.ts';
import { markHeld } from '../topic/topic.ts';
import { MEETING_KIND_LABEL, type TopicItem } from '../topic/types.ts';
import { meetingRecordOf } from './meeting-record.ts';
import { issueDeadline, legalityDeadline, minutesSteps, withMinutesDeadlines } from './route.ts';
import { MINUTES_STEP, type MinutesFields, type MinutesItem } from './types.ts';
import type { ValidMinutes } from './validate.ts';

export interface Recorded {
  minutes: MinutesItem;
  effects: Effect[];
  /** The topics it took up, now off the agenda, with their cards to refresh. */
  topics: Array<{ item: TopicItem; effects: Effect[] }>;
}

/**
 * 会议纪要: records a meeting held and starts its minutes route, each step due by the issue limit
 * counted from the meeting day (§38–§40); the topics it took up leave the agenda.
 */
export function recordMinutes(
  id: string,
  recorder: string,
  v: ValidMinutes,
  items: Iterable<WorkflowItem>,
  env: Env,
): { ok: true; value: Recorded } | { ok: false; reason: string } {
  const all = [...items];
  const scheduled = scheduledTopics(all, v.meeting);
  const chosen = v.topics.map((t) => scheduled.find((s) => s.id === t.id)).filter((s): s is TopicItem => !!s);
  const fields: MinutesFields = {
    ...v,
    ...meetingRecordOf(v, chosen, all),
    issueBy: issueDeadline(env.calendar, v),
    ...(v.legal ? { legalityBy: legalityDeadline(env.calendar, v.heldOn) } : {}),
  };
  const title = `${formatCn(v.heldOn, env.today)}${MEETING_KIND_LABEL[v.meeting]}纪要`;
  const draft: MinutesItem = {
    id,
    kind: 'minutes',
    title,
    submitter: recorder,
    departmentId: v.drafter,
    fields,
    status: 'draft',
    steps: minutesSteps(env.org, fields, recorder),
    round: 1,
    trail: [],
    createdAt: env.now.toISOString(),
    updatedAt: env.now.toISOString(),
  };
  const t = start(draft, env);
  if (!t.ok) return { ok: false, reason: t.reason };
  const topics = chosen.map((s) => markHeld(s, id, env));
  return {
    ok: true,
    value: {
      minutes: t.item,
      effects: [...t.effects, { type: 'inform', itemId: id, to: { person: recorder }, about: 'tracker' }],
      topics,
    },
  };
}

/**
 * An answer on a minutes step. Signing issues the minutes (the §56 payment clock starts that day, and
 * the office and the supervision office are told what was decided); the finance bureau reports payment.
 */
export function decideMinutes(item: MinutesItem, a: Act, env: Env): Transition<MinutesFields> {
  const t = act(item, a, env);
  if (!t.ok) return t;
  const step = t.item.steps.find((s) => s.id === a.stepId);
  const effects = [...t.effects];
  if (a.stepId === MINUTES_STEP.sign && step?.status === 'done') {
    t.item.fields.issuedOn = env.today;
    effects.push(
      { type: 'inform', itemId: item.id, to: { chat: 'governmentOffice' }, about: 'issued' },
      { type: 'inform', itemId: item.id, to: { chat: 'supervision' }, about: 'issued' },
    );
  }
  if (a.stepId === MINUTES_STEP.pay && step?.status === 'done') t.item.fields.paidOn = env.today;
  if (a.stepId === MINUTES_STEP.party && step?.status === 'done') {
    t.item.fields.reportedOn = env.today;
    effects.push({ type: 'inform', itemId: item.id, to: { chat: 'supervision' }, about: 'reported' });
  }
  return { ok: true, item: t.item, effects };
}

/** After the head or a reviewer sent the draft back: the route runs again, due by the same issue day. */
export function resubmitMinutes(item: MinutesItem, actor: string, env: Env): Transition<MinutesFields> {
  const t = resubmit(item, actor, item.fields, env);
  if (!t.ok) return t;
  // The engine clears deadlines on a new round; the issue day still counts from the meeting.
  t.item.steps = withMinutesDeadlines(t.item.steps, item.fields);
  return t;
}
