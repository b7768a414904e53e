import type { OrgIndex } from '../org.ts';
import type { DateStr } from '../time.ts';
import { checkProcedure, type ProcedureInput } from './procedure.ts';
import { MAJOR_DECISION_MEETINGS, MEETING_KIND_LABEL, type MeetingKind, type TopicFields } from './types.ts';

/** What an official filled in on the /议题 form, before the rules look at it (as typed). */
export interface TopicInput {
  meeting?: string;
  chair?: string;
  unit?: string;
  title?: string;
  background?: string;
  problems?: string;
  matters?: string;
  solution?: string;
  recommendation?: string;
  /** Department ids (the multi-select) or names. */
  affected?: string[];
  legal?: string;
  major?: string;
  attachments?: string;
  /** 重大决策: the three statutory steps as typed (§22). */
  procedure?: ProcedureInput;
  publicInterest?: string;
  /** The unit's deputy responsible for the topic, by name or id. */
  deputy?: string;
}

/** Lengths keep a step card, with every unit's opinion on it, under Lark's 30 KB card limit. */
export const TOPIC_LIMITS = {
  title: 60,
  background: 600,
  problems: 600,
  matters: 400,
  solution: 600,
  recommendation: 400,
  attachments: 500,
  affected: 10,
} as const;

export type ValidTopic = Omit<
  TopicFields,
  'submittedOn' | 'meetingDate' | 'heldIn' | 'failedReviews' | 'meetingId' | 'decidedOn' | 'reportedOn'
>;

/** §39 提请事项的主要内容, in the order the article lists them. */
const REQUIRED_TEXT = [
  ['title', '提请事项名称'],
  ['background', '基本情况'],
  ['problems', '存在的问题'],
  ['matters', '需解决的事项'],
  ['solution', '解决问题方案'],
  ['recommendation', '工作建议'],
] as const;

const len = (s: string) => [...s].length;
const yesNo = (s: string | undefined): boolean | undefined =>
  s === 'yes' ? true : s === 'no' ? false : undefined;

/** Only the unit's main head or a deputy — or a district leader — may put a topic forward for it. */
export function maySubmitFor(org: OrgIndex, person: string, unitId: string): boolean {
  const d = org.department(unitId);
  if (!d) return false;
  return org.isLeader(person) || d.mainHead === person || d.deputies.includes(person);
}

/** A link or a Lark file key (file_…, img_…), one per line or separated by spaces. */
function attachmentsOf(raw: string): { ok: string[]; bad: string[] } {
  const parts = raw.split(/[\s,，;；]+/).filter(Boolean);
  const good = (p: string) => /^https?:\/\/\S+$/i.test(p) || /^(file|img)_[A-Za-z0-9_-]+$/.test(p);
  return { ok: parts.filter(good), bad: parts.filter((p) => !good(p)) };
}

/**
 * Checks a topic submission. Every missing §39 part is listed at once, in Chinese, so the form can
 * come back filled with what was typed and the official fixes everything in one go.
 */
export function validateTopic(
  input: TopicInput,
  submitter: string,
  org: OrgIndex,
  today: DateStr,
): { ok: true; value: ValidTopic } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const meeting = input.meeting as MeetingKind;
  if (!Object.hasOwn(MEETING_KIND_LABEL, meeting ?? ''))
    problems.push('请选择会议类型（常务会议、区长办公会议、业务会议或全体会议）');
  const chair = input.chair?.trim() || undefined;
  if (meeting === 'business') {
    if (!chair) problems.push('业务会议请选择主持会议的副区长（§40）');
    else if (!org.isViceHead(chair)) problems.push('业务会议须由副区长主持，请重新选择（§40）');
  }
  const unitId = input.unit?.trim() ?? '';
  const unit = org.department(unitId);
  if (!unitId) problems.push('缺少提请单位（§39）');
  else if (!unit) problems.push(`提请单位“${unitId}”不在组织架构中`);
  else if (!maySubmitFor(org, submitter, unit.id)) {
    problems.push(`只有${unit.name}的主要负责人、分管负责人或区政府领导可以提请该单位的议题`);
  }

  const text: Record<string, string> = {};
  for (const [key, label] of REQUIRED_TEXT) {
    const v = (input[key] ?? '').trim();
    text[key] = v;
    if (!v) problems.push(`缺少${label}（§39）`);
    else if (len(v) > TOPIC_LIMITS[key]) {
      problems.push(`${label}最多${TOPIC_LIMITS[key]}字，您填写了${len(v)}字，请精简`);
    }
  }

  const affected: string[] = [];
  for (const raw of input.affected ?? []) {
    const a = raw.trim();
    if (!a) continue;
    const d = org.department(a) ?? org.departments().find((x) => x.name === a);
    if (!d) problems.push(`涉及单位“${a}”不在组织架构中`);
    else if (d.id !== unit?.id && !affected.includes(d.id)) affected.push(d.id);
  }
  if (affected.length > TOPIC_LIMITS.affected) {
    problems.push(`涉及单位最多${TOPIC_LIMITS.affected}个，请分别征求或联系区政府办公室`);
  }

  const legal = yesNo(input.legal);
  const major = yesNo(input.major);
  if (legal === undefined) problems.push('请选择是否涉及法律问题（§25、§41）');
  if (major === undefined) problems.push('请选择是否属于重大决策事项（§22、§25）');
  // §23: major decisions are discussed and decided by the plenary or the standing meeting only.
  if (
    major &&
    meeting &&
    !MAJOR_DECISION_MEETINGS.includes(meeting) &&
    Object.hasOwn(MEETING_KIND_LABEL, meeting)
  ) {
    problems.push(
      `重大决策事项由区政府全体会议或常务会议讨论决定（§23），不能提交${MEETING_KIND_LABEL[meeting]}，请改选会议类型`,
    );
  }
  const publicInterest = yesNo(input.publicInterest);
  const procedure = major
    ? checkProcedure(input.procedure ?? {}, publicInterest, today, problems)
    : undefined;
  const deputy = unit ? deputyOf(org, unit.id, submitter, input.deputy, problems) : undefined;

  const rawAttachments = (input.attachments ?? '').trim();
  const att = attachmentsOf(rawAttachments);
  if (len(rawAttachments) > TOPIC_LIMITS.attachments) {
    problems.push(`附件说明最多${TOPIC_LIMITS.attachments}字`);
  } else if (att.bad.length > 0) {
    problems.push(`附件请填写链接（http开头）或飞书文件key（file_开头），无法识别：${att.bad.join(' ')}`);
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      meeting,
      ...(meeting === 'business' && chair ? { chair } : {}),
      unit: unit!.id,
      title: text.title!,
      background: text.background!,
      problems: text.problems!,
      matters: text.matters!,
      solution: text.solution!,
      recommendation: text.recommendation!,
      affected,
      legal: legal!,
      major: major!,
      attachments: att.ok,
      ...(procedure ? { procedure, publicInterest: publicInterest === true } : {}),
      ...(deputy ? { deputy } : {}),
    },
  };
}

/**
 * §38 汇报人 / §42 代会: the unit's deputy responsible for the topic — as typed (a name or id among the
 * unit's deputies); else the submitter when a deputy; else the unit's only deputy. A unit with several
 * deputies must say which (the one who attends in the main head's place must belong to the topic, §42).
 */
function deputyOf(
  org: OrgIndex,
  unitId: string,
  submitter: string,
  typed: string | undefined,
  problems: string[],
): string | undefined {
  const d = org.department(unitId)!;
  const w = typed?.trim();
  if (w) {
    const found = d.deputies.find((p) => p === w || org.person(p)?.name === w);
    if (!found) problems.push(`“${w}”不是${d.name}的分管负责同志，请填写本单位分管该议题的负责同志`);
    return found;
  }
  if (d.deputies.includes(submitter)) return submitter;
  if (d.deputies.length === 1) return d.deputies[0];
  if (d.deputies.length > 1) problems.push(`请填写${d.name}分管该议题的负责同志（§38 汇报人、§42 代会）`);
  return undefined;
}
