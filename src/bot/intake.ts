import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import { pruneSeen, type Store } from '../store/port.ts';
import type { CardReply } from './card-action.ts';
import type { Dispatcher } from './dispatch.ts';
import { dedupeKeys, type Inbound } from './inbound.ts';
import type { Answering } from './out.ts';

export type IntakeResult = { duplicate: true } | { duplicate: false; reply?: CardReply };

export interface Intake {
  /**
   * De-duplicates and records an inbound durably. Card taps are handled before this resolves (their
   * answer goes back in the HTTP response); messages and menu clicks are handled after, in order per sender.
   * `answering`: a tap's, given by the transport that answers it (src/bot/answer.ts).
   */
  accept(inb: Inbound, answering?: Answering): Promise<IntakeResult>;
  /** Handles what a previous run accepted but did not finish (after a crash). */
  resume(): Promise<void>;
  /** Resolves once every accepted message and tap has been handled (tests, shutdown). */
  idle(): Promise<void>;
}

export function createIntake(o: {
  store: Store;
  dispatcher: Dispatcher;
  logger: Logger;
  now?: () => number;
}): Intake {
  const now = o.now ?? Date.now;
  const chains = new Map<string, Promise<void>>();
  // Taps being handled: a late one still writes (and queues its held-back patch) after its answer left.
  const taps = new Set<Promise<unknown>>();
  let lastPrune = 0;

  const process = (inb: Inbound, inboxId: string) => {
    const key = inb.kind === 'card' ? inb.operator : inb.kind === 'directory' ? 'directory' : inb.sender;
    const prev = chains.get(key) ?? Promise.resolve();
    const next = prev
      .then(() => o.dispatcher.handle(inb, inboxId))
      .then(
        () => undefined,
        (err) => o.logger.error({ err, eventId: inb.eventId }, 'inbound failed'),
      )
      .finally(() => {
        if (chains.get(key) === next) chains.delete(key);
      });
    chains.set(key, next);
  };

  return {
    async accept(inb, answering) {
      const keys = dedupeKeys(inb);
      const t = now();
      const inboxId = randomUUID();
      let fresh = false;
      const marked = o.store.transact((d) => {
        if (keys.some((k) => k in d.seenEvents)) return;
        fresh = true;
        for (const k of keys) d.seenEvents[k] = t;
        if (t - lastPrune > 60_000) {
          pruneSeen(d, t);
          lastPrune = t;
        }
        if (inb.kind !== 'card') d.inbox.push({ id: inboxId, inbound: inb, receivedAt: t });
      });
      if (inb.kind === 'card' && fresh) {
        // A tap is handled at once and its mark rides on the decision's write: the answer goes back
        // only when both are durable, and a tap waits for one write, not two in a row.
        const handled = o.dispatcher.handle(inb, undefined, answering);
        const tracked = handled.catch(() => undefined).finally(() => taps.delete(tracked));
        taps.add(tracked);
        const reply = await handled;
        await marked;
        return { duplicate: false, reply };
      }
      await marked;
      if (!fresh) return { duplicate: true };
      process(inb, inboxId);
      return { duplicate: false };
    },
    async resume() {
      for (const e of [...o.store.data.inbox]) process(e.inbound, e.id);
      await this.idle();
    },
    async idle() {
      while (chains.size > 0 || taps.size > 0) await Promise.all([...chains.values(), ...taps]);
    },
  };
}
