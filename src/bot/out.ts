import { plainText } from '../../cards/markdown.ts';
import type { OrgIndex } from '../domain/org.ts';
import type { FileType, MsgType, Target } from '../lark/gateway.ts';
import { cardContent, enqueue, textContent } from '../lark/outbox.ts';
import type { StoreData } from '../store/schema.ts';

/** Queues messages inside a transaction; nothing leaves before the transaction is durable. */
export interface Out {
  send(to: Target, message: string | object, ref?: string): void;
  reply(message: string | object): void;
  /** Patches the card sent under `ref`; with no card given, it is drawn from the item when sent. */
  patch(ref: string, card?: object): void;
  urgent(ref: string, openIds: string[]): void;
  /** Uploads a file (kept at `path` until uploaded; removed then when `temporary`) and sends it. */
  file(to: Target, fileName: string, fileType: FileType, path: string, o?: { temporary?: boolean }): void;
  /** Whether anything was queued (the sender is woken after the write). */
  readonly queued: number;
}

export interface ReplyTarget {
  messageId?: string;
  rateKey: string;
  /** Where to send when there is no message to reply to (a menu click, a card tap). */
  fallback: Target;
}

function encode(message: string | object): { msgType: MsgType; content: string } {
  // The bot never @mentions in text messages, so no `<at …>` may reach Lark from anything typed.
  return typeof message === 'string'
    ? { msgType: 'text', content: textContent(plainText(message, 20_000)) }
    : { msgType: 'interactive', content: cardContent(message) };
}

/**
 * The message a card tap is being answered on: its answer carries the card redrawn, so a patch of that
 * message is not queued (Feishu locks a card during its callback and counts updates per message; the
 * same content twice is one update too many). What was held back is queued after all when the answer
 * carries no card, or when it left without it: the holding toast at the tap budget (src/bot/answer.ts).
 */
export interface Answering {
  messageId: string;
  heldBack: Set<string>;
  /** The answer went out without the card (the holding toast): nothing is held back any more. */
  late?: boolean;
  /** Set while patches are held back for an answer that carries the card: queues them after all. */
  release?: () => Promise<void>;
}

/** Outbox times are wall-clock (when to send), never the domain's clock, which tests and /admin/tick move. */
export function createOut(data: StoreData, replyTo: ReplyTarget | undefined, answering?: Answering): Out {
  const nowMs = Date.now();
  let queued = 0;
  return {
    send(to, message, ref) {
      enqueue(data, { op: 'send', to, ...encode(message), ref }, nowMs);
      queued++;
    },
    reply(message) {
      if (!replyTo) throw new Error('nothing to reply to');
      if (replyTo.messageId) {
        enqueue(
          data,
          { op: 'reply', messageId: replyTo.messageId, rateKey: replyTo.rateKey, ...encode(message) },
          nowMs,
        );
      } else {
        enqueue(data, { op: 'send', to: replyTo.fallback, ...encode(message) }, nowMs);
      }
      queued++;
    },
    patch(ref, card) {
      if (!card && answering && !answering.late && data.cards[ref]?.messageId === answering.messageId) {
        answering.heldBack.add(ref);
        return;
      }
      enqueue(data, { op: 'patch', ref, ...(card ? { content: cardContent(card) } : {}) }, nowMs);
      queued++;
    },
    urgent(ref, openIds) {
      enqueue(data, { op: 'urgent', ref, openIds }, nowMs);
      queued++;
    },
    file(to, fileName, fileType, path, o) {
      enqueue(
        data,
        { op: 'file', to, fileName, fileType, path, ...(o?.temporary ? { temporary: true } : {}) },
        nowMs,
      );
      queued++;
    },
    get queued() {
      return queued;
    },
  };
}

/** A person's Lark target, or undefined when the org file could not resolve their open_id. */
export function personTarget(org: OrgIndex, personId: string): Target | undefined {
  const openId = org.openIdOf(personId);
  return openId ? { openId } : undefined;
}
