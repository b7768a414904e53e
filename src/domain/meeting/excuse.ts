import { advanceNoticeDays } from '../deadline.ts';
import type { Effect } from '../engine/effects.ts';
import { type Env, start } from '../engine/engine.ts';
import { approveStep } from '../engine/steps.ts';
import { homeUnit } from '../leave/route.ts';
import { EXCUSE_REASON_LABEL, type ExcuseReason, LEAVE_TYPE_LABEL, type LeaveItem } from '../leave/types.ts';
import type { OrgIndex } from '../org.ts';
import type { Attendee, MeetingExcuse, MeetingItem, MeetingTopic } from './types.ts';

/** What the excuse form on the notice card carries (strings as sent). */
export interface ExcuseInput {
  why?: string;
  topic?: string;
  substitute?: string;
  note?: string;
}

export const EXCUSE_LIMITS = { note: 200 } as const;

export interface ValidExcuse {
  why: ExcuseReason;
  topic?: string;
  substitute: string;
  note: string;
}

const reasonsText = Object.values(EXCUSE_REASON_LABEL).join('；');

/** §42, said when a reason outside the list is given. */
export const EXCUSE_REASONS_USAGE = `§42 只有以下原因可以请假：${reasonsText}。其他原因原则上不应请假，请按通知参会。`;

/**
 * Who may attend in an invitee's place (§42):
 * - at a business meeting, the unit's deputy for the topic who can not come is replaced by the unit's
 *   main head — nobody else (§42 second paragraph, 不得委派与议题不相关的其他人员“代会”“替会”);
 * - otherwise a unit's main head sends the deputy responsible for that topic: the deputy the submitting
 *   unit named on it (§38 汇报人); for a unit the topic only affects, or a plenary without a topic of
 *   theirs, the seed names nobody in particular, so any deputy of that unit (分管负责同志).
 */
export function substitutesFor(
  org: OrgIndex,
  m: MeetingItem,
  a: Attendee,
  topic: MeetingTopic | undefined,
): string[] {
  const unit = topic ? a.units.find((u) => u === topic.unit || topic.affected.includes(u)) : a.units[0];
  const dept = unit ? org.department(unit) : org.departmentOf(a.person);
  if (!dept) return [];
  if (m.fields.meeting === 'business' && dept.mainHead !== a.person) return [dept.mainHead];
  if (topic && topic.unit === dept.id && topic.deputy) return topic.deputy === a.person ? [] : [topic.deputy];
  return dept.deputies.filter((p) => p !== a.person);
}

/** Checks an excuse from the notice card; the refusals name the rule and the right choice. */
export function validateExcuse(
  m: MeetingItem,
  actor: string,
  input: ExcuseInput,
  env: Env,
): { ok: true; value: ValidExcuse } | { ok: false; text: string } {
  const a = m.fields.attendees.find((x) => x.person === actor && x.role === 'unit')!;
  if (a.excuse?.status === 'pending') return { ok: false, text: '您的请假已提交，正在等待会议召集人审批。' };
  if (a.excuse?.status === 'approved') return { ok: false, text: '您的请假已获批准，无需再次申请。' };
  const why = input.why as ExcuseReason;
  if (!Object.hasOwn(EXCUSE_REASON_LABEL, why ?? ''))
    return { ok: false, text: `请选择请假原因。${EXCUSE_REASONS_USAGE}` };
  let topicId = input.topic?.trim() || undefined;
  if (!topicId && a.topics.length === 1) topicId = a.topics[0];
  if (a.topics.length > 0 && (!topicId || !a.topics.includes(topicId))) {
    return { ok: false, text: '请选择您不能参加的议题（须是本次会议上您单位的议题，§42）。' };
  }
  const topic = topicId ? m.fields.topics.find((t) => t.id === topicId) : undefined;
  const allowed = substitutesFor(env.org, m, a, topic);
  const name = (p: string) => env.org.person(p)?.name ?? p;
  const substitute = input.substitute?.trim() ?? '';
  if (!allowed.includes(substitute)) {
    if (allowed.length === 0) {
      return { ok: false, text: '本单位没有可代会的分管负责同志，请按通知参会，或联系区政府办公室（§42）。' };
    }
    const who = allowed.map(name).join('、');
    const rule =
      m.fields.meeting === 'business'
        ? `§42：参加业务会议的分管负责同志不能参会的，由部门主要负责人（${who}）参加`
        : `§42：不能出席的，须委托与议题相关的分管负责同志（${who}）参加`;
    return { ok: false, text: `${rule}，不得委派与议题不相关的其他人员“代会”“替会”。` };
  }
  if (env.away(substitute, m.fields.date)) {
    return { ok: false, text: `代会人${name(substitute)}会议当天不在岗，请联系区政府办公室另行安排。` };
  }
  const note = (input.note ?? '').trim();
  if ([...note].length > EXCUSE_LIMITS.note) {
    return { ok: false, text: `说明最多${EXCUSE_LIMITS.note}字，您填写了${[...note].length}字。` };
  }
  return { ok: true, value: { why, ...(topicId ? { topic: topicId } : {}), substitute, note } };
}

/**
 * Files a §42 excuse as a leave of type `meeting_excuse`, tied to the meeting and topic: the convener
 * approves it (§8: whoever acts for them if they are away), due before the meeting. It is no absence
 * from the district: no 离阜报备, no acting plan, no /销假.
 */
export function fileExcuse(
  id: string,
  m: MeetingItem,
  actor: string,
  v: ValidExcuse,
  env: Env,
): { item: LeaveItem; effects: Effect[]; excuse: MeetingExcuse } | undefined {
  const f = m.fields;
  const person = env.org.person(actor);
  const draft: LeaveItem = {
    id,
    kind: 'leave',
    title: `${person?.name ?? actor} ${LEAVE_TYPE_LABEL.meeting_excuse}`,
    submitter: actor,
    departmentId: homeUnit(env.org, actor)?.id,
    fields: {
      type: 'meeting_excuse',
      start: f.date,
      end: f.date,
      destination: '',
      reason: `${EXCUSE_REASON_LABEL[v.why]}${v.note ? `：${v.note}` : ''}`,
      meeting: {
        kind: f.meeting,
        date: f.date,
        deputy: v.substitute,
        meetingId: m.id,
        ...(v.topic ? { topic: v.topic } : {}),
        why: v.why,
      },
      filedOn: env.today,
      advanceDays: advanceNoticeDays(env.today, f.date),
      late: false,
      conflicts: [],
    },
    status: 'draft',
    steps: [approveStep('s1', '会议召集人审批', f.convener, '§42')],
    round: 1,
    trail: [],
    createdAt: env.now.toISOString(),
    updatedAt: env.now.toISOString(),
  };
  const t = start(draft, env);
  if (!t.ok) return undefined;
  return {
    item: t.item as LeaveItem,
    effects: t.effects,
    excuse: {
      leave: id,
      status: 'pending',
      substitute: v.substitute,
      why: v.why,
      ...(v.topic ? { topic: v.topic } : {}),
    },
  };
}
