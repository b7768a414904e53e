import { z } from 'zod';
import { buildLeaveFormCard } from '../cards/leave-form.ts';
import { replanLeaders } from '../src/bot/acting-plans.ts';
import { applyTransition } from '../src/bot/apply.ts';
import { anyone, defineCommand } from '../src/bot/command.ts';
import type { Context } from '../src/bot/context.ts';
import type { Out } from '../src/bot/out.ts';
import { usageReply } from '../src/bot/replies.ts';
import { alreadyFiled, askActingForAll, envOf, filedFrom, renderEnvOf } from '../src/bot/workflow.ts';
import { resolveLeader } from '../src/domain/instruction/names.ts';
import { fileLeave, ownOverlap } from '../src/domain/leave/leave.ts';
import { type LeaveInput, validateLeave } from '../src/domain/leave/validate.ts';
import { formatCn } from '../src/domain/time.ts';
import { nextId, type StoreData } from '../src/store/schema.ts';
import { LEAVE_USAGE, parseLeaveLine } from './leave-line.ts';

/** The longest /请假 line read (see `maxLength` below). */
export const LEAVE_LINE_MAX = 2100;

export type FileResult =
  | { ok: true; id: string; late: boolean; conflicts: number }
  | { ok: false; problems: string[]; filed?: string };

/**
 * Validates and files a leave in one transaction: the check for an overlapping leave and the filing
 * see the same state, so two quick submissions cannot both pass. `trackerMessageId` turns the
 * submitted form itself into the progress card.
 */
export async function submitLeave(
  ctx: Context,
  input: LeaveInput,
  trackerMessageId?: string,
  /** The answer to queue in the same write as the filing (so a crash cannot keep one without the other). */
  answer?: (r: FileResult) => string | object,
): Promise<FileResult> {
  const me = ctx.actor.person.id;
  const checked = validateLeave(input, me, ctx.today, ctx.org);
  if (!checked.ok) {
    if (answer) await ctx.reply(answer(checked)); // nothing changed: a reply of its own is safe
    return checked;
  }
  const v = checked.value;
  return ctx.transact((data, out): FileResult => {
    const r = file(data, out);
    if (answer) out.reply(answer(r));
    return r;
  });

  function file(data: StoreData, out: Out): FileResult {
    // The same form tapped twice (or its tap delivered again) files once.
    const filed = trackerMessageId && filedFrom(data, trackerMessageId);
    if (filed) return { ok: false, problems: [alreadyFiled(filed)], filed };
    const items = Object.values(data.items);
    const clash = ownOverlap(items, me, v);
    if (clash) {
      return {
        ok: false,
        problems: [
          `与您已报备的 ${clash.id}（${formatCn(clash.fields.start, ctx.today)}至${formatCn(clash.fields.end, ctx.today)}）时间重叠；如需变更，请先撤回原申请`,
        ],
      };
    }
    const id = nextId(data, 'Q');
    const t = fileLeave(id, me, v, items, envOf(ctx, data));
    if (!t.ok) return { ok: false, problems: [t.reason] };
    if (trackerMessageId) {
      data.cards[`${id}/tracker/${me}`] = {
        itemId: id,
        view: 'tracker',
        person: me,
        messageId: trackerMessageId,
        sentAt: ctx.now.toISOString(),
      };
    }
    applyTransition(data, out, t.item, t.effects, renderEnvOf(ctx));
    // The head's leave stands at once (recorded): what waits on them goes to who presides (§8).
    if (t.item.status === 'recorded') {
      replanLeaders(data, out, t.item, undefined, envOf(ctx, data), renderEnvOf(ctx));
      askActingForAll(data, out, envOf(ctx, data), renderEnvOf(ctx));
    }
    return { ok: true, id, late: t.item.fields.late, conflicts: t.item.fields.conflicts.length };
  }
}

export const leaveCommand = defineCommand({
  name: 'leave',
  aliases: ['请假', '离阜', 'leave'],
  summary: '请假、离阜外出报备（§71、§42）',
  usage: LEAVE_USAGE,
  who: anyone,
  // 类型 + 日期 + 去向 (50) + 事由 (300) — but a reason pasted in full (up to 2,000) is answered with the
  // form, filled and cut to its limit, rather than lost: the date parser only reads the line's opening.
  maxLength: LEAVE_LINE_MAX,
  args: z.string(),
  async run(ctx, rest) {
    if (!rest) {
      await ctx.reply(buildLeaveFormCard({ org: ctx.org, submitter: ctx.actor.person.id }));
      return;
    }
    const line = parseLeaveLine(rest, ctx.now);
    if (!line.ok) {
      await ctx.reply(usageReply(leaveCommand, line.problem));
      return;
    }
    if (line.input.presider) {
      line.input.presider = resolveLeader(ctx.org, line.input.presider)?.id ?? line.input.presider;
    }
    // Refused, the form comes back filled with what was typed, so nothing has to be typed again.
    const refused = (problems: string[]) =>
      buildLeaveFormCard({ org: ctx.org, submitter: ctx.actor.person.id, values: line.input, problems });
    await submitLeave(ctx, line.input, undefined, (r) =>
      r.ok
        ? `已提交请假申请 ${r.id}${r.late ? '（已标注为迟报，§71）' : ''}，审批进度见“我的请假”卡片。`
        : refused(r.problems),
    );
  },
});
