import { P2P_PREFIX, p2pChatId } from './ids.ts';
import type { SandboxState } from './state.ts';
import { larkError, type ReceiveIdType, type Reply } from './types.ts';

const MSG_TYPES = new Set([
  'text',
  'post',
  'image',
  'file',
  'audio',
  'media',
  'sticker',
  'interactive',
  'share_chat',
  'share_user',
]);

const KB = 1024;
const RECEIVE_ID_TYPES = new Set<string>(['open_id', 'chat_id', 'email']);

export const invalidParam = (what: string): Reply =>
  larkError(400, 99992402, `field validation failed: ${what}`);
export const unknownMessage = (id: string): Reply =>
  larkError(400, 230011, `The message was withdrawn or does not exist: ${id}`);
const noAvailability = (): Reply => larkError(400, 230013, 'Bot has NO availability to this user.');

export const isReceiveIdType = (value: string | null): value is ReceiveIdType =>
  value !== null && RECEIVE_ID_TYPES.has(value);

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

/** Checks msg_type, that content is a JSON string, and Lark's size caps (text 150 KB, others 30 KB). */
export function parseContent(
  msgType: unknown,
  content: unknown,
): Parsed<{ msgType: string; content: unknown }> {
  if (typeof msgType !== 'string' || !MSG_TYPES.has(msgType)) return fail(invalidParam('msg_type'));
  if (typeof content !== 'string') return fail(invalidParam('content must be a JSON string'));
  const limit = msgType === 'text' ? 150 * KB : 30 * KB;
  if (Buffer.byteLength(content) > limit)
    return fail(larkError(400, 230025, 'The message content is too long.'));
  try {
    return { ok: true, value: { msgType, content: JSON.parse(content) } };
  } catch {
    return fail(
      larkError(400, 230001, 'Your request contains an invalid request parameter: content is not JSON.'),
    );
  }
}

export function checkUuid(uuid: unknown): Parsed<string | undefined> {
  if (uuid === undefined || uuid === '') return { ok: true, value: undefined };
  if (typeof uuid !== 'string' || uuid.length > 50) return fail(invalidParam('uuid (at most 50 characters)'));
  return { ok: true, value: uuid };
}

export interface Target {
  chatId: string;
  /** the receiving user when the chat is the bot's p2p chat */
  user?: string;
}

export function resolveTarget(state: SandboxState, type: ReceiveIdType, id: string): Parsed<Target> {
  if (type === 'email') {
    const user = [...state.users.values()].find((u) => u.email?.toLowerCase() === id.toLowerCase());
    return user ? p2p(user.openId) : fail(noAvailability());
  }
  if (type === 'open_id') return knowsUser(state, id) ? p2p(id) : fail(noAvailability());
  if (state.chats.has(id)) return { ok: true, value: { chatId: id } };
  const user = id.startsWith(P2P_PREFIX) ? id.slice(P2P_PREFIX.length) : undefined;
  if (user && knowsUser(state, user)) return p2p(user);
  return fail(larkError(400, 230002, 'Bot/User can NOT be out of the chat.'));
}

/** The users the chat's urgent may reach. */
export function membersOf(state: SandboxState, chatId: string): string[] {
  if (chatId.startsWith(P2P_PREFIX)) return [chatId.slice(P2P_PREFIX.length)];
  return state.chats.get(chatId)?.members ?? [];
}

export const p2pUserOf = (chatId: string): string | undefined =>
  chatId.startsWith(P2P_PREFIX) ? chatId.slice(P2P_PREFIX.length) : undefined;

// With no directory configured every open id is reachable, so quick tests need no setup.
const knowsUser = (state: SandboxState, openId: string): boolean =>
  state.users.size === 0 || state.users.has(openId);

const p2p = (user: string): Parsed<Target> => ({ ok: true, value: { chatId: p2pChatId(user), user } });
const fail = <T>(reply: Reply): Parsed<T> => ({ ok: false, reply });
