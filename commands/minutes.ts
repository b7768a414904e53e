import { z } from 'zod';
import { buildMinutesTrackerCard, MINUTES_ACTIONS } from '../cards/minutes.ts';
import { buildMinutesFormCard } from '../cards/minutes-form.ts';
import { applyTransition } from '../src/bot/apply.ts';
import { type CardAction, defineCardAction, toast } from '../src/bot/card-action.ts';
import { type Audience, defineCommand } from '../src/bot/command.ts';
import type { Context } from '../src/bot/context.ts';
import { ownItem } from '../src/bot/lookup.ts';
import {
  alreadyFiled,
  envOf,
  filedFrom,
  onceFiled,
  redraw,
  refusalText,
  renderEnvOf,
} from '../src/bot/workflow.ts';
import { resolveDepartment } from '../src/domain/instruction/names.ts';
import { recordMinutes, resubmitMinutes } from '../src/domain/minutes/minutes.ts';
import { isMinutes } from '../src/domain/minutes/types.ts';
import { MINUTES_LIMITS, type MinutesInput, validateMinutes } from '../src/domain/minutes/validate.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { scheduledTopics } from '../src/domain/topic/agenda.ts';
import { DATE_FIELD_MAX } from '../src/parse/dates.ts';
import { nextId } from '../src/store/schema.ts';
import { noArgs } from './args.ts';
import { dateField, list, str } from './topic-form-values.ts';

/**
 * Who records a meeting: leaders, the government office (it drafts standing and plenary minutes, §38)
 * and the heads of departments, who draft head's office and business meeting minutes (§39, §40).
 */
export const minutesRecorders: Audience = {
  label: '区政府领导、区政府办公室和各单位负责人',
  allows: (ctx) => {
    const id = ctx.actor.person.id;
    const office = ctx.org.departmentByFunction('government_office');
    if (ctx.org.isLeader(id) || ctx.org.officeDirector().id === id) return true;
    if (office.mainHead === id || office.deputies.includes(id) || office.staff.includes(id)) return true;
    return ctx.org.departments().some((d) => d.mainHead === id || d.deputies.includes(id));
  },
};

export const minutesCommand = defineCommand({
  name: 'minutes',
  aliases: ['会议纪要', '纪要', 'minutes'],
  summary: '会后登记会议纪要，开始纪要起草、审签和资金拨付时限（§38–§41、§56）',
  usage: ['/会议纪要 — 打开会议登记表'],
  who: minutesRecorders,
  args: noArgs,
  async run(ctx) {
    const scheduled = scheduledTopics(Object.values(ctx.store.data.items));
    await ctx.reply(buildMinutesFormCard({ org: ctx.org, scheduled }));
  },
});

function inputOf(f: Record<string, unknown>, now: Date, org: OrgIndex): MinutesInput {
  // Units are typed by name on the form (a list of every unit would not fit on a card): the id of the
  // one unit a name fits, or the name as typed, which the check then reports as unknown.
  const unit = (v: unknown) => {
    const w = str(v)?.trim();
    return w ? (resolveDepartment(org, w)?.id ?? w) : undefined;
  };
  const decisions = Array.from({ length: MINUTES_LIMITS.rows }, (_, i) => ({
    text: str(f[`decision${i + 1}`]),
    lead: unit(f[`lead${i + 1}`]),
    co: list(f[`co${i + 1}`])
      .map(unit)
      .filter((u): u is string => !!u),
    due: dueField(f[`due${i + 1}`], now),
    funds: str(f[`funds${i + 1}`]),
    topic:
      str(f[`topic${i + 1}`])
        ?.trim()
        .toUpperCase() || undefined,
  }));
  return {
    meeting: str(f.meeting),
    heldOn: dateField(f.heldOn, now),
    chair: str(f.chair),
    topics: list(f.topics),
    drafter: unit(f.drafter),
    consulted: list(f.consulted)
      .map(unit)
      .filter((u): u is string => !!u),
    legal: str(f.legal),
    decisions,
  };
}

/** A decision's limit: the class words as typed, a date read into YYYY-MM-DD, else the text as typed. */
function dueField(v: unknown, now: Date): string | undefined {
  const w = str(v)
    ?.trim()
    .replace(/（.*）$/, '');
  if (!w) return undefined;
  if (/^(一般|复杂|年度)(事项)?$|^(7天|1个月|一个月|年底)$/.test(w)) return w;
  return dateField(w, now);
}

type Recorded = { ok: true; id: string } | { ok: false; problems: string[]; filed?: string };

/** Checks and records in one transaction, so two offices recording the same topic cannot both succeed. */
function record(ctx: Context, input: MinutesInput, trackerMessageId?: string): Promise<Recorded> {
  const me = ctx.actor.person.id;
  return ctx.transact((data, out): Recorded => {
    // The same form tapped twice (or its tap delivered again) records once.
    const filed = trackerMessageId && filedFrom(data, trackerMessageId);
    if (filed) return { ok: false, problems: [alreadyFiled(filed)], filed };
    const items = Object.values(data.items);
    const checked = validateMinutes(input, scheduledTopics(items), ctx.today, ctx.org);
    if (!checked.ok) return checked;
    const id = nextId(data, 'M');
    const env = envOf(ctx, data);
    const r = recordMinutes(id, me, checked.value, items, env);
    if (!r.ok) return { ok: false, problems: [r.reason] };
    const ref = `${id}/tracker/${me}`;
    if (trackerMessageId) {
      data.cards[ref] = {
        itemId: id,
        view: 'tracker',
        person: me,
        messageId: trackerMessageId,
        sentAt: ctx.now.toISOString(),
      };
    }
    const render = renderEnvOf(ctx);
    applyTransition(data, out, r.value.minutes, r.value.effects, render);
    for (const t of r.value.topics) applyTransition(data, out, t.item, t.effects, render);
    return { ok: true, id };
  });
}

const submitAction = defineCardAction({
  action: MINUTES_ACTIONS.submit,
  fieldLimits: [
    { name: 'heldOn', label: '会议日期', max: DATE_FIELD_MAX },
    ...Array.from({ length: MINUTES_LIMITS.rows }, (_, i) => [
      { name: `funds${i + 1}`, label: `议定事项${i + 1}：批准资金`, max: 20 },
      { name: `due${i + 1}`, label: `议定事项${i + 1}：办结时限`, max: DATE_FIELD_MAX },
      { name: `topic${i + 1}`, label: `议定事项${i + 1}：所属议题编号`, max: 12 },
      { name: `co${i + 1}`, label: `议定事项${i + 1}：协办单位`, max: 300 },
    ]).flat(),
  ],
  schema: z.object({
    action: z.literal(MINUTES_ACTIONS.submit),
    form: z.record(z.string(), z.unknown()).default({}),
  }),
  async run(ctx, v) {
    if (!minutesRecorders.allows(ctx)) return toast('warning', `会议纪要仅限${minutesRecorders.label}登记。`);
    const input = inputOf(v.form, ctx.now, ctx.org);
    const messageId = ctx.inbound.kind === 'card' ? ctx.inbound.messageId : undefined;
    const r = await record(ctx, input, messageId);
    if (!r.ok && r.filed) return onceFiled(ctx, r.filed);
    if (!r.ok) {
      const scheduled = scheduledTopics(Object.values(ctx.store.data.items));
      const more = r.problems.length > 1 ? ` 等${r.problems.length}项` : '';
      return toast(
        'error',
        `请修改后再提交：${r.problems[0]}${more}`,
        buildMinutesFormCard({ org: ctx.org, scheduled, values: input, problems: r.problems }),
      );
    }
    const item = ctx.store.data.items[r.id];
    const card = item && isMinutes(item) ? buildMinutesTrackerCard(item, renderEnvOf(ctx)) : undefined;
    const notice =
      item && isMinutes(item) && item.fields.meetingId ? `（会议通知 ${item.fields.meetingId}）` : '';
    return toast('success', `已登记 ${r.id}${notice}，纪要流程已开始`, card);
  },
});

const resubmitAction = defineCardAction({
  action: MINUTES_ACTIONS.resubmit,
  schema: z.object({
    action: z.literal(MINUTES_ACTIONS.resubmit),
    item: z.string().max(40),
    form: z.record(z.string(), z.unknown()).default({}),
  }),
  async run(ctx, v) {
    const text = await ctx.transact((data, out) => {
      const item = ownItem(data, v.item);
      if (!item || !isMinutes(item)) return '找不到这份会议纪要。';
      const t = resubmitMinutes(item, ctx.actor.person.id, envOf(ctx, data));
      if (!t.ok) return refusalText(t.reason, item, undefined, ctx);
      applyTransition(data, out, t.item, t.effects, renderEnvOf(ctx));
      return undefined;
    });
    const item = ownItem(ctx.store.data, v.item);
    const card = item && redraw(ctx, item);
    return text ? toast('warning', text, card) : toast('success', '已重新送审', card);
  },
});

export const minutesActions: CardAction<unknown>[] = [submitAction, resubmitAction];
