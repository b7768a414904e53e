import { p2pChatId, randomHex, unionIdOf, userIdOf } from './ids.ts';

export interface BotIdentity {
  botOpenId: string;
  botName: string;
  tenantKey: string;
}

export interface MessageEventInput {
  from: string;
  chatType: 'p2p' | 'group';
  chatId?: string;
  text: string;
  mentionBot?: boolean;
  messageId?: string;
  eventId?: string;
}

export interface PostEventInput extends MessageEventInput {
  title?: string;
}

export interface CardTapInput {
  operator: string;
  messageId: string;
  chatId: string;
  value: Record<string, unknown>;
  formValue?: Record<string, unknown>;
  tag?: string;
  name?: string;
  /** the card-update token; a fresh `c-…` when omitted (use `sandbox.cardToken(messageId)` to bind one) */
  token?: string;
  eventId?: string;
}

export interface MenuInput {
  operator: string;
  key: string;
  operatorName?: string;
  eventId?: string;
}

export const MENTION_KEY = '@_user_1';

export const newEventId = (): string => randomHex(16);

export const userIds = (openId: string) => ({
  union_id: unionIdOf(openId),
  user_id: userIdOf(openId),
  open_id: openId,
});

function chatOf(input: MessageEventInput): string {
  if (input.chatType === 'p2p') return input.chatId ?? p2pChatId(input.from);
  if (!input.chatId) throw new Error('a group message needs chatId');
  return input.chatId;
}

/** The `event` of im.message.receive_v1 for a user's text or post message. */
export function messageEvent(
  bot: BotIdentity,
  input: MessageEventInput,
  messageType: 'text' | 'post',
  content: unknown,
): Record<string, unknown> {
  const mention = {
    key: MENTION_KEY,
    id: userIds(bot.botOpenId),
    name: bot.botName,
    tenant_key: bot.tenantKey,
  };
  return {
    sender: { sender_id: userIds(input.from), sender_type: 'user', tenant_key: bot.tenantKey },
    message: {
      message_id: input.messageId ?? `om_${randomHex(16)}`,
      create_time: String(Date.now()),
      chat_id: chatOf(input),
      chat_type: input.chatType,
      message_type: messageType,
      content: JSON.stringify(content),
      ...(input.mentionBot ? { mentions: [mention] } : {}),
    },
  };
}

export const textContent = ({ text, mentionBot }: MessageEventInput) => ({
  text: mentionBot ? `${MENTION_KEY} ${text}` : text,
});

export function postContent({ text, mentionBot, title = '' }: PostEventInput, botName: string) {
  const at = { tag: 'at', user_id: MENTION_KEY, user_name: botName };
  const line = mentionBot ? [at, { tag: 'text', text: ` ${text}` }] : [{ tag: 'text', text }];
  return { title, content: [line] };
}

export function cardEvent(tenantKey: string, input: CardTapInput, token: string): Record<string, unknown> {
  return {
    operator: { tenant_key: tenantKey, ...userIds(input.operator) },
    token,
    action: {
      value: input.value,
      tag: input.tag ?? 'button',
      ...(input.name ? { name: input.name } : {}),
      ...(input.formValue ? { form_value: input.formValue } : {}),
    },
    host: 'im_message',
    context: { open_message_id: input.messageId, open_chat_id: input.chatId },
  };
}

export function menuEvent(input: MenuInput): Record<string, unknown> {
  return {
    operator: {
      ...(input.operatorName ? { operator_name: input.operatorName } : {}),
      operator_id: userIds(input.operator),
    },
    event_key: input.key,
    timestamp: Math.floor(Date.now() / 1000),
  };
}
