import type { Logger } from '../logger.ts';
import { type CardReply, toast } from './card-action.ts';
import type { Inbound } from './inbound.ts';
import type { Intake } from './intake.ts';
import type { Answering } from './out.ts';
import { DUPLICATE_TAP, TAP_STILL_WORKING } from './replies.ts';

/**
 * Lark waits 3 s for a card callback's answer, then shows the official error 200340 and drops
 * whatever comes later. Answer by 2.5 s (the rest is the network's) with a holding toast instead:
 * the decision still lands once, and the tapped card — which an answer in time would have carried,
 * and so is not patched otherwise (issue 12) — is then patched from the outbox like the other copies.
 */
export const TAP_ANSWER_BUDGET_MS = 2_500;

/**
 * What a transport sends back for an inbound (the HTTP response body, or the long connection's
 * ACK data): a tap's toast and card, `{}` for everything else.
 */
export async function answerInbound(
  intake: Intake,
  inbound: Inbound,
  o: { logger: Logger; tapBudgetMs?: number },
): Promise<CardReply | Record<string, never>> {
  const answering: Answering | undefined =
    inbound.kind === 'card' ? { messageId: inbound.messageId, heldBack: new Set() } : undefined;
  const accepted = intake.accept(inbound, answering);
  if (inbound.kind !== 'card' || !answering) {
    const r = await accepted;
    return r.duplicate ? {} : (r.reply ?? {});
  }
  const budget = o.tapBudgetMs ?? TAP_ANSWER_BUDGET_MS;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budget);
  });
  try {
    const r = await Promise.race([accepted, late]);
    if (r === 'late') {
      o.logger.warn({ eventId: inbound.eventId, budgetMs: budget }, 'card tap slower than its budget');
      // The dispatcher reads `late` when the action is done; one already done released nothing yet.
      answering.late = true;
      answering.release?.().catch((err: unknown) => o.logger.error({ err }, 'held-back patch failed'));
      accepted.catch((err: unknown) => o.logger.error({ err, eventId: inbound.eventId }, 'late tap failed'));
      return toast('info', TAP_STILL_WORKING);
    }
    if (r.duplicate) return toast('info', DUPLICATE_TAP);
    return r.reply ?? {};
  } finally {
    clearTimeout(timer);
  }
}
