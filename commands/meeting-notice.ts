import { z } from 'zod';
import { applyTransition } from '../src/bot/apply.ts';
import { type Audience, defineCommand } from '../src/bot/command.ts';
import type { Context } from '../src/bot/context.ts';
import type { Out } from '../src/bot/out.ts';
import { usageReply } from '../src/bot/replies.ts';
import { envOf, renderEnvOf } from '../src/bot/workflow.ts';
import type { WorkflowItem } from '../src/domain/engine/types.ts';
import { resolveLeader } from '../src/domain/instruction/names.ts';
import { isLeave } from '../src/domain/leave/absences.ts';
import { convenerOf } from '../src/domain/meeting/invitees.ts';
import { addTopics, issueMeeting, type MeetingResult, moveMeeting } from '../src/domain/meeting/meeting.ts';
import { isMeeting, type MeetingItem } from '../src/domain/meeting/types.ts';
import { defaultMaterialsDue, type NoticeInput, validateNotice } from '../src/domain/meeting/validate.ts';
import { formatCn } from '../src/domain/time.ts';
import { scheduledTopics } from '../src/domain/topic/agenda.ts';
import { isTopic, MEETING_KIND_LABEL } from '../src/domain/topic/types.ts';
import { parseDate } from '../src/parse/dates.ts';
import { nextId, type StoreData } from '../src/store/schema.ts';
import { keyValue } from './instruct-line.ts';

/** The government office sends meeting notices (§36 区政府办公室负责落实好会议通知). */
export const governmentOffice: Audience = {
  label: '区政府办公室',
  allows: (ctx) => {
    const id = ctx.actor.person.id;
    const office = ctx.org.departmentByFunction('government_office');
    return (
      ctx.org.officeDirector().id === id ||
      office.mainHead === id ||
      office.deputies.includes(id) ||
      office.staff.includes(id)
    );
  },
};

interface NoticeLine extends NoticeInput {
  chairWord?: string;
  problem?: string;
}

/** `类型 日期 时间 [地点:]地点 [材料:日期] [主持:副区长]`, in any order after the first three words. */
export function parseNoticeLine(text: string, now: Date, positional: Array<keyof NoticeInput>): NoticeLine {
  const out: NoticeLine = {};
  const rest: string[] = [];
  const words = text.trim().split(/\s+/).filter(Boolean).slice(0, 20);
  let i = 0;
  for (const w of words) {
    const kv = keyValue(w);
    if (kv?.[0] === '地点') out.place = kv[1];
    else if (kv?.[0] === '材料') {
      const d = parseDate(kv[1], now);
      out.materialsDue = d.ok ? d.date : kv[1];
    } else if (kv?.[0] === '主持') out.chairWord = kv[1];
    else if (i < positional.length) {
      const key = positional[i++]!;
      if (key === 'date') {
        const d = parseDate(w, now);
        out.date = d.ok ? d.date : w;
      } else out[key] = w;
    } else rest.push(w);
  }
  if (!out.place && rest.length) out.place = rest.join(' ');
  return out;
}

/** Stores a meeting transition: the meeting, the topics it links, the excuses it voids, and what to send. */
export function applyMeeting(data: StoreData, out: Out, r: MeetingResult & { ok: true }, ctx: Context): void {
  const render = renderEnvOf(ctx);
  applyTransition(data, out, r.item, r.effects, render);
  for (const t of r.topics) applyTransition(data, out, t, [{ type: 'refresh', itemId: t.id }], render);
  for (const l of r.leaves) applyTransition(data, out, l, [{ type: 'refresh', itemId: l.id }], render);
}

const liveMeetings = (items: Iterable<WorkflowItem>) =>
  [...items].filter((it): it is MeetingItem => isMeeting(it) && it.status !== 'withdrawn');

export const meetingNoticeCommand = defineCommand({
  name: 'meetingnotice',
  aliases: ['会议通知', 'meetingnotice'],
  summary: '区政府办公室发出会议通知，汇总参会回复和请假（§36、§42）',
  usage: [
    '/会议通知 常务会议 12月10日 9:00 地点:区政府三楼会议室 [材料:12月8日]',
    '/会议通知 业务会议 12月10日 15:00 地点:二楼会议室 主持:孙海燕　（同日有几位副区长主持时写明）',
    '会议的议题是区长（业务会议为主持副区长）已确定在这一天上会的议题；同一会议再次发送会补充新确定的议题。',
  ],
  who: governmentOffice,
  args: z.string().min(1, '请写明会议类型、日期、时间和地点。'),
  async run(ctx, rest) {
    const line = parseNoticeLine(rest, ctx.now, ['kind', 'date', 'time']);
    const v = validateNotice(line, ctx.today, ctx.calendar);
    if (!v.ok) {
      await ctx.reply(usageReply(meetingNoticeCommand, v.problems.join('；')));
      return;
    }
    let chair: string | undefined;
    if (line.chairWord) {
      chair = resolveLeader(ctx.org, line.chairWord)?.id;
      if (!chair || !ctx.org.isViceHead(chair)) {
        await ctx.reply(usageReply(meetingNoticeCommand, `“${line.chairWord}”不是副区长。`));
        return;
      }
    }
    const answer = (data: StoreData, out: Out): string => {
      const env = envOf(ctx, data);
      const kind = v.value.meeting;
      const onDay = scheduledTopics(Object.values(data.items), kind).filter(
        (t) => t.fields.meetingDate === v.value.date && (!chair || convenerOf(ctx.org, t) === chair),
      );
      const conveners = [...new Set(onDay.map((t) => convenerOf(ctx.org, t)))];
      const label = `${formatCn(v.value.date, ctx.today)}的${MEETING_KIND_LABEL[kind]}`;
      if (conveners.length === 0) {
        return usageReply(
          meetingNoticeCommand,
          `${label}还没有已确定上会的议题（议题须先经区长或主持副区长确定会议日期，发送 /议题列表 查看）。`,
        );
      }
      if (conveners.length > 1) {
        const names = conveners.map((p) => ctx.org.person(p)?.name ?? p).join('、');
        return usageReply(meetingNoticeCommand, `${label}有${names}分别主持，请写明 主持:姓名。`);
      }
      const convener = conveners[0]!;
      const existing = liveMeetings(Object.values(data.items)).find(
        (m) => m.fields.meeting === kind && m.fields.date === v.value.date && m.fields.convener === convener,
      );
      const fresh = onDay.filter((t) => !t.fields.meetingId);
      const r = existing
        ? addTopics(
            existing,
            fresh,
            onDay.filter((t) => t.fields.meetingId === existing.id),
            env,
          )
        : issueMeeting(nextId(data, 'H'), ctx.actor.person.id, { ...v.value, convener }, fresh, env);
      if (!r.ok) return r.text;
      applyMeeting(data, out, r, ctx);
      const units = r.item.fields.attendees.filter((a) => a.role === 'unit').length;
      return existing
        ? `已补充发出 ${r.item.id} 的会议通知：新增议题${fresh.length}项。`
        : `已发出会议通知 ${r.item.id}：${label}，议题${fresh.length}项，通知部门负责人${units}人；参会情况见区政府办公室群的卡片。`;
    };
    // The answer is written with the change it reports: a crash between two writes would lose it.
    await ctx.transact((data, out) => out.reply(answer(data, out)));
  },
});

export const meetingMoveCommand = defineCommand({
  name: 'meetingmove',
  aliases: ['会议改期', 'meetingmove'],
  summary: '会议改期：重新通知参会人员，原通知作废（§36）',
  usage: ['/会议改期 H0001 12月12日 [9:30] [地点:区政府三楼会议室] [材料:12月10日]'],
  who: governmentOffice,
  args: z.string().min(1, '请写明会议编号和新的日期。'),
  async run(ctx, rest) {
    const [idWord = '', ...words] = rest.trim().split(/\s+/);
    const line = parseNoticeLine(words.join(' '), ctx.now, ['date', 'time']);
    const answer = (data: StoreData, out: Out): string => {
      const current = data.items[idWord.toUpperCase()];
      if (!current || !isMeeting(current)) {
        return usageReply(
          meetingMoveCommand,
          `没有找到会议“${idWord}”（会议编号见会议通知卡片，例如 H0001）。`,
        );
      }
      const f = current.fields;
      const v = validateNotice(
        {
          date: line.date,
          time: line.time ?? f.time,
          place: line.place ?? f.place,
          ...(line.materialsDue ? { materialsDue: line.materialsDue } : {}),
        },
        ctx.today,
        ctx.calendar,
        f.meeting,
      );
      if (!v.ok) return usageReply(meetingMoveCommand, v.problems.join('；'));
      const env = envOf(ctx, data);
      const items = Object.values(data.items);
      const topics = items.filter(isTopic).filter((t) => t.fields.meetingId === current.id);
      const leaves = items.filter(isLeave).filter((l) => l.fields.meeting?.meetingId === current.id);
      const r = moveMeeting(
        current,
        {
          date: v.value.date,
          time: v.value.time,
          place: v.value.place,
          materialsDue: line.materialsDue
            ? v.value.materialsDue
            : defaultMaterialsDue(ctx.calendar, v.value.date, ctx.today),
        },
        topics,
        leaves,
        env,
      );
      if (!r.ok) return r.text;
      applyMeeting(data, out, r, ctx);
      return `已改期 ${r.item.id}：${formatCn(r.item.fields.date, ctx.today)} ${r.item.fields.time}，已重新通知全部参会人员，原通知和请假作废。`;
    };
    // The answer is written with the change it reports: a crash between two writes would lose it.
    await ctx.transact((data, out) => out.reply(answer(data, out)));
  },
});
