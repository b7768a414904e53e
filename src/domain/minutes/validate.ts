import { DATE_WINDOWS, outsideWindow } from '../date-windows.ts';
import type { OrgIndex } from '../org.ts';
import { type DateStr, formatCn, isValidDate } from '../time.ts';
import { MEETING_KIND_LABEL, type MeetingKind, type TopicItem } from '../topic/types.ts';
import type { MinutesDecision, MinutesFields } from './types.ts';

/** One decision row as typed on the /会议纪要 form; funds in 万元 as officials write them. */
export interface DecisionInput {
  text?: string;
  lead?: string;
  funds?: string;
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

export const MINUTES_LIMITS = { decision: 200, rows: 5, maxFundsWan: 1_000_000, topicOptions: 40 } as const;

export type ValidMinutes = Omit<MinutesFields, 'issueBy' | 'issuedOn' | 'paidOn'>;

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
    const text = row.text?.trim() ?? '';
    const lead = row.lead?.trim() || undefined;
    const fundsRaw = row.funds?.trim() ?? '';
    const n = i + 1;
    if (!text) {
      if (lead || fundsRaw) problems.push(`第${n}项议定事项缺少内容`);
      return;
    }
    if (len(text) > MINUTES_LIMITS.decision) {
      problems.push(`第${n}项议定事项最多${MINUTES_LIMITS.decision}字，您填写了${len(text)}字`);
    }
    if (lead && !org.department(lead)) problems.push(`没有找到第${n}项的牵头单位“${lead}”，请写单位全称`);
    let funds: number | undefined;
    if (fundsRaw) {
      funds = parseFundsWan(fundsRaw);
      if (funds === undefined || funds <= 0 || funds > MINUTES_LIMITS.maxFundsWan * 10_000) {
        problems.push(`第${n}项的资金“${fundsRaw}”不是有效金额（以万元计，例如 50 或 12.5）`);
        funds = undefined;
      }
    }
    decisions.push({ text, ...(lead ? { leadDepartment: lead } : {}), ...(funds ? { funds } : {}) });
  });
  if (decisions.length === 0) problems.push('请至少填写一项议定事项');

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      meeting,
      heldOn,
      ...(meeting === 'business' && chair ? { chair } : {}),
      topics: topics.map((t) => ({ id: t.id, title: t.title, unit: t.fields.unit })),
      decisions,
      drafter: drafterId!,
      consulted,
      // §41 covers the head's office and business meetings; standing topics were reviewed before (§25).
      legal: byDept && input.legal === 'yes',
    },
  };
}
