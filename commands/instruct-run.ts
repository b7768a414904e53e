import { instructionRefusalText } from '../cards/instruction-refusals.ts';
import { applyTransition } from '../src/bot/apply.ts';
import type { Audience } from '../src/bot/command.ts';
import type { Context } from '../src/bot/context.ts';
import { ownItem } from '../src/bot/lookup.ts';
import type { Out } from '../src/bot/out.ts';
import { alreadyFiled, envOf, filedFrom, renderEnvOf } from '../src/bot/workflow.ts';
import type { Env } from '../src/domain/engine/engine.ts';
import { type IssueSpec, issueInstruction } from '../src/domain/instruction/instruction.ts';
import { isMember, isSupervisionStaff } from '../src/domain/instruction/parties.ts';
import {
  type InstructionItem,
  type InstructionTransition,
  isInstruction,
} from '../src/domain/instruction/types.ts';
import { nextId, type StoreData } from '../src/store/schema.ts';

/** 区政府领导 and 督查室: who issues instructions and reads the ledger (§56–§58). */
export const leadersAndSupervision: Audience = {
  label: '区政府领导和督查室',
  allows: (ctx) => ctx.org.isLeader(ctx.actor.person.id) || isSupervisionStaff(ctx.org, ctx.actor.person.id),
};

/** Leaders, 督查室 and the government office, who hand out NPC suggestions and CPPCC proposals (§31). */
export const assigners: Audience = {
  label: '区政府领导、督查室和区政府办公室',
  allows: (ctx) => {
    const id = ctx.actor.person.id;
    const office = ctx.org.departments().find((d) => d.function === 'government_office');
    return leadersAndSupervision.allows(ctx) || isMember(office, id);
  },
};

export type RunResult = { ok: true; item: InstructionItem } | { ok: false; text: string; filed?: string };

/**
 * One instruction transition in one transaction: read the item, let the domain decide, store it and
 * queue what it causes. A refusal comes back worded for the official.
 */
export function runInstruction(
  ctx: Context,
  itemId: string,
  decide: (item: InstructionItem, env: Env) => InstructionTransition,
  /** A reply queued in the same write as the change (a crash cannot keep one without the other). */
  answer?: (r: RunResult) => string | object,
): Promise<RunResult> {
  return ctx.transact((data, out): RunResult => {
    const r = run(data, out);
    if (answer) out.reply(answer(r));
    return r;
  });

  function run(data: StoreData, out: Out): RunResult {
    const item = ownItem(data, itemId);
    if (!item || !isInstruction(item)) return { ok: false, text: `找不到事项 ${itemId}，请核对编号。` };
    const t = decide(item, envOf(ctx, data));
    if (!t.ok) return { ok: false, text: instructionRefusalText(t.reason, t.detail, item, ctx.org) };
    applyTransition(data, out, t.item, t.effects, renderEnvOf(ctx));
    return { ok: true, item: t.item };
  }
}

/**
 * Issues a checked spec under a new 'I' number. `overviewMessageId` turns the submitted form into the
 * issuer's live overview card, so they see it fill in as departments sign and report.
 */
export function issue(
  ctx: Context,
  spec: IssueSpec,
  overviewMessageId?: string,
  answer?: (r: RunResult) => string | object,
): Promise<RunResult> {
  const me = ctx.actor.person.id;
  return ctx.transact((data, out): RunResult => {
    const r = run(data, out);
    if (answer) out.reply(answer(r));
    return r;
  });

  function run(data: StoreData, out: Out): RunResult {
    // The same form tapped twice (or its tap delivered again) issues once.
    const filed = overviewMessageId && filedFrom(data, overviewMessageId);
    if (filed) return { ok: false, text: alreadyFiled(filed), filed };
    const id = nextId(data, 'I');
    const t = issueInstruction(id, me, spec, envOf(ctx, data));
    if (!t.ok) return { ok: false, text: instructionRefusalText(t.reason, t.detail, undefined, ctx.org) };
    if (overviewMessageId) {
      data.cards[`${id}/overview/${me}`] = {
        itemId: id,
        view: 'overview',
        person: me,
        messageId: overviewMessageId,
        sentAt: ctx.now.toISOString(),
      };
    }
    applyTransition(data, out, t.item, t.effects, renderEnvOf(ctx));
    return { ok: true, item: t.item };
  }
}
