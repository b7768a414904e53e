import type { Deadline } from '../deadline.ts';
import type { WorkflowItem } from '../engine/types.ts';
import type { DateStr } from '../time.ts';
import type { MeetingKind } from '../topic/types.ts';

/**
 * 议定事项 — one thing the meeting decided, kept in the shape the instruction workflow turns into an
 * instruction (§56): what to do, the lead department, and the funds approved (in 元), if any.
 */
export interface MinutesDecision {
  text: string;
  leadDepartment?: string;
  funds?: number;
}

/** 会议纪要 — a meeting held, what it decided, and who drafts, reviews and signs its minutes. */
export interface MinutesFields {
  meeting: MeetingKind;
  heldOn: DateStr;
  /** Business meeting: the chairing vice head, who signs (§40). */
  chair?: string;
  /** The topics the meeting took up (ids of topic items, with what the cards show of them). */
  topics: Array<{ id: string; title: string; unit: string }>;
  decisions: MinutesDecision[];
  /** The drafting department (standing and plenary: the government office). */
  drafter: string;
  /** Business meeting: departments whose opinion the draft needs, 1 working day to reply (§40). */
  consulted: string[];
  /** Legal matters: the justice bureau reviews the draft (§41). */
  legal: boolean;
  /** 印发时限: the minutes are issued by this day (§38–§40). */
  issueBy: Deadline;
  /** §41: the justice bureau's opinion on the draft, 1 working day after the meeting ends (legal matters only). */
  legalityBy?: Deadline;
  /** The day the minutes were signed (签发); the §56 payment clock starts here. */
  issuedOn?: DateStr;
  /** The day the finance bureau reported the funds paid (§56). */
  paidOn?: DateStr;
}

export type MinutesItem = WorkflowItem<MinutesFields>;

export function isMinutes(item: WorkflowItem): item is MinutesItem {
  return item.kind === 'minutes';
}

/** Step ids of the minutes route (none may end in `x`, the engine's mark for inserted steps). */
export const MINUTES_STEP = {
  draft: 'draft',
  consult: 'consult',
  legality: 'legality',
  office: 'office',
  review: 'review',
  sign: 'sign',
  pay: 'pay',
} as const;

/** Total funds a meeting approved, in 元. */
export const totalFunds = (f: Pick<MinutesFields, 'decisions'>): number =>
  f.decisions.reduce((sum, d) => sum + (d.funds ?? 0), 0);
