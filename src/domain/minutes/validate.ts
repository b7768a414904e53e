import { DATE_WINDOWS, outsideWindow } from '../date-windows.ts';
import type { OrgIndex } from '../org.ts';
import { type DateStr, formatCn, isValidDate } from '../time.ts';
import { MEETING_KIND_LABEL, type MeetingKind, type TopicItem } from '../topic/types.ts';
import type { DecisionDue, MinutesDecision, MinutesFields } from './types.ts';

/** One decision row as typed on the /会议纪要 form; funds in 万元 as officials write them. */
export interface DecisionInput {
  text?: string;
  lead?: string;
  /** Co-units, already resolved to ids where a name fits (the rest as typed). */
  co?: string[];
  /** 一般 / 复杂 / 年度, or a date (already read into YYYY-MM-DD where it could be). */
  due?: string;
  funds?: string;
  /** The topic (id) it decides; blank with one topic on the minutes: that one. */
  topic?: string;
}

export interface MinutesInput {
  meeting?: string;
  heldOn?: string;
  chair?: string;
  topics?: string[];
  drafter?: string;
  consulted?: string[];
  legal?: string;
  decisions?: DecisionInput[];
}

export const MINUTES_LIMITS = {
  decision: 200,
  rows: 5,
  maxFundsWan: 1_000_000,
  topicOptions: 40,
  coUnits: 10,
} as const;

/** How a decision's time limit may be written (§58 “710”): the class words, else a date. */
const DUE_WORDS = new Map<string, 'ordinary' | 'complex' | 'year_long'>([
  ['一般', 'ordinary'],
  ['一般事项', 'ordinary'],
  ['7天', 'ordinary'],
  ['复杂', 'complex'],
  ['复杂事项', 'complex'],
  ['1个月', 'complex'],
  ['一个月', 'complex'],
  ['年度', 'year_long'],
  ['年度事项', 'year_long'],
  ['年底', 'year_long'],
]);

export type ValidMinutes = Omit<MinutesFields, 'issueBy' | 'issuedOn' | 'paidOn' | 'reportedOn'>;

const len = (s: string) => [...s].length;

/** '50', '50万元', '12.5 万' → 元; undefined when it is not an amount. */
export function parseFundsWan(raw: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d{1,4})?)\s*(万元|万)?\s*$/.exec(raw);
  return m ? Math.round(Number(m[1]) * 10_000) : undefined;
}

/**
 * Checks a meeting record. Every problem is listed so the form can come back filled. Topics must be
 * on this kind of meeting's agenda and not recorded yet; the meeting must have been held already.
 */
export function validateMinutes(
  input: MinutesInput,
  scheduled: readonly TopicItem[],
  today: DateStr,
  org: OrgIndex,
): { ok: true; value: ValidMinutes } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const meeting = input.meeting as MeetingKind;
  const known = Object.hasOwn(MEETING_KIND_LABEL, meeting ?? '');
  if (!known) problems.push('请选择会议类型');
  const heldOn = input.heldOn?.trim() ?? '';
  if (!heldOn) problems.push('请填写会议日期');
  else if (!isValidDate(heldOn)) problems.push(`会议日期“${heldOn}”不是有效日期`);
  else if (heldOn > today) problems.push(`会议日期${formatCn(heldOn, today)}还没到，请在会议结束后登记`);
  else {
    const outside = outsideWindow('会议日期', heldOn, DATE_WINDOWS.minutesMeeting, today);
    if (outside) problems.push(`${outside}；更早的会议请联系区政府办公室补录`);
  }
  const chair = input.chair?.trim() || undefined;
  if (meeting === 'business' && (!chair || !org.isViceHead(chair))) {
    problems.push('业务会议请选择主持会议的副区长（§40）');
  }

  const topics: TopicItem[] = [];
  for (const id of new Set((input.topics ?? []).map((t) => t.trim()).filter(Boolean))) {
    const t = scheduled.find((s) => s.id === id);
    if (!t) problems.push(`议题 ${id} 不在待上会的议题中（可能已登记过）`);
    else if (known && t.fields.meeting !== meeting) {
      problems.push(
        `议题 ${id} 是${MEETING_KIND_LABEL[t.fields.meeting]}的议题，不是${MEETING_KIND_LABEL[meeting]}的`,
      );
    } else topics.push(t);
  }

  // Standing and plenary minutes are drafted by the government office (§38); the others by the
  // requesting or responsible department (§39, §40), by default the first topic's unit.
  const office = org.departmentByFunction('government_office').id;
  const byDept = meeting === 'head_office' || meeting === 'business';
  const drafterId = byDept ? input.drafter?.trim() || topics[0]?.fields.unit : office;
  if (byDept && !drafterId) problems.push('请选择起草会议纪要的单位（§39、§40）');
  else if (byDept && drafterId && !org.department(drafterId))
    problems.push(`没有找到起草单位“${drafterId}”，请写单位全称，例如 区财政局`);

  const consulted: string[] = [];
  if (meeting === 'business') {
    for (const id of input.consulted ?? []) {
      if (!org.department(id)) problems.push(`没有找到征求意见单位“${id}”，请写单位全称`);
      else if (id !== drafterId && !consulted.includes(id)) consulted.push(id);
    }
  }

  const decisions: MinutesDecision[] = [];
  (input.decisions ?? []).forEach((row, i) => {
    const d = checkDecision(row, i + 1, { meeting, topics, today, org }, problems);
    if (d) decisions.push(d);
  });
  if (decisions.length === 0) problems.push('请至少填写一项议定事项');

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      meeting,
      heldOn,
      ...(meeting === 'business' && chair ? { chair } : {}),
      topics: topics.map((t) => ({
        id: t.id,
        title: t.title,
        unit: t.fields.unit,
        ...(t.fields.major ? { major: true } : {}),
      })),
      decisions,
      drafter: drafterId!,
      consulted,
      // §41 covers the head's office and business meetings; standing topics were reviewed before (§25).
      legal: byDept && input.legal === 'yes',
    },
  };
}

/**
 * One 议定事项 (§56, §58): its text, the lead unit that answers for it, co-units, a “710” class or a date
 * (blank: 一般事项, 7 days from signing), and funds. §56's five-working-day payment covers what the standing
 * meeting decided: funds decided elsewhere go through the district government's approval first.
 */
function checkDecision(
  row: DecisionInput,
  n: number,
  o: { meeting: MeetingKind; topics: TopicItem[]; today: DateStr; org: OrgIndex },
  problems: string[],
): MinutesDecision | undefined {
  const text = row.text?.trim() ?? '';
  const lead = row.lead?.trim() || undefined;
  const fundsRaw = row.funds?.trim() ?? '';
  const dueRaw = row.due?.trim() ?? '';
  const co = (row.co ?? []).map((c) => c.trim()).filter(Boolean);
  if (!text) {
    if (lead || fundsRaw || dueRaw || co.length) problems.push(`第${n}项议定事项缺少内容`);
    return undefined;
  }
  if (len(text) > MINUTES_LIMITS.decision) {
    problems.push(`第${n}项议定事项最多${MINUTES_LIMITS.decision}字，您填写了${len(text)}字`);
  }
  if (!lead) problems.push(`第${n}项议定事项请填写牵头单位（§56 明确责任单位）`);
  else if (!o.org.department(lead)) problems.push(`没有找到第${n}项的牵头单位“${lead}”，请写单位全称`);
  const coUnits: string[] = [];
  for (const c of co) {
    if (!o.org.department(c)) problems.push(`没有找到第${n}项的协办单位“${c}”，请写单位全称`);
    else if (c !== lead && !coUnits.includes(c)) coUnits.push(c);
  }
  if (coUnits.length > MINUTES_LIMITS.coUnits)
    problems.push(`第${n}项的协办单位最多${MINUTES_LIMITS.coUnits}个`);
  let due: DecisionDue | undefined = { class: 'ordinary' };
  if (dueRaw) {
    const cls = DUE_WORDS.get(dueRaw);
    if (cls) due = { class: cls };
    else if (!isValidDate(dueRaw)) {
      problems.push(`第${n}项的办结时限“${dueRaw}”看不懂：请写 一般、复杂、年度，或一个日期（§58）`);
    } else if (dueRaw < o.today) problems.push(`第${n}项的办结时限${formatCn(dueRaw, o.today)}已经过去`);
    else {
      const outside = outsideWindow(`第${n}项的办结时限`, dueRaw, DATE_WINDOWS.deadline, o.today);
      if (outside) problems.push(outside);
      else due = { date: dueRaw };
    }
  }
  let funds: number | undefined;
  if (fundsRaw) {
    funds = parseFundsWan(fundsRaw);
    if (funds === undefined || funds <= 0 || funds > MINUTES_LIMITS.maxFundsWan * 10_000) {
      problems.push(`第${n}项的资金“${fundsRaw}”不是有效金额（以万元计，例如 50 或 12.5）`);
      funds = undefined;
    } else if (o.meeting !== 'standing') {
      problems.push(
        `第${n}项：纪要签发后5个工作日内拨付只适用于区政府常务会议审议决定的资金事项（§56）；其他会议议定的资金请报区政府审批后拨付`,
      );
      funds = undefined;
    }
  }
  const topicId = row.topic?.trim() || (o.topics.length === 1 ? o.topics[0]!.id : undefined);
  if (topicId && !o.topics.some((t) => t.id === topicId)) {
    problems.push(`第${n}项所属议题 ${topicId} 不是本次会议研究的议题`);
  }
  return {
    text,
    ...(lead ? { leadDepartment: lead } : {}),
    ...(coUnits.length ? { co: coUnits } : {}),
    ...(due ? { due } : {}),
    ...(funds ? { funds } : {}),
    ...(topicId ? { topic: topicId } : {}),
  };
}
