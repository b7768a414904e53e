import { z } from 'zod';
import { buildLeaveTrackerCard, LEAVE_ACTIONS } from '../cards/leave.ts';
import { buildLeaveFormCard } from '../cards/leave-form.ts';
import { applyTransition } from '../src/bot/apply.ts';
import { defineCardAction, type FieldLimit, toast } from '../src/bot/card-action.ts';
import type { Context } from '../src/bot/context.ts';
import { ownItem } from '../src/bot/lookup.ts';
import { followExcuse } from '../src/bot/meeting-sync.ts';
import { envOf, filedFrom, onceFiled, redraw, refusalText, renderEnvOf } from '../src/bot/workflow.ts';
import { ownOverlap, resubmitLeave, withdrawLeave } from '../src/domain/leave/leave.ts';
import type { LeaveItem } from '../src/domain/leave/types.ts';
import { LEAVE_LIMITS, validateLeave } from '../src/domain/leave/validate.ts';
import { DATE_FIELD_MAX, parseDate } from '../src/parse/dates.ts';
import { submitLeave } from './leave.ts';

const formValue = z.record(z.string(), z.unknown()).default({});
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : undefined;

/** A date picker sends '2026-12-01 +0800'; typed inputs may be Chinese; keep what cannot be read as typed. */
function dateField(v: unknown, now: Date): string | undefined {
  const s = str(v)?.trim();
  if (!s) return undefined;
  const d = parseDate(s, now);
  return d.ok ? d.date : s;
}

function leaveOf(ctx: Context, id: string): LeaveItem | undefined {
  const item = ownItem(ctx.store.data, id);
  return item?.kind === 'leave' ? (item as LeaveItem) : undefined;
}

/** What a leave form may carry per field (dates are parsed; the others are checked by length). */
const LEAVE_FIELDS: FieldLimit[] = [
  { name: 'start', label: '开始日期', max: DATE_FIELD_MAX },
  { name: 'end', label: '结束日期', max: DATE_FIELD_MAX },
  { name: 'destination', label: '去向', max: LEAVE_LIMITS.destination },
  { name: 'reason', label: '事由', max: LEAVE_LIMITS.reason },
];

export const leaveSubmitAction = defineCardAction({
  action: LEAVE_ACTIONS.submit,
  fieldLimits: LEAVE_FIELDS,
  schema: z.object({ action: z.literal(LEAVE_ACTIONS.submit), form: formValue }),
  async run(ctx, v) {
    const filed = filedFrom(ctx.store.data, ctx.inbound.kind === 'card' ? ctx.inbound.messageId : '');
    if (filed) return onceFiled(ctx, filed);
    const f = v.form;
    const input = {
      type: str(f.type),
      start: dateField(f.start, ctx.now),
      end: dateField(f.end, ctx.now),
      destination: str(f.destination),
      reason: str(f.reason),
      presider: str(f.presider),
    };
    const messageId = ctx.inbound.kind === 'card' ? ctx.inbound.messageId : undefined;
    const r = await submitLeave(ctx, input, messageId);
    if (!r.ok && r.filed) return onceFiled(ctx, r.filed);
    if (!r.ok) {
      return toast(
        'error',
        `请修改后再提交：${r.problems[0]}${r.problems.length > 1 ? ` 等${r.problems.length}项` : ''}`,
        buildLeaveFormCard({
          org: ctx.org,
          submitter: ctx.actor.person.id,
          values: input,
          problems: r.problems,
        }),
      );
    }
    const item = leaveOf(ctx, r.id)!;
    return toast(
      'success',
      `已提交 ${r.id}${r.late ? '（迟报，§71）' : ''}`,
      buildLeaveTrackerCard(item, renderEnvOf(ctx)),
    );
  },
});

export const leaveWithdrawAction = defineCardAction({
  action: LEAVE_ACTIONS.withdraw,
  schema: z.object({ action: z.literal(LEAVE_ACTIONS.withdraw), item: z.string().max(40), form: formValue }),
  async run(ctx, v) {
    const text = await ctx.transact((data, out) => {
      const item = ownItem(data, v.item);
      if (item?.kind !== 'leave') return '找不到这份申请。';
      const t = withdrawLeave(item as LeaveItem, ctx.actor.person.id, envOf(ctx, data));
      if (!t.ok) return refusalText(t.reason, item, undefined, ctx);
      applyTransition(data, out, t.item, t.effects, renderEnvOf(ctx));
      followExcuse(data, out, t.item, envOf(ctx, data), renderEnvOf(ctx));
      return undefined;
    });
    const item = leaveOf(ctx, v.item);
    const card = item && redraw(ctx, item);
    return text ? toast('warning', text, card) : toast('success', '已撤回', card);
  },
});

export const leaveResubmitAction = defineCardAction({
  action: LEAVE_ACTIONS.resubmit,
  fieldLimits: LEAVE_FIELDS,
  schema: z.object({ action: z.literal(LEAVE_ACTIONS.resubmit), item: z.string().max(40), form: formValue }),
  async run(ctx, v) {
    const current = leaveOf(ctx, v.item);
    if (!current) return toast('warning', '找不到这份申请。');
    const f = current.fields;
    const input = {
      type: f.type,
      start: dateField(v.form.start, ctx.now) ?? f.start,
      end: dateField(v.form.end, ctx.now) ?? f.end,
      destination: str(v.form.destination) ?? f.destination,
      reason: str(v.form.reason) ?? f.reason,
      presider: f.presider,
    };
    const checked = validateLeave(input, ctx.actor.person.id, ctx.today, ctx.org);
    if (!checked.ok)
      return toast('error', `请修改后再提交：${checked.problems.join('；')}`, redraw(ctx, current));
    const text = await ctx.transact((data, out) => {
      const item = ownItem(data, v.item) as LeaveItem;
      const others = Object.values(data.items).filter((it) => it.id !== item.id);
      const clash = ownOverlap(others, item.submitter, checked.value);
      if (clash) return `修改后的日期与您已报备的 ${clash.id} 时间重叠，请调整后再提交。`;
      const t = resubmitLeave(
        item,
        ctx.actor.person.id,
        checked.value,
        Object.values(data.items),
        envOf(ctx, data),
      );
      if (!t.ok) return refusalText(t.reason, item, undefined, ctx);
      applyTransition(data, out, t.item, t.effects, renderEnvOf(ctx));
      return undefined;
    });
    const item = leaveOf(ctx, v.item)!;
    return text
      ? toast('warning', text, redraw(ctx, item))
      : toast('success', '已重新提交', redraw(ctx, item));
  },
});
