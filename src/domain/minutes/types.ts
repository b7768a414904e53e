import type { Deadline } from '../deadline.ts';
import type { WorkflowItem } from '../engine/types.ts';
import type { DateStr } from '../time.ts';
import type { MeetingKind } from '../topic/types.ts';
import type { MinutesAttendee } from './meeting-record.ts';

/** A decision's time limit: a “710” class counted from the day the minutes are signed, or a set date (§58). */
export type DecisionDue = { class: 'ordinary' | 'complex' | 'year_long' } | { date: DateStr };

/**
 * 议定事项 — one thing the meeting decided, which becomes a supervised item once the minutes are signed
 * (§56, §58): what to do, the lead unit and co-units, its time limit, the funds approved (in 元), the
 * topic it decides (a major decision's implementation is followed up, §25), and the item it became.
 * Records made before issue 15 may lack the lead unit, co-units and limit.
 */
export interface MinutesDecision {
  text: string;
  leadDepartment?: string;
  co?: string[];
  due?: DecisionDue;
  funds?: number;
  topic?: string;
  /** The supervised item (instruction) it became. */
  item?: string;
}

/** 会议纪要 — a meeting held, what it decided, and who drafts, reviews and signs its minutes. */
export interface MinutesFields {
  meeting: MeetingKind;
  heldOn: DateStr;
  /** Business meeting: the chairing vice head, who signs (§40). */
  chair?: string;
  /** The topics the meeting took up (ids of topic items, with what the cards show of them). */
  topics: Array<{ id: string; title: string; unit: string; major?: boolean }>;
  /** The meeting (notice) it records (§36), found from its topics when recorded. */
  meetingId?: string;
  /** Who presided, from the notice (§8). */
  presider?: string;
  /** The notice's unit invitees and how each stood when the minutes were recorded: attended, or excused with the substitute (§42). */
  attendance?: MinutesAttendee[];
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
  /** §65: the day the government office reported the major decisions to the district Party committee. */
  reportedOn?: DateStr;
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
  /** §38: the executive vice head reads the draft after the vice heads. */
  exec: 'exec',
  sign: 'sign',
  /** §65: a major decision is reported to the district Party committee before it is issued. */
  party: 'party',
  pay: 'pay',
} as const;

/** Total funds a meeting approved, in 元. */
export const totalFunds = (f: Pick<MinutesFields, 'decisions'>): number =>
  f.decisions.reduce((sum, d) => sum + (d.funds ?? 0), 0);

/** Whether the minutes decided a major decision (§22–§25): the §65 report is owed before issue. */
export const decidesMajor = (f: Pick<MinutesFields, 'topics'>): boolean => f.topics.some((t) => t.major);
