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
  submittedOn: DateStr;
  /** The meeting date the head (or the chairing vice head) put it on the agenda for (§38–§40). */
  meetingDate?: DateStr;
  /** The minutes item that recorded the meeting which took it up (上会). */
  heldIn?: string;
}

export type TopicItem = WorkflowItem<TopicFields>;

export function isTopic(item: WorkflowItem): item is TopicItem {
  return item.kind === 'topic';
}

/** Step ids of a topic's route (none may end in `x`: the engine marks inserted coordination steps so). */
export const TOPIC_STEP = {
  consult: 'consult',
  legality: 'legality',
  vice: 'vice',
  office: 'office',
  decide: 'decide',
} as const;
