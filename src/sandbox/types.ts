export interface DirectoryUser {
  openId: string;
  /** The tenant's user_id (derived from the open_id when not given). */
  userId?: string;
  name: string;
  mobile?: string;
  email?: string;
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
  chats?: SandboxChat[];
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
  patches: Array<{ content: unknown; at: number }>;
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
