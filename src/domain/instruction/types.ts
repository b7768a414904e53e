import type { Deadline } from '../deadline.ts';
import type { Effect } from '../engine/effects.ts';
import type { Capacity, WorkflowItem } from '../engine/types.ts';
import type { DateStr } from '../time.ts';

/** §58 “710”: 一般事项 ordinary, 复杂事项 complex, 年初确定事项 year-long, 重要紧急事项 urgent (own date). */
export type InstructionClass = 'ordinary' | 'complex' | 'year_long' | 'urgent';

export const CLASS_LABEL: Record<InstructionClass, string> = {
  ordinary: '一般事项',
  complex: '复杂事项',
  year_long: '年度事项',
  urgent: '紧急事项',
};

/**
 * Where the supervised work comes from — one machinery, several sources (§54–§58): 领导批示 (§56),
 * 市级会议 written report (§46), 人大建议 / 政协提案 (§31), 会议议定事项 (§56), 重大决策执行 followed up
 * (§25 跟踪反馈), 审计督查整改 rectification after an audit or inspection (§32).
 */
export type InstructionSource =
  | 'leader'
  | 'city_meeting'
  | 'npc'
  | 'cppcc'
  | 'meeting'
  | 'major_decision'
  | 'rectification';

export const SOURCE_LABEL: Record<InstructionSource, string> = {
  leader: '领导批示',
  city_meeting: '市级会议',
  npc: '人大代表建议',
  cppcc: '政协委员提案',
  meeting: '会议议定事项',
  major_decision: '重大决策执行',
  rectification: '审计督查整改',
};

/**
 * How a notice names one item of the source. The sources tracked before issue 15 keep “批示”, the wording
 * officials already receive; a meeting decision, a major decision's implementation and a rectification are
 * named as what they are, so nobody reads a meeting's decision as a leader's instruction.
 */
export const SOURCE_NOUN: Record<InstructionSource, string> = {
  leader: '批示',
  city_meeting: '批示',
  npc: '批示',
  cppcc: '批示',
  meeting: '议定事项',
  major_decision: '重大决策事项',
  rectification: '整改事项',
};

/** The sources in the order reports list them. */
export const SOURCES: readonly InstructionSource[] = [
  'leader',
  'meeting',
  'major_decision',
  'city_meeting',
  'npc',
  'cppcc',
  'rectification',
];

/** A meeting decision's origin: the minutes, the decision's number on them, the topic it decides. */
export interface DecisionOrigin {
  minutes: string;
  decision: number;
  topic?: string;
}

export type ReportKind = 'progress' | 'completion';

export const REPORT_LABEL: Record<ReportKind, string> = { progress: '进展情况', completion: '办理情况' };

/** 主要负责人审定 (§56): the main head's verdict on a report before it goes up. */
export interface Review {
  by: string;
  /** The reviewer acted for the supervising vice head under §8 (a report the main head wrote). */
  onBehalfOf?: string;
  at: string;
  approved: boolean;
  comment?: string;
  /** Records kept before nobody could approve their own report: the main head's, reviewed by writing it. */
  self?: boolean;
}

/** 验收 / 销号 (§58): the issuing leader's verdict on the lead department's combined completion report. */
export interface Verdict {
  by: string;
  /** Set when someone acted for the leader under §8 (an AB partner, whoever presides). */
  onBehalfOf?: string;
  /** The supervision office closed it out as itself (§58), not on the leader's behalf. */
  capacity?: Capacity;
  at: string;
  accepted: boolean;
  comment?: string;
}

/** 进展 / 办理情况报告 — one report of a department, with what happened to it. */
export interface Report {
  n: number;
  kind: ReportKind;
  text: string;
  /** A link or a Lark file key given with the report. */
  attachment?: string;
  by: string;
  at: string;
  review?: Review;
  verdict?: Verdict;
}

/** 签收 (§56): acknowledged, reported to the department's main head, responsible person named. */
export interface Acknowledgement {
  by: string;
  at: string;
  responsible: string;
}

/** 承办单位 — a department's share of the work: lead 牵头 or co 协办 (§55, §56). */
export interface DepartmentPart {
  dept: string;
  role: 'lead' | 'co';
  ack?: Acknowledgement;
  reports: Report[];
}

/** 延期申请 — asked by a department with a reason, granted or refused by the issuing leader. */
export interface Extension {
  n: number;
  dept: string;
  by: string;
  at: string;
  reason: string;
  /** The deadline when asked, and the date asked for. */
  from: DateStr;
  to: DateStr;
  decision?: { by: string; onBehalfOf?: string; at: string; granted: boolean; comment?: string };
}

/** 领导批示 (and the other tracked deadlines) — what was issued and everything that happened since. */
export interface InstructionFields {
  source: InstructionSource;
  /** §58 class, for leaders' instructions; the other sources have their own rule. */
  class?: InstructionClass;
  text: string;
  /** 建议/提案编号, the city-level meeting's name, “常务会议 2026-12-03 议定事项 3”, the audit's name. */
  reference?: string;
  /** A meeting decision: where it was decided (§56). */
  origin?: DecisionOrigin;
  /** The issuing leader; closing out and extensions are theirs (§58). */
  leader: string;
  /** Who entered it; differs from `leader` when the supervision office issued on the leader's behalf. */
  issuedBy: string;
  issuedOn: DateStr;
  /** The deadline in force; `originalDue` keeps the first one when an extension moved it. */
  deadline: Deadline;
  originalDue: DateStr;
  progressRequired: boolean;
  /** The lead department first, then the co-departments. */
  parts: DepartmentPart[];
  extensions: Extension[];
  closedOn?: DateStr;
}

export type InstructionItem = WorkflowItem<InstructionFields>;

export function isInstruction(item: WorkflowItem): item is InstructionItem {
  return item.kind === 'instruction';
}

/** Why an instruction transition was refused — each worded for officials by the bot. */
export type InstructionRefusal =
  | 'closed'
  | 'stale'
  | 'already_done'
  | 'not_member'
  | 'not_main_head'
  | 'not_issuer'
  | 'not_acknowledged'
  | 'review_pending'
  | 'co_pending'
  | 'not_in_department'
  | 'reason_required'
  | 'text_required'
  | 'bad_date'
  | 'extension_pending'
  /** The actor wrote what the step judges: nobody decides their own case. */
  | 'own_case';

export type InstructionTransition =
  | { ok: true; item: InstructionItem; effects: Effect[] }
  | { ok: false; reason: InstructionRefusal; detail?: string };
