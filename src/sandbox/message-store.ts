import { newMessageId } from './ids.ts';
import type { SandboxMessage, UserMessage } from './types.ts';

// Lark: "requests with the same uuid send at most one message per hour".
const UUID_TTL_MS = 60 * 60 * 1000;

export type NewMessage = Omit<SandboxMessage, 'messageId' | 'createdAt' | 'patches' | 'urgent'>;

export class MessageStore {
  readonly messages: SandboxMessage[] = [];
  readonly userMessages: UserMessage[] = [];
  readonly uuidHits = new Map<string, number>();
  private readonly byId = new Map<string, SandboxMessage>();
  private readonly userById = new Map<string, UserMessage>();
  private readonly byUuid = new Map<string, SandboxMessage>();

  add(fields: NewMessage): SandboxMessage {
    let messageId = newMessageId();
    while (this.byId.has(messageId)) messageId = newMessageId();
    const message: SandboxMessage = { ...fields, messageId, createdAt: Date.now(), patches: [], urgent: [] };
    this.messages.push(message);
    this.byId.set(messageId, message);
    if (fields.uuid) this.byUuid.set(fields.uuid, message);
    return message;
  }

  addUserMessage(message: UserMessage): void {
    this.userMessages.push(message);
    this.userById.set(message.messageId, message);
  }

  /** Counts an accepted request carrying `uuid`; returns the message it already produced, if any. */
  hitUuid(uuid: string | undefined): SandboxMessage | undefined {
    if (!uuid) return undefined;
    this.uuidHits.set(uuid, (this.uuidHits.get(uuid) ?? 0) + 1);
    const earlier = this.byUuid.get(uuid);
    if (earlier && Date.now() - earlier.createdAt < UUID_TTL_MS) return earlier;
    return undefined;
  }

  get(messageId: string): SandboxMessage | undefined {
    return this.byId.get(messageId);
  }

  /** A message of either side, as a reply target. */
  any(messageId: string): SandboxMessage | UserMessage | undefined {
    return this.byId.get(messageId) ?? this.userById.get(messageId);
  }

  currentContent(messageId: string): unknown {
    const message = this.byId.get(messageId);
    return message?.patches.at(-1)?.content ?? message?.content;
  }

  in(chatId: string): SandboxMessage[] {
    return this.messages.filter((m) => m.chatId === chatId);
  }

  rootIdOf(message: SandboxMessage): string {
    let id = message.messageId;
    for (let parent = message.replyTo; parent; parent = this.byId.get(parent)?.replyTo) id = parent;
    return id;
  }
}
