import { z } from 'zod';
import { MEETING_ACTIONS } from '../cards/meeting.ts';
import { applyTransition } from '../src/bot/apply.ts';
import { type CardAction, defineCardAction, toast } from '../src/bot/card-action.ts';
import type { Context } from '../src/bot/context.ts';
import { ownItem } from '../src/bot/lookup.ts';
import type { Out } from '../src/bot/out.ts';
import { envOf, redraw, renderEnvOf } from '../src/bot/workflow.ts';
import { isLeave } from '../src/domain/leave/absences.ts';
import { noticeRefusal, recordExcuse, replyAttend } from '../src/domain/meeting/attendance.ts';
import { EXCUSE_LIMITS, fileExcuse, validateExcuse } from '../src/domain/meeting/excuse.ts';
import { isMeeting, type MeetingItem } from '../src/domain/meeting/types.ts';
import { nextId, type StoreData } from '../src/store/schema.ts';
import { applyMeeting } from './meeting-notice.ts';

const itemId = z.string().max(40);
const formValue = z.record(z.string(), z.unknown()).default({});
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

type Outcome = { ok: boolean; text: string };

/** One answer on a notice, in one transaction; the tapped card is redrawn from what now stands. */
async function onNotice(
  ctx: Context,
  id: string,
  run: (m: MeetingItem, data: StoreData, out: Out) => Outcome,
) {
  const r = await ctx.transact((data, out): Outcome => {
    const m = ownItem(data, id);
    if (!m || !isMeeting(m)) return { ok: false, text: '找不到这个会议，卡片可能已失效。' };
    return run(m, data, out);
  });
  const m = ownItem(ctx.store.data, id);
  const card = m && redraw(ctx, m);
  return toast(r.ok ? 'success' : 'warning', r.text, card);
}

/** 参会: the invitee confirms; an excuse still waiting for the convener is withdrawn by it. */
const attendAction = defineCardAction({
  action: MEETING_ACTIONS.attend,
  schema: z.object({
    action: z.literal(MEETING_ACTIONS.attend),
    item: itemId,
    round: z.number().int().positive(),
    form: formValue,
  }),
  run: (ctx, v) =>
    onNotice(ctx, v.item, (m, data, out) => {
      const me = ctx.actor.person.id;
      const leaveId = m.fields.attendees.find((x) => x.person === me)?.excuse?.leave;
      const leave = leaveId ? ownItem(data, leaveId) : undefined;
      const r = replyAttend(m, me, v.round, leave && isLeave(leave) ? leave : undefined, envOf(ctx, data));
      if (!r.ok) return { ok: false, text: r.text };
      applyMeeting(data, out, r, ctx);
      return { ok: true, text: r.leaves.length ? '已改为参会，请假申请已撤回' : '已回复参会' };
    }),
});

/**
 * §42 请假 on the notice: only the reasons §42 allows, tied to one of the invitee's topics, with the
 * deputy for that topic (the main head at a business meeting) attending instead; the convener decides.
 */
const excuseAction = defineCardAction({
  action: MEETING_ACTIONS.excuse,
  fieldLimits: [{ name: 'note', label: '说明', max: EXCUSE_LIMITS.note }],
  schema: z.object({
    action: z.literal(MEETING_ACTIONS.excuse),
    item: itemId,
    round: z.number().int().positive(),
    form: formValue,
  }),
  run: (ctx, v) =>
    onNotice(ctx, v.item, (m, data, out) => {
      const me = ctx.actor.person.id;
      const env = envOf(ctx, data);
      const refused = noticeRefusal(m, me, v.round, env);
      if (refused) return { ok: false, text: refused };
      const checked = validateExcuse(
        m,
        me,
        {
          why: str(v.form.why),
          topic: str(v.form.topic),
          substitute: str(v.form.substitute),
          note: str(v.form.note),
        },
        env,
      );
      if (!checked.ok) return { ok: false, text: checked.text };
      const filed = fileExcuse(nextId(data, 'Q'), m, me, checked.value, env);
      if (!filed) return { ok: false, text: '请假未能提交，请稍后再试。' };
      const r = recordExcuse(m, me, filed.excuse, env);
      if (!r.ok) return { ok: false, text: r.text };
      applyTransition(data, out, filed.item, filed.effects, renderEnvOf(ctx));
      applyMeeting(data, out, r, ctx);
      const sub = ctx.org.person(checked.value.substitute)?.name ?? '';
      return { ok: true, text: `已提交请假 ${filed.item.id}，代会人：${sub}，待会议召集人审批` };
    }),
});

export const meetingActions: CardAction<unknown>[] = [attendAction, excuseAction];
