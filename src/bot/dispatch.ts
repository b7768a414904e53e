import type { Calendar } from '../domain/calendar.ts';
import type { OrgIndex } from '../domain/org.ts';
import { beijingDate } from '../domain/time.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/port.ts';
import type { CardAction, CardReply, FieldLimit } from './card-action.ts';
import { toast } from './card-action.ts';
import { type CommandRegistry, splitCommand } from './command.ts';
import type { Actor, Context } from './context.ts';
import { createFloodGuard, type FloodLimits } from './flood.ts';
import type { Inbound } from './inbound.ts';
import { charCount, grouped, INPUT_LIMITS } from './limits.ts';
import { type Answering, createOut, type ReplyTarget } from './out.ts';
import {
  INTERNAL_ERROR,
  NOT_A_COMMAND,
  NOT_IN_ORG,
  notAllowed,
  STALE_CARD,
  TOO_FAST,
  tooLong,
  unknownCommand,
  usageReply,
} from './replies.ts';

export interface DispatchDeps {
  org: OrgIndex;
  calendar: Calendar;
  store: Store;
  commands: CommandRegistry;
  cardActions: CardAction<unknown>[];
  logger: Logger;
  clock: () => Date;
  /** Called after a write that queued messages, to wake the outbox sender. */
  onQueued: () => void;
  /** Per-person limits (benchmarks lift them). */
  floodLimits?: FloodLimits;
  /** A contact change event from Lark: the org sync refreshes the directory. */
  onDirectoryChange?: (e: { eventType: string; eventId: string }) => void;
}

export interface Dispatcher {
  /**
   * Handles one de-duplicated inbound; `inboxId` is removed from the inbox in the handler's own write.
   * A tap's `answering` (made here when not given) tells the transport what the answer held back.
   */
  handle(inb: Inbound, inboxId?: string, answering?: Answering): Promise<CardReply | undefined>;
}

function replyTarget(inb: Inbound): ReplyTarget | undefined {
  switch (inb.kind) {
    case 'message':
      return {
        messageId: inb.messageId,
        rateKey: inb.chatType === 'p2p' ? `user:${inb.sender}` : `chat:${inb.chatId}`,
        fallback: { chatId: inb.chatId },
      };
    case 'menu':
      return { rateKey: `user:${inb.sender}`, fallback: { openId: inb.sender } };
    case 'card':
      return { rateKey: `user:${inb.operator}`, fallback: { openId: inb.operator } };
    case 'directory':
      return undefined;
  }
}

async function dropInbox(store: Store, inboxId: string): Promise<void> {
  await store.transact((d) => {
    d.inbox = d.inbox.filter((e) => e.id !== inboxId);
  });
}

/** Someone the org does not know (yet): enough of an actor to be answered. */
function anonymous(openId: string): Actor {
  return { person: { id: '', name: '', title: '' } as Actor['person'], openId, role: undefined };
}

/**
 * A form value longer than any card input allows (or a multi-select with more options than a card has)
 * can only be forged: refused, named by its limit, before any field is read.
 */
function oversizedField(
  form: Record<string, unknown> | undefined,
  limits: readonly FieldLimit[],
): string | undefined {
  for (const l of limits) {
    const v = form && Object.hasOwn(form, l.name) ? form[l.name] : undefined;
    const n = typeof v === 'string' ? charCount(v) : 0;
    if (n > l.max)
      return `“${l.label}”最多${grouped(l.max)}字，您填写了${grouped(n)}字，没有处理。请修改后再提交。`;
  }
  for (const v of Object.values(form ?? {})) {
    const values = Array.isArray(v) ? v : [v];
    if (values.length > INPUT_LIMITS.formOptions)
      return `表单中一项选择了${values.length}个选项，最多${INPUT_LIMITS.formOptions}个，没有处理。`;
    for (const x of values) {
      const n = typeof x === 'string' ? charCount(x) : 0;
      if (n > INPUT_LIMITS.formField)
        return `表单中一项填写了${grouped(n)}字，每项最多${grouped(INPUT_LIMITS.formField)}字，没有处理。请精简后再提交。`;
    }
  }
  return undefined;
}

function senderOf(inb: Exclude<Inbound, { kind: 'directory' }>): string {
  return inb.kind === 'card' ? inb.operator : inb.sender;
}

/** Routes an inbound to its command or card action; the one error boundary. */
export function createDispatcher(deps: DispatchDeps): Dispatcher {
  const actions = new Map<string, CardAction<unknown>>();
  for (const a of deps.cardActions) {
    if (actions.has(a.action)) throw new Error(`card action "${a.action}" is defined twice`);
    actions.set(a.action, a);
  }

  function makeContext(
    inb: Inbound,
    actor: Actor,
    inboxId: string | undefined,
    answering?: Answering,
  ): Context {
    const now = deps.clock();
    const target = replyTarget(inb);
    let inboxDone = inboxId === undefined;
    const transact: Context['transact'] = async (fn) => {
      const out = { queued: 0 } as { queued: number };
      const result = await deps.store.transact((data) => {
        const o = createOut(data, target, answering);
        const r = fn(data, o);
        if (!inboxDone) {
          data.inbox = data.inbox.filter((e) => e.id !== inboxId);
          inboxDone = true;
        }
        out.queued = o.queued;
        return r;
      });
      if (out.queued > 0) deps.onQueued();
      return result;
    };
    return {
      inbound: inb,
      actor,
      now,
      today: beijingDate(now),
      org: deps.org,
      calendar: deps.calendar,
      store: deps.store,
      commands: deps.commands,
      logger: deps.logger,
      transact,
      reply: (message) => transact((_d, out) => out.reply(message)),
      answer: (fn) => transact((d, out) => out.reply(fn(d, out))),
    };
  }

  /** Queues the patches a tap's answer held back (once: the set is emptied). */
  async function patchHeldBack(answering: Answering): Promise<void> {
    const refs = [...answering.heldBack];
    answering.heldBack.clear();
    if (refs.length === 0) return;
    await deps.store.transact((data) => {
      const out = createOut(data, undefined);
      for (const ref of refs) if (data.cards[ref]) out.patch(ref);
    });
    deps.onQueued();
  }

  async function run(
    inb: Exclude<Inbound, { kind: 'directory' }>,
    ctx: Context | undefined,
    replyOnly: (m: string) => Promise<void>,
    answering?: Answering,
  ) {
    if (inb.kind === 'card') {
      const value = inb.value as { action?: unknown } | undefined;
      const action = typeof value?.action === 'string' ? actions.get(value.action) : undefined;
      if (!action || !ctx) return toast('warning', ctx ? STALE_CARD : NOT_IN_ORG);
      const tooBig = oversizedField(inb.formValue, action.fieldLimits ?? []);
      if (tooBig) return toast('error', tooBig);
      const parsed = action.schema.safeParse({ ...(value as object), form: inb.formValue ?? {} });
      if (!parsed.success) return toast('warning', STALE_CARD);
      const reply = await action.run(ctx, parsed.data);
      if (answering && answering.heldBack.size > 0) {
        // An answer without the card, or one that is already too late to carry it (the transport sent
        // the holding toast): the tapped message is patched like every other copy. Otherwise the
        // transport may still release the patch, should its answer leave without the card after all.
        const release = () => patchHeldBack(answering);
        if (!reply.card || answering.late) await release();
        else answering.release = release;
      }
      return reply;
    }
    if (!ctx) {
      await replyOnly(NOT_IN_ORG);
      return undefined;
    }
    const text = inb.kind === 'menu' ? `/${inb.key}` : inb.text;
    // Nothing parses an over-long message: it is refused by its length alone (issue 12).
    const length = inb.kind === 'message' ? (inb.textLength ?? charCount(text)) : 0;
    if (length > INPUT_LIMITS.message) {
      const head = text.slice(0, 64);
      const split = splitCommand(head);
      const c = split ? deps.commands.find(split.word) : undefined;
      const prefix = c && split ? charCount(head) - charCount(split.rest) : 0;
      await ctx.reply(tooLong(c, length - prefix, c?.maxLength ?? INPUT_LIMITS.message));
      return undefined;
    }
    const split = splitCommand(text);
    if (!split) {
      await ctx.reply(NOT_A_COMMAND);
      return undefined;
    }
    const command = deps.commands.find(split.word);
    if (!command) {
      await ctx.reply(unknownCommand(split.word, deps.commands.closest(split.word)));
      return undefined;
    }
    if (!command.who.allows(ctx)) {
      await ctx.reply(notAllowed(command));
      return undefined;
    }
    const max = command.maxLength ?? INPUT_LIMITS.args;
    const got = charCount(split.rest);
    if (got > max) {
      await ctx.reply(tooLong(command, got, max));
      return undefined;
    }
    const args = command.args.safeParse(split.rest);
    if (!args.success) {
      await ctx.reply(usageReply(command, args.error.issues.map((i) => i.message).join('；')));
      return undefined;
    }
    await command.run(ctx, args.data);
    return undefined;
  }

  const flood = createFloodGuard(deps.floodLimits);

  return {
    async handle(inb, inboxId, given) {
      if (inb.kind === 'directory') {
        deps.onDirectoryChange?.(inb);
        if (inboxId) await dropInbox(deps.store, inboxId);
        return undefined;
      }
      // In groups the bot only answers when @mentioned, as Lark users expect.
      if (inb.kind === 'message' && inb.chatType === 'group' && !inb.mentionedBot) {
        if (inboxId) await dropInbox(deps.store, inboxId);
        return undefined;
      }
      const openId = senderOf(inb);
      const verdict = flood.check(openId, inb.kind === 'card' ? 'tap' : 'message', Date.now());
      if (verdict !== 'ok') {
        if (inb.kind === 'card') return toast('warning', TOO_FAST);
        const ctx0 = makeContext(inb, anonymous(openId), inboxId);
        if (verdict === 'warn') await ctx0.reply(TOO_FAST);
        else if (inboxId) await dropInbox(deps.store, inboxId);
        return undefined;
      }
      const person = deps.org.personByOpenId(openId);
      const actor: Actor | undefined = person
        ? { person, openId, role: deps.org.primaryRole(person.id) }
        : undefined;
      const answering: Answering | undefined =
        inb.kind === 'card' ? (given ?? { messageId: inb.messageId, heldBack: new Set() }) : undefined;
      const ctx = actor ? makeContext(inb, actor, inboxId, answering) : undefined;
      const fallbackCtx = makeContext(inb, anonymous(openId), inboxId);
      try {
        const result = await run(inb, ctx, (m) => fallbackCtx.reply(m), answering);
        if (inboxId && deps.store.data.inbox.some((e) => e.id === inboxId)) {
          await dropInbox(deps.store, inboxId);
        }
        return result;
      } catch (err) {
        deps.logger.error({ err, eventId: inb.eventId, kind: inb.kind }, 'handler failed');
        if (inb.kind === 'card') {
          // What was written before the failure is shown on the tapped card too: the apology has no card.
          if (answering && answering.heldBack.size > 0)
            await patchHeldBack(answering).catch((e2: unknown) =>
              deps.logger.error({ err: e2, eventId: inb.eventId }, 'could not queue the held-back patch'),
            );
          return toast('error', INTERNAL_ERROR(inb.eventId.slice(-8)));
        }
        try {
          await fallbackCtx.reply(INTERNAL_ERROR(inb.eventId.slice(-8)));
        } catch (e2) {
          deps.logger.error({ err: e2, eventId: inb.eventId }, 'could not queue the error reply');
        }
        return undefined;
      }
    },
  };
}
