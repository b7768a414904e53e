import { DATE_WINDOWS, outsideWindow } from '../date-windows.ts';
import type { OrgIndex } from '../org.ts';
import { RULE_LIMITS } from '../rule-limits.ts';
import { type DateStr, diffDays, formatCn, isValidDate } from '../time.ts';
import { LEAVE_TYPE_LABEL, type LeaveType } from './types.ts';

/** What an official filled in, before the rules look at it (strings as typed). */
export interface LeaveInput {
  type?: string;
  start?: string;
  end?: string;
  destination?: string;
  reason?: string;
  meetingKind?: string;
  meetingDate?: string;
  deputy?: string;
  /** The head only: the vice head who presides while the executive vice head is away too (§8). */
  presider?: string;
}

export const LEAVE_LIMITS = { destination: 50, reason: 300, maxDays: 90 } as const;

export interface ValidLeave {
  type: LeaveType;
  start: DateStr;
  end: DateStr;
  destination: string;
  reason: string;
  presider?: string;
}

const len = (s: string) => [...s].length;

/** Checks a leave request; every problem is listed, in Chinese, so the form can come back filled. */
export function validateLeave(
  input: LeaveInput,
  submitter: string,
  today: DateStr,
  org: OrgIndex,
): { ok: true; value: ValidLeave } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const type = input.type as LeaveType;
  if (!Object.hasOwn(LEAVE_TYPE_LABEL, type ?? ''))
    problems.push('请选择请假类型（离阜外出、休假、出访或会议请假）');
  const start = input.start?.trim() ?? '';
  const end = input.end?.trim() || start;
  if (!start) problems.push('请填写开始日期');
  else if (!isValidDate(start)) problems.push(`开始日期“${start}”不是有效日期`);
  if (end && !isValidDate(end)) problems.push(`结束日期“${end}”不是有效日期`);
  if (isValidDate(start) && isValidDate(end)) {
    if (end < start)
      problems.push(`结束日期（${formatCn(end, today)}）早于开始日期（${formatCn(start, today)}）`);
    if (start < today)
      problems.push(`开始日期${formatCn(start, today)}已经过去；如需补报，请联系区政府办公室`);
    else {
      const outside = outsideWindow('开始日期', start, DATE_WINDOWS.leave, today);
      if (outside) problems.push(outside);
    }
    if (diffDays(start, end) + 1 > LEAVE_LIMITS.maxDays)
      problems.push(`一次请假不超过${LEAVE_LIMITS.maxDays}天`);
  }
  const destination = (input.destination ?? '').trim();
  const reason = (input.reason ?? '').trim();
  if ((type === 'out_of_city' || type === 'outbound_visit') && !destination)
    problems.push('请填写去向（前往何地）');
  if (len(destination) > LEAVE_LIMITS.destination) {
    problems.push(`去向最多${LEAVE_LIMITS.destination}字，您填写了${len(destination)}字`);
  }
  if (!reason) problems.push('请填写事由');
  if (len(reason) > LEAVE_LIMITS.reason)
    problems.push(`事由最多${LEAVE_LIMITS.reason}字，您填写了${len(reason)}字，请精简`);

  // §42: an excuse from a meeting is asked on that meeting's notice, tied to its topics (issue 15);
  // the type stays readable for records filed before.
  if (type === 'meeting_excuse') {
    problems.push('会议请假请在区政府办公室发出的会议通知卡片上点“请假”办理（§42），无需使用 /请假');
  }
  const presider = input.presider?.trim() || undefined;
  if (presider && submitter !== org.head().id) {
    problems.push('只有区长可以指定主持日常工作的副区长（§8）');
  } else if (presider && (!org.isViceHead(presider) || presider === org.executiveViceHead().id)) {
    problems.push('指定主持日常工作的须是常务副区长以外的副区长（§8）');
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      type,
      start,
      end,
      destination,
      reason,
      ...(presider ? { presider } : {}),
    },
  };
}

export const ABSENCE_FILING_DAYS = RULE_LIMITS.absenceFilingNotice.amount;
