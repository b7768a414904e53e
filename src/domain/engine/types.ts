import type { Deadline } from '../deadline.ts';

/** What kind of work an item is: leave 请假, topic 议题, meeting 会议通知, instruction 批示, and tracked duties. */
export type ItemKind = 'leave' | 'topic' | 'meeting' | 'minutes' | 'instruction' | 'duty';

/** 审批 approve, 会签 countersign, 签收 acknowledge, 知会 notify. */
export type StepKind = 'approve' | 'countersign' | 'acknowledge' | 'notify';

/** A step's time limit, from the article that sets it. */
export interface DueSpec {
  rule: string;
  unit: 'working_days' | 'calendar_days';
  amount: number;
}

export type StepStatus = 'waiting' | 'active' | 'done' | 'rejected' | 'cancelled';

export type Answer =
  | 'approve'
  | 'reject'
  | 'agree'
  | 'agree_with_comments'
  | 'disagree'
  | 'no_objection_deadline'
  | 'acknowledged'
  | 'notified';

/**
 * In what capacity someone answered a step that is not theirs, other than §8 acting (`onBehalfOf`):
 * the supervision office closing out an instruction (§58) acts as itself, not for the leader.
 */
export type Capacity = 'supervision';

/** One party's answer on a step; `actor` acted, `party` owed it (they differ for 代批). */
export interface StepResponse {
  party: string;
  actor: string;
  onBehalfOf?: string;
  capacity?: Capacity;
  answer: Answer;
  comment?: string;
  at: string;
}

/** A step of an item's route, with whom it waits on and by when. */
export interface Step {
  id: string;
  kind: StepKind;
  /** Chinese label shown on cards, e.g. 分管副区长审批. */
  title: string;
  rule?: string;
  /** Person ids who owe this step (approve: one; countersign: several). */
  parties: string[];
  status: StepStatus;
  /** How the deadline is set when the step starts (the due date itself depends on that day). */
  due?: DueSpec;
  deadline?: Deadline;
  /**
   * Countersign: who settles a disagreement that stands (§24, §50), as an approve step inserted after;
   * `statement` first, when the submitting unit must list each side's reasons before that (§24).
   */
  escalate?: {
    title: string;
    party: string;
    rule: string;
    statement?: { title: string; party: string; rule: string };
  };
  /** §50: silence by the deadline counts as no objection. */
  silence?: 'no_objection';
  /** Inserted after this countersign step by a disagreement (§24); dropped when the item is resubmitted. */
  insertedAfter?: string;
  /** Who may not hold or decide this step (the author of what it judges); see `recusedFrom`. */
  recused?: string[];
  responses: StepResponse[];
  activatedAt?: string;
  completedAt?: string;
}

export type ItemStatus =
  | 'draft'
  | 'in_progress'
  | 'approved'
  | 'rejected'
  | 'withdrawn'
  | 'recorded'
  | 'closed';

/** An entry of the audit trail 留痕: who did what, when, on whose behalf. */
export interface TrailEntry {
  at: string;
  actor: string;
  onBehalfOf?: string;
  capacity?: Capacity;
  action: string;
  stepId?: string;
  comment?: string;
  round: number;
}

export interface WorkflowItem<F = object> {
  id: string;
  kind: ItemKind;
  title: string;
  submitter: string;
  departmentId?: string;
  fields: F;
  status: ItemStatus;
  steps: Step[];
  round: number;
  trail: TrailEntry[];
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
}
