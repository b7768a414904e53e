import type { Calendar } from '../calendar.ts';
import { DATE_WINDOWS, outsideWindow } from '../date-windows.ts';
import type { OrgIndex } from '../org.ts';
import { type DateStr, formatCn, isValidDate } from '../time.ts';
import { cityMeetingDeadline, instructionDeadline, proposalDeadline } from './deadlines.ts';
import type { IssueSpec } from './instruction.ts';
import { isMember, isSupervisionStaff } from './parties.ts';
import { CLASS_LABEL, type InstructionClass } from './types.ts';

export const INSTRUCTION_LIMITS = { text: 2000, reference: 60, coDepartments: 10, report: 2000 } as const;

const len = (s: string) => [...s].length;

type Checked = { ok: true; value: IssueSpec } | { ok: false; problems: string[] };

/** Lead and co-departments: known, distinct, the lead not repeated among the co-departments. */
function checkDepartments(
  lead: string | undefined,
  co: string[],
  org: OrgIndex,
  problems: string[],
): string[] {
  if (!lead) problems.push('请选择牵头部门');
  else if (!org.department(lead)) problems.push(`没有找到牵头部门“${lead}”`);
  const out: string[] = [];
  for (const d of co) {
    if (!org.department(d)) problems.push(`没有找到协办部门“${d}”`);
    else if (d !== lead && !out.includes(d)) out.push(d);
  }
  if (out.length > INSTRUCTION_LIMITS.coDepartments)
    problems.push(`协办部门最多${INSTRUCTION_LIMITS.coDepartments}个`);
  return out;
}

function checkText(text: string, what: string, max: number, problems: string[]): void {
  if (!text) problems.push(`请填写${what}`);
  else if (len(text) > max) problems.push(`${what}最多${max}字，您填写了${len(text)}字，请精简`);
}

/** What an official filled in on the /批示 form or line (department and person ids already resolved). */
export interface InstructionInput {
  class?: string;
  text?: string;
  lead?: string;
  co?: string[];
  urgentDue?: string;
  progress?: boolean;
  leader?: string;
}

/**
 * A leader issues in their own name; the supervision office issues on a named leader's behalf, recorded
 * as such (§57). Every problem is listed so the form comes back filled.
 */
export function validateInstruction(
  input: InstructionInput,
  issuer: string,
  today: DateStr,
  org: OrgIndex,
  calendar: Calendar,
): Checked {
  const problems: string[] = [];
  const text = (input.text ?? '').trim();
  checkText(text, '批示内容', INSTRUCTION_LIMITS.text, problems);
  let leader = input.leader?.trim() || undefined;
  if (org.isLeader(issuer)) {
    if (leader && leader !== issuer) problems.push('区政府领导以本人名义交办，不能代其他领导交办');
    leader = issuer;
  } else if (isSupervisionStaff(org, issuer)) {
    if (!leader) problems.push('督查室代领导交办时，请注明交办领导');
    else if (!org.isLeader(leader)) problems.push(`“${org.person(leader)?.name ?? leader}”不是区政府领导`);
  } else {
    problems.push('只有区政府领导或督查室可以交办批示');
  }
  const co = checkDepartments(input.lead, input.co ?? [], org, problems);
  const cls = (input.class ?? 'ordinary') as InstructionClass;
  if (!Object.hasOwn(CLASS_LABEL, cls)) problems.push('请选择事项类别（一般、复杂、年度或紧急）');
  const due = input.urgentDue?.trim();
  if (cls === 'urgent') {
    if (!due) problems.push('紧急事项请填写办结时限（以督查通知为准，§58）');
    else checkDue('办结时限', due, today, problems);
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      source: 'leader',
      class: cls,
      text,
      leader: leader!,
      lead: input.lead!,
      co,
      progressRequired: input.progress ?? false,
      deadline: instructionDeadline(calendar, cls, today, cls === 'urgent' ? due : undefined),
    },
  };
}

/** /市级会议: who attended which city-level meeting, and which department writes the report (§46). */
export interface CityMeetingInput {
  meeting?: string;
  date?: string;
  dept?: string;
}

/**
 * §46 is silent on who reads the report: it goes to the filer when a leader attended, else to the
 * department's supervising vice head, who closes it out like an instruction.
 */
export function validateCityMeeting(
  input: CityMeetingInput,
  filer: string,
  today: DateStr,
  org: OrgIndex,
  calendar: Calendar,
): Checked {
  const problems: string[] = [];
  const meeting = (input.meeting ?? '').trim();
  checkText(meeting, '会议名称', INSTRUCTION_LIMITS.reference, problems);
  const date = input.date?.trim() || today;
  if (!isValidDate(date)) problems.push(`会议日期“${date}”不是有效日期`);
  else {
    const outside = outsideWindow('会议日期', date, DATE_WINDOWS.cityMeeting, today);
    if (outside) problems.push(outside);
  }
  const lead = input.dept ?? org.departmentOf(filer)?.id;
  if (!lead) problems.push('请注明负责形成书面材料的责任部门');
  checkDepartments(lead, [], org, problems);
  if (problems.length > 0) return { ok: false, problems };
  const dept = org.department(lead!)!;
  return {
    ok: true,
    value: {
      source: 'city_meeting',
      text: `参加“${meeting}”（${formatCn(date, today)}）后，形成书面材料向区政府报告会议情况和落实建议（§46）`,
      reference: meeting,
      leader: org.isLeader(filer) ? filer : org.supervisingViceHead(dept.id).id,
      lead: dept.id,
      co: [],
      progressRequired: false,
      deadline: cityMeetingDeadline(calendar, date),
      selfAcknowledged: isMember(dept, filer),
    },
  };
}

/** /建议提案: an NPC deputy's suggestion or a CPPCC member's proposal handed to departments (§31). */
export interface ProposalInput {
  type?: 'npc' | 'cppcc';
  number?: string;
  title?: string;
  lead?: string;
  co?: string[];
  due?: string;
  leader?: string;
}

/** §31 限时办结: the limit given, or 3 months; closed out by the assigning leader (default: the lead's vice head). */
export function validateProposal(
  input: ProposalInput,
  filer: string,
  today: DateStr,
  org: OrgIndex,
  calendar: Calendar,
): Checked {
  const problems: string[] = [];
  if (input.type !== 'npc' && input.type !== 'cppcc') problems.push('请注明是人大代表建议还是政协委员提案');
  const number = (input.number ?? '').trim();
  checkText(number, '建议/提案编号', INSTRUCTION_LIMITS.reference, problems);
  const title = (input.title ?? '').trim();
  checkText(title, '建议/提案标题', INSTRUCTION_LIMITS.text, problems);
  const co = checkDepartments(input.lead, input.co ?? [], org, problems);
  const due = input.due?.trim();
  if (due) checkDue('办结时限', due, today, problems);
  if (input.leader && !org.isLeader(input.leader)) problems.push('交办领导须是区政府领导');
  if (problems.length > 0) return { ok: false, problems };
  const leader = input.leader ?? (org.isLeader(filer) ? filer : org.supervisingViceHead(input.lead!).id);
  return {
    ok: true,
    value: {
      source: input.type!,
      text: title,
      reference: number,
      leader,
      lead: input.lead!,
      co,
      progressRequired: false,
      deadline: proposalDeadline(calendar, today, due || undefined),
    },
  };
}

/** A time limit typed as a date: a real date, not past, within the deadline window. */
function checkDue(label: string, due: string, today: DateStr, problems: string[]): void {
  if (!isValidDate(due)) problems.push(`${label}“${due}”不是有效日期`);
  else if (due < today) problems.push(`${label}${formatCn(due, today)}已经过去`);
  else {
    const outside = outsideWindow(label, due, DATE_WINDOWS.deadline, today);
    if (outside) problems.push(outside);
  }
}

/** `/整改`: what an audit or inspection found, to be put right by a unit and reported to the district government (§32). */
export interface RectificationInput {
  /** The audit, inspection or supervision that found it (审计报告、督查通报…), as named in its document. */
  basis?: string;
  text?: string;
  lead?: string;
  co?: string[];
  due?: string;
  leader?: string;
}

/**
 * §32 “对监督中发现的问题，要认真整改并向区政府报告”: a rectification is tracked like any supervised item
 * (签收, reports approved by the main head, 销号, §56–§58). The seed sets no limit for it: the date the
 * audit or inspection set, else a complex item's “1个月内有结果” (§58), since a finding is rarely put
 * right in 7 days.
 */
export function validateRectification(
  input: RectificationInput,
  filer: string,
  today: DateStr,
  org: OrgIndex,
  calendar: Calendar,
): Checked {
  const problems: string[] = [];
  const basis = (input.basis ?? '').trim();
  checkText(basis, '整改依据（审计、督查或检查的名称）', INSTRUCTION_LIMITS.reference, problems);
  const text = (input.text ?? '').trim();
  checkText(text, '发现的问题及整改要求', INSTRUCTION_LIMITS.text, problems);
  const co = checkDepartments(input.lead, input.co ?? [], org, problems);
  const due = input.due?.trim();
  if (due) checkDue('整改时限', due, today, problems);
  if (input.leader && !org.isLeader(input.leader)) problems.push('交办领导须是区政府领导');
  if (problems.length > 0) return { ok: false, problems };
  const leader = input.leader ?? (org.isLeader(filer) ? filer : org.supervisingViceHead(input.lead!).id);
  return {
    ok: true,
    value: {
      source: 'rectification',
      // A date the audit set is its own limit (以督查通知为准), not a “710” class.
      ...(due ? {} : { class: 'complex' as const }),
      text,
      reference: basis,
      leader,
      lead: input.lead!,
      co,
      progressRequired: false,
      deadline: instructionDeadline(calendar, due ? 'urgent' : 'complex', today, due || undefined),
    },
  };
}
