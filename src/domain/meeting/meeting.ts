import { actingFor } from '../engine/acting.ts';
import type { Effect } from '../engine/effects.ts';
import { type Env, start } from '../engine/engine.ts';
import type { Step } from '../engine/types.ts';
import type { LeaveItem } from '../leave/types.ts';
import { defaultStepDeadline } from '../step-limits.ts';
import type { DateStr } from '../time.ts';
import { MEETING_KIND_LABEL, type TopicItem } from '../topic/types.ts';
import { inviteesOf } from './invitees.ts';
import {
  type Attendee,
  MEETING_STEP,
  type MeetingFields,
  type MeetingItem,
  type MeetingTopic,
} from './types.ts';
import type { ValidNotice } from './validate.ts';

export type MeetingResult =
  | { ok: true; item: MeetingItem; effects: Effect[]; topics: TopicItem[]; leaves: LeaveItem[] }
  | { ok: false; text: string };

const fail = (text: string) => ({ ok: false as const, text });

const unitParties = (attendees: readonly Attendee[]) =>
  attendees.filter((a) => a.role === 'unit').map((a) => a.person);

function replyStep(parties: string[]): Step {
  return {
    id: MEETING_STEP.reply,
    kind: 'acknowledge',
    title: '回复会议通知（参会或请假）',
    rule: '§42',
    parties,
    status: 'waiting',
    responses: [],
  };
}

/** §8: who presides on the meeting day as the leave records stand — the convener, or whoever acts for them. */
const presiderOn = (convener: string, date: DateStr, env: Env) =>
  actingFor(convener, date, env.org, env.away).person;

function topicEntry(env: Env, t: TopicItem): MeetingTopic {
  const reporter = t.fields.deputy ?? env.org.department(t.fields.unit)?.mainHead;
  return {
    id: t.id,
    title: t.title,
    unit: t.fields.unit,
    affected: [...t.fields.affected],
    ...(t.fields.deputy ? { deputy: t.fields.deputy } : {}),
    ...(reporter ? { reporter } : {}),
  };
}

/** The topics point at their meeting, and carry its date. */
function linkTopics(topics: readonly TopicItem[], meetingId: string, date: DateStr, env: Env): TopicItem[] {
  return topics.map((t) => {
    const next = structuredClone(t);
    next.fields.meetingId = meetingId;
    next.fields.meetingDate = date;
    next.updatedAt = env.now.toISOString();
    return next;
  });
}

/** What the leaders and the copied main heads are told, and the office's attendance card (§36). */
function tellOthers(item: MeetingItem, people: readonly Attendee[], about: string): Effect[] {
  const effects: Effect[] = people
    .filter((a) => a.role !== 'unit')
    .map((a) => ({ type: 'inform', itemId: item.id, to: { person: a.person }, about }));
  effects.push({ type: 'inform', itemId: item.id, to: { chat: 'governmentOffice' }, about: 'office' });
  return effects;
}

/**
 * 会议通知 (§36): the government office gives the meeting its time, place and materials deadline; the
 * topics the head (or the chairing vice head) put on that day's agenda are its topics. The units'
 * heads get the notice to answer (参会 / 请假, §42), the leaders and the office director are told, and
 * the office's own card lists everyone's answer as it comes.
 */
export function issueMeeting(
  id: string,
  issuer: string,
  v: ValidNotice,
  topics: readonly TopicItem[],
  env: Env,
): MeetingResult {
  if (topics.length === 0) return fail('这一天没有已确定上会的议题。');
  const attendees = inviteesOf(env.org, v.meeting, topics, v.convener);
  const fields: MeetingFields = {
    ...v,
    presider: presiderOn(v.convener, v.date, env),
    topics: topics.map((t) => topicEntry(env, t)),
    attendees,
    noticeAt: env.now.toISOString(),
  };
  const draft: MeetingItem = {
    id,
    kind: 'meeting',
    title: `${MEETING_KIND_LABEL[v.meeting]}（${v.date}）`,
    submitter: issuer,
    departmentId: env.org.departmentByFunction('government_office').id,
    fields,
    status: 'draft',
    steps: [replyStep(unitParties(attendees))],
    round: 1,
    trail: [],
    createdAt: env.now.toISOString(),
    updatedAt: env.now.toISOString(),
  };
  const t = start(draft, env);
  if (!t.ok) return fail('会议通知未能发出。');
  const effects = [
    ...t.effects.filter((e) => !(e.type === 'inform' && e.about === 'approved')),
    ...tellOthers(t.item, attendees, 'notice'),
  ];
  return { ok: true, item: t.item, effects, topics: linkTopics(topics, id, v.date, env), leaves: [] };
}

/** Re-opens the reply step with `parties` owing (a new round or new invitees), with its due time. */
function reopen(item: MeetingItem, env: Env, fresh: boolean): Effect[] {
  const step = item.steps.find((s) => s.id === MEETING_STEP.reply)!;
  const parties = unitParties(item.fields.attendees);
  if (fresh) step.responses = [];
  step.parties = parties;
  const owing = parties.filter((p) => !step.responses.some((r) => r.party === p));
  if (owing.length === 0) return [];
  step.status = 'active';
  step.activatedAt = env.now.toISOString();
  step.completedAt = undefined;
  const d = defaultStepDeadline(item, step, env.today, env.calendar, env.org);
  if (d) step.deadline = d;
  item.status = 'in_progress';
  item.closedAt = undefined;
  return owing.map((to) => ({ type: 'ask', itemId: item.id, stepId: step.id, to }));
}

/**
 * A second notice for the same meeting after the head put more topics on its day: the new topics' units
 * are invited (and asked to reply), everyone already invited keeps their answer.
 */
export function addTopics(
  current: MeetingItem,
  added: readonly TopicItem[],
  all: readonly TopicItem[],
  env: Env,
): MeetingResult {
  if (added.length === 0) {
    return fail(`该会议通知已发出（${current.id}），没有新确定上会的议题；如需改期请用 /会议改期。`);
  }
  const item = structuredClone(current);
  const f = item.fields;
  const before = new Map(f.attendees.map((a) => [a.person, a]));
  const drawn = inviteesOf(env.org, f.meeting, [...all, ...added], f.convener);
  f.attendees = drawn.map((a) => {
    const old = before.get(a.person);
    return old ? { ...a, reply: old.reply, ...(old.excuse ? { excuse: old.excuse } : {}) } : a;
  });
  f.topics = [...f.topics, ...added.map((t) => topicEntry(env, t))];
  item.trail.push({
    at: env.now.toISOString(),
    actor: 'system',
    action: 'topics_added',
    comment: added.map((t) => t.id).join('、'),
    round: item.round,
  });
  item.updatedAt = env.now.toISOString();
  const newcomers = f.attendees.filter((a) => !before.has(a.person));
  const effects: Effect[] = [
    ...reopen(item, env, false),
    ...tellOthers(item, newcomers, 'notice'),
    { type: 'refresh', itemId: item.id },
  ];
  return { ok: true, item, effects, topics: linkTopics(added, item.id, f.date, env), leaves: [] };
}

/** A §42 excuse that no longer holds (the meeting moved, or its day passed undecided): cancelled. */
function cancelExcuse(
  leave: LeaveItem,
  env: Env,
  action: 'meeting_moved' | 'excuse_lapsed' = 'meeting_moved',
  why = '会议改期，请假随之作废',
): LeaveItem {
  const next = structuredClone(leave);
  next.status = 'withdrawn';
  next.closedAt = env.now.toISOString();
  for (const s of next.steps) if (s.status === 'active' || s.status === 'waiting') s.status = 'cancelled';
  next.trail.push({
    at: env.now.toISOString(),
    actor: 'system',
    action,
    comment: why,
    round: next.round,
  });
  next.updatedAt = env.now.toISOString();
  return next;
}

/**
 * 会议改期: a new round of the notice — new date (and time, place), every invitee asked again, the old
 * notice cards superseded (a tap on one is stale), excuses for the old day void, the leaders told.
 */
export function moveMeeting(
  current: MeetingItem,
  to: { date: DateStr; time?: string; place?: string; materialsDue: DateStr },
  topics: readonly TopicItem[],
  leaves: readonly LeaveItem[],
  env: Env,
): MeetingResult {
  const f0 = current.fields;
  if (f0.date < env.today) return fail(`${current.id} 的会议日期已过，不能改期。`);
  if (to.date === f0.date && (!to.time || to.time === f0.time) && (!to.place || to.place === f0.place)) {
    return fail('新的会议日期、时间和地点与原通知相同，无需改期。');
  }
  const item = structuredClone(current);
  const f = item.fields;
  if (to.date !== f.date) f.movedFrom = [...(f.movedFrom ?? []), f.date];
  f.date = to.date;
  if (to.time) f.time = to.time;
  if (to.place) f.place = to.place;
  f.materialsDue = to.materialsDue;
  f.presider = presiderOn(f.convener, f.date, env);
  f.noticeAt = env.now.toISOString();
  item.title = `${MEETING_KIND_LABEL[f.meeting]}（${f.date}）`;
  item.round += 1;
  const voided = new Set<string>();
  const substitutes: string[] = [];
  for (const a of f.attendees) {
    if (a.excuse && a.excuse.status !== 'rejected') voided.add(a.excuse.leave);
    if (a.excuse?.status === 'approved') substitutes.push(a.excuse.substitute);
    delete a.reply;
    delete a.excuse;
  }
  item.trail.push({
    at: env.now.toISOString(),
    actor: 'system',
    action: 'moved',
    comment: `${f.movedFrom?.at(-1) ?? f.date} → ${f.date}`,
    round: item.round,
  });
  item.updatedAt = env.now.toISOString();
  const cancelled = leaves
    .filter((l) => voided.has(l.id) && (l.status === 'in_progress' || l.status === 'approved'))
    .map((l) => cancelExcuse(l, env));
  const effects: Effect[] = [
    { type: 'refresh', itemId: item.id },
    ...reopen(item, env, true),
    ...tellOthers(item, f.attendees, 'moved'),
    // The stand-ins of the old day: their stand-in is void; the invitee answers the new notice.
    ...substitutes.map(
      (p): Effect => ({ type: 'inform', itemId: item.id, to: { person: p }, about: 'substitute_void' }),
    ),
  ];
  return {
    ok: true,
    item,
    effects,
    topics: linkTopics(
      topics.filter((t) => f.topics.some((x) => x.id === t.id)),
      item.id,
      f.date,
      env,
    ),
    leaves: cancelled,
  };
}

/**
 * The meeting's day has passed: nobody is asked to answer its notice any more (those who never did stay
 * 未回复 on the attendance), and an excuse the convener never decided lapses. The notice is closed.
 */
export function closePastMeeting(
  item: MeetingItem,
  leaves: readonly LeaveItem[],
  env: Env,
): MeetingResult | undefined {
  if (item.fields.date >= env.today || item.status === 'closed' || item.status === 'withdrawn')
    return undefined;
  const next = structuredClone(item);
  for (const s of next.steps) if (s.status === 'active' || s.status === 'waiting') s.status = 'cancelled';
  next.status = 'closed';
  next.closedAt = env.now.toISOString();
  next.trail.push({ at: env.now.toISOString(), actor: 'system', action: 'held', round: next.round });
  next.updatedAt = env.now.toISOString();
  const pending = new Set(
    next.fields.attendees.flatMap((a) => (a.excuse?.status === 'pending' ? [a.excuse.leave] : [])),
  );
  const lapsed = leaves
    .filter((l) => pending.has(l.id) && l.status === 'in_progress')
    .map((l) => cancelExcuse(l, env, 'excuse_lapsed', '会议已召开，请假未经审批，自动作废'));
  // The attendance keeps what happened: an excuse nobody decided is neither granted nor a reply to attend.
  for (const a of next.fields.attendees) {
    if (!a.excuse || !lapsed.some((l) => l.id === a.excuse?.leave)) continue;
    a.excuse = { ...a.excuse, status: 'lapsed' };
    next.trail.push({
      at: env.now.toISOString(),
      actor: 'system',
      action: 'excuse_lapsed',
      comment: a.excuse.leave,
      round: next.round,
    });
  }
  return {
    ok: true,
    item: next,
    effects: [{ type: 'refresh', itemId: next.id }],
    topics: [],
    leaves: lapsed,
  };
}
