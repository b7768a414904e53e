import type {
  DefinitionKind,
  FormLine,
  InstanceStatus,
  QuickAction,
  TaskStatus,
} from '../domain/approval-center/types.ts';

// The Open API's shapes for 三方审批 (approval v4 external_approvals / external_instances), as the
// official pages give them: every displayed text is an @i18n@ key resolved by i18n_resources, every time a
// string of Unix milliseconds ("0" while unfinished), every id chosen by us.

export type Link = { pc_link: string; mobile_link?: string };
export type I18nResource = {
  locale: 'zh-CN' | 'en-US';
  is_default: boolean;
  texts: Array<{ key: string; value: string }>;
};

export interface TaskBody {
  task_id: string;
  open_id: string;
  title: string;
  links: Link;
  status: TaskStatus;
  extra?: string;
  create_time: string;
  end_time: string;
  update_time: string;
  action_context?: string;
  action_configs?: Array<{
    action_type: QuickAction;
    is_need_reason?: boolean;
    is_reason_required?: boolean;
    is_need_attachment?: boolean;
  }>;
  node_id: string;
  node_name: string;
}

export interface CcBody {
  cc_id: string;
  open_id: string;
  links: Link;
  read_status: 'READ' | 'UNREAD';
  title: string;
  create_time: string;
  update_time: string;
}

/** external_instances body without approval_code: the definition's code is known once it was created. */
export interface InstanceBody {
  status: InstanceStatus;
  instance_id: string;
  links: Link;
  title: string;
  form: Array<{ name: string; value: string }>;
  open_id?: string;
  user_name?: string;
  start_time: string;
  end_time: string;
  update_time: string;
  update_mode: 'UPDATE';
  task_list: TaskBody[];
  cc_list: CcBody[];
  i18n_resources: I18nResource[];
}

export interface DefinitionBody {
  approval_name: string;
  approval_code: string;
  group_code: string;
  group_name: string;
  description: string;
  external: {
    biz_name: string;
    biz_type: string;
    create_link_pc: string;
    create_link_mobile: string;
    support_pc: boolean;
    support_mobile: boolean;
    support_batch_read: boolean;
    enable_mark_readed: boolean;
    enable_quick_operate: boolean;
    allow_batch_operate: boolean;
    exclude_efficiency_statistics: boolean;
    action_callback_url?: string;
    action_callback_token?: string;
    action_callback_key?: string;
  };
  viewers: Array<{ viewer_type: 'TENANT' | 'NONE' }>;
  i18n_resources: I18nResource[];
}

/** Approval Center calls queued in the outbox beside the state change that caused them. */
export type ApprovalOp =
  | { op: 'approval'; call: 'definition'; definition: DefinitionKind; body: DefinitionBody }
  | { op: 'approval'; call: 'instance'; key: string; definition: DefinitionKind; body: InstanceBody }
  /** `at`: the bot's time when it was asked (what a verified version is dated with). */
  | { op: 'approval'; call: 'check'; keys: string[]; at: number };

/** A definition as the Approval Center knows it: our code (the upsert key) and the one it gave back. */
export interface ApprovalDefinitionRecord {
  kind: DefinitionKind;
  /** Ours, stable per app: a later upsert with it updates the same definition. */
  customCode: string;
  /** The code the first creation returned; instances are filed under it. */
  code?: string;
}

/** A task as last synced, with its content's digest and the update_time it went out with. */
export interface SyncedTask {
  id: string;
  stepId: string;
  round: number;
  party: string;
  holder: string;
  openId: string;
  onBehalfOf?: string;
  title: string;
  nodeName: string;
  status: TaskStatus;
  createdAt: string;
  endedAt?: string;
  actions: QuickAction[];
  /** Set while waiting with 同意 / 拒绝 offered. */
  quick?: true;
  digest: string;
  at: number;
}

export interface SyncedCc {
  id: string;
  person: string;
  openId: string;
  title: string;
  at: number;
  createdAt: string;
  digest: string;
}

/**
 * One external instance as the bot last queued it. Every entity keeps the update_time it last changed
 * at: the Approval Center applies an UPDATE only where it is strictly newer, so a retry (same times) or a
 * late older request changes nothing.
 */
export interface ApprovalInstanceRecord {
  key: string;
  itemId: string;
  instanceId: string;
  definition: DefinitionKind;
  title: string;
  status: InstanceStatus;
  submitterOpenId?: string;
  submitterName: string;
  startedAt: string;
  endedAt?: string;
  lines: FormLine[];
  /** Synced with 同意 / 拒绝 on the waiting tasks (the quick-approval callback was configured). */
  quick: boolean;
  tasks: SyncedTask[];
  ccs: SyncedCc[];
  digest: string;
  /** The instance's update_time; raised with every change of anything in it, so it is the version. */
  at: number;
  /** The version the Approval Center confirmed; later bodies carry what changed since. */
  delivered: number;
  /** The version the consistency check last found in place, and when. */
  checked?: { at: number; on: number };
}

/** The quick-approval callback (三方快捷审批回调) once its token is checked: what the approver did. */
export interface QuickApproval {
  action_type: 'APPROVE' | 'REJECT';
  user_id: string;
  approval_code: string;
  instance_id: string;
  task_id: string;
  reason?: string;
  action_context?: string;
}
