import type { AwayLookup } from '../engine/acting.ts';
import type { Step, WorkflowItem } from '../engine/types.ts';
import type { OrgIndex } from '../org.ts';
import type { DateStr } from '../time.ts';

/**
 * 三方审批定义 — one per kind of decision the Approval Center lists. An instruction's extension request
 * is a decision of its own (its own status), so it stands apart from the instruction's reviews and 销号.
 */
export type DefinitionKind = 'leave' | 'topic' | 'instruction' | 'extension' | 'minutes';

/** The Approval Center's words for an instance (PENDING 审批中 … CANCELED 撤回). */
export type InstanceStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELED';

/** A task's state: DONE is "finished without this holder acting" — hidden from their lists. */
export type TaskStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'DONE';

/** What a holder may do from the Approval Center (its quick approval offers APPROVE and REJECT only). */
export type QuickAction = 'APPROVE' | 'REJECT';

/** A line of the instance's form (审批中心 shows the first two on PC, three on a phone). */
export interface FormLine {
  label: string;
  labelEn: string;
  value: string;
}

/** One holder's task on one step: the party who owes it, and who holds it (代 when they differ, §8). */
export interface TaskView {
  id: string;
  stepId: string;
  round: number;
  party: string;
  holder: string;
  onBehalfOf?: string;
  /** The step's title, who decided or acts, and by when — the list shows only this line per task. */
  title: string;
  /** Same for every instance of a definition (Approval Center groups statistics by node). */
  nodeId: string;
  nodeName: string;
  status: TaskStatus;
  createdAt: string;
  endedAt?: string;
  due?: DateStr;
  /** Offered while PENDING; a REJECT always asks for a reason (the rules want one for a no). */
  actions: QuickAction[];
}

/** 抄送 — someone only told (the government office's filing, the AB partner who acts). */
export interface CcView {
  id: string;
  person: string;
  title: string;
  at: string;
}

/** An item (or a part of it, e.g. one extension request) as it stands in the Approval Center. */
export interface InstanceView {
  /** The item id, with `/suffix` for a part that stands as an instance of its own. */
  key: string;
  itemId: string;
  definition: DefinitionKind;
  title: string;
  submitter: string;
  status: InstanceStatus;
  startedAt: string;
  endedAt?: string;
  lines: FormLine[];
  tasks: TaskView[];
  ccs: CcView[];
}

/** What the mapping needs besides the item: the org, today, and who is away (for 代, §8). */
export interface DescribeEnv {
  org: OrgIndex;
  today: DateStr;
  away: AwayLookup;
}

/** One instance an item stands as, described by its kind; tasks come from `steps`, generically. */
export interface InstancePart {
  suffix: string;
  definition: DefinitionKind;
  title: string;
  submitter: string;
  /** The decision steps this instance shows. */
  steps: Step[];
  /** Overrides the item's status (a part with a life of its own, e.g. an extension request). */
  status?: InstanceStatus;
  endedAt?: string;
  lines: FormLine[];
  /** People told, beyond the parties of the item's notify steps. */
  cc: Array<{ person: string; at: string }>;
}

/**
 * Per kind: which instances an item stands as and their form lines. A workflow added later plugs in
 * with one describer; the tasks, statuses, acting and CCs are worked out generically from the steps.
 */
export type Describer = (item: WorkflowItem, env: DescribeEnv) => InstancePart[];
