import type { WorkflowItem } from '../engine/types.ts';
import type { DateStr } from '../time.ts';

/** 全体会议 (§37), 常务会议 (§38), 区长办公会议 (§39), 业务会议 chaired by a vice head (§40). */
export type MeetingKind = 'plenary' | 'standing' | 'head_office' | 'business';

export const MEETING_KINDS: readonly MeetingKind[] = ['standing', 'head_office', 'business', 'plenary'];

export const MEETING_KIND_LABEL: Record<MeetingKind, string> = {
  plenary: '区政府全体会议',
  standing: '区政府常务会议',
  head_office: '区长办公会议',
  business: '区政府业务会议',
};

/** The article that governs each meeting's topics and minutes. */
export const MEETING_RULE: Record<MeetingKind, string> = {
  plenary: '§37',
  standing: '§38',
  head_office: '§39',
  business: '§40',
};

/** Short names as the minutes and the ledger quote a meeting: 常务会议 2026-12-03 议定事项 3. */
export const MEETING_SHORT: Record<MeetingKind, string> = {
  plenary: '全体会议',
  standing: '常务会议',
  head_office: '区长办公会议',
  business: '业务会议',
};

/** §23: only the plenary and the standing meeting decide major decisions. */
export const MAJOR_DECISION_MEETINGS: readonly MeetingKind[] = ['standing', 'plenary'];

/** One of the first three statutory steps of a major decision (§22): done (what, when, by whom, material), or not applicable with a reason. */
export type ProcedureStep =
  | { done: true; what: string; on: DateStr; by: string; material: string }
  | { done: false; reason: string };

/** 公众参与, 专家论证, 风险评估 (§22, §24, §25, §38). */
export type ProcedureKey = 'participation' | 'expert' | 'risk';

export const PROCEDURE_KEYS: readonly ProcedureKey[] = ['participation', 'expert', 'risk'];

export const PROCEDURE_LABEL: Record<ProcedureKey, string> = {
  participation: '公众参与',
  expert: '专家论证',
  risk: '风险评估',
};

export type MajorProcedure = Record<ProcedureKey, ProcedureStep>;

/** A legality review that failed (§25): kept across rounds, shown to every later approver. */
export interface FailedReview {
  round: number;
  on: DateStr;
  by: string;
  onBehalfOf?: string;
  comment: string;
  /** The topic it failed on, when it was filed again as a new one. */
  topic?: string;
}

/** 议题申报 — what §39 requires of a submission, plus what decides its route (§25, §38). */
export interface TopicFields {
  meeting: MeetingKind;
  /** Business meeting: the vice head who chairs it and decides the topic (§40). */
  chair?: string;
  /** 提请单位 (department id). */
  unit: string;
  /** 提请事项名称 (also the item's title). */
  title: string;
  /** 基本情况. */
  background: string;
  /** 存在的问题. */
  problems: string;
  /** 需解决的事项. */
  matters: string;
  /** 解决问题方案. */
  solution: string;
  /** 工作建议. */
  recommendation: string;
  /** 涉及单位 (department ids, the submitting unit excluded). */
  affected: string[];
  /** Raises legal questions: the justice bureau reviews it (§25, §41). */
  legal: boolean;
  /** 重大决策: legality review always, and it must pass (§22, §25). */
  major: boolean;
  /** Links or Lark file keys. */
  attachments: string[];
  /** 重大决策: the first three of the five statutory steps, recorded before it may go on an agenda (§22). */
  procedure?: MajorProcedure;
  /** Touches major public interest (§24, §38): public participation and a social-stability risk assessment are required. */
  publicInterest?: boolean;
  /**
   * The unit's 分管负责同志 for the topic (§38 汇报人): who attends in the main head's place when he is
   * excused (§42), and who the unit sends to a business meeting (§40, §42).
   */
  deputy?: string;
  /** Failed legality reviews (§25): a resubmission, whatever it now claims, goes back to the justice bureau. */
  failedReviews?: FailedReview[];
  submittedOn: DateStr;
  /** The meeting date the head (or the chairing vice head) put it on the agenda for (§38–§40). */
  meetingDate?: DateStr;
  /** The minutes item that recorded the meeting which took it up (上会). */
  heldIn?: string;
  /** The meeting (notice) it was put on (§36). */
  meetingId?: string;
  /** 集体讨论决定 (§22): the signed minutes of the plenary or standing meeting that decided it. */
  decidedOn?: DateStr;
  /** §65: reported to the district Party committee before issue. */
  reportedOn?: DateStr;
}

export type TopicItem = WorkflowItem<TopicFields>;

export function isTopic(item: WorkflowItem): item is TopicItem {
  return item.kind === 'topic';
}

/** Step ids of a topic's route (none may end in `x`: the engine marks inserted coordination steps so). */
export const TOPIC_STEP = {
  consult: 'consult',
  /** §24: the submitting unit lists each side's reasons after a disagreement that stands. */
  statement: 'consults',
  coordinate: 'consultx',
  legality: 'legality',
  vice: 'vice',
  office: 'office',
  decide: 'decide',
} as const;
