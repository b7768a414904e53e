import type { LongConnectionConfig } from './long-connection.ts';

export interface DirectoryUser {
  openId: string;
  /** The tenant's user_id (derived from the open_id when not given). */
  userId?: string;
  name: string;
  mobile?: string;
  email?: string;
  /** The open_department_ids the user belongs to (Lark's `department_ids`); the first is their main one. */
  departmentIds?: string[];
  /** 职务 (Lark's `job_title`). */
  jobTitle?: string;
}

/** A department of the sandbox tenant's directory (contact v3), ids as Lark gives them. */
export interface DirectoryDepartment {
  /** open_department_id, `od-…`. */
  openId: string;
  /** The custom department_id an administrator may set. */
  departmentId: string;
  name: string;
  /** open_department_id of the parent; `0` under the tenant's root. */
  parent: string;
  /** 部门负责人: leaderType 1 main, 2 deputy. */
  leaders: Array<{ type: 1 | 2; openId: string }>;
}

export interface SandboxChat {
  chatId: string;
  name: string;
  /** open ids of the human members; the bot is implicitly a member. */
  members: string[];
}

export interface SandboxLarkOptions {
  appId: string;
  appSecret: string;
  botOpenId: string;
  botName: string;
  directory?: DirectoryUser[];
  /** The contact tree served by contact v3 (departments/children, users/find_by_department). */
  departments?: DirectoryDepartment[];
  chats?: SandboxChat[];
  /** ClientConfig and delivery timing of the long connection; Lark's values by default. */
  longConnection?: Partial<LongConnectionConfig>;
  /** The time Lark's own rules are measured by (a test moves it): a card older than 14 days can not be patched. */
  clock?: () => Date;
}

export type ReceiveIdType = 'open_id' | 'chat_id' | 'email';

export interface SandboxMessage {
  messageId: string;
  chatId: string;
  receiveIdType?: ReceiveIdType;
  receiveId?: string;
  msgType: string;
  content: unknown;
  uuid?: string;
  replyTo?: string;
  createdAt: number;
  /** When it was sent by the clock Lark's rules are measured with (the 14-day update window). */
  sentAt?: number;
  /** Updates in order: PATCH calls, and cards answering a tap on it (`by: 'tap'`), as Lark applies both. */
  patches: Array<{ content: unknown; at: number; by?: 'tap' }>;
  urgent: string[][];
}

/** A message a user sent (fabricated by the event sender), kept so the bot can reply to it. */
export interface UserMessage {
  messageId: string;
  chatId: string;
  from: string;
  msgType: string;
  content: unknown;
  createdAt: number;
}

export interface SandboxFile {
  key: string;
  name: string;
  type: string;
  bytes: Buffer;
  createdAt: number;
}

export interface CardUpdate {
  token: string;
  card: unknown;
  at: number;
  /** Set when the token was minted by `cardToken(messageId)`; the update is then applied as a patch. */
  messageId?: string;
}

export interface SandboxEvents {
  message: [SandboxMessage];
  userMessage: [UserMessage];
  patch: [{ messageId: string; content: unknown; at: number }];
  urgent: [{ messageId: string; userIds: string[]; at: number }];
  cardUpdate: [CardUpdate];
  approval: [{ instanceId: string; at: number }];
}

/** What a route answers; `hold` means never answer (the injected timeout). */
export type Reply = { status: number; body: unknown; headers?: Record<string, string> } | 'hold';

export const ok = (data: unknown = {}): Reply => ({ status: 200, body: { code: 0, msg: 'success', data } });

export const larkError = (status: number, code: number, msg: string): Reply => ({
  status,
  body: { code, msg },
});
