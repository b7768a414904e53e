import type { RenderEnv } from '../src/bot/render.ts';
import {
  LEAVE_TYPE_LABEL,
  type LeaveFields,
  type LeaveItem,
  MEETING_LABEL,
} from '../src/domain/leave/types.ts';
import { LEAVE_LIMITS } from '../src/domain/leave/validate.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { type DateStr, diffDays, formatCn, weekdayCn } from '../src/domain/time.ts';
import type { CardRecord } from '../src/store/schema.ts';
import { actingText } from './acting-lines.ts';
import { type Card, card, form, hr, input, md } from './card.ts';
import { esc, plainText } from './markdown.ts';
import { nameOf, progressLines } from './progress.ts';
import { buildStepCard, STATUS } from './step-card.ts';

export const LEAVE_ACTIONS = {
  submit: 'leave.submit',
  withdraw: 'leave.withdraw',
  resubmit: 'leave.resubmit',
} as const;

const day = (d: DateStr, today: DateStr) => `${formatCn(d, today)}（${weekdayCn(d)}）`;

export function span(f: Pick<LeaveFields, 'start' | 'end'>, today: DateStr): string {
  const days = diffDays(f.start, f.end) + 1;
  return f.start === f.end
    ? `${day(f.start, today)}，1天`
    : `${day(f.start, today)}至${day(f.end, today)}，共${days}天`;
}

function whoLine(org: OrgIndex, personId: string): string {
  const p = org.person(personId);
  const role = org.primaryRole(personId)?.label;
  return `${p?.name ?? personId}${role ? `（${role}）` : ''}`;
}

/** The facts an approver needs, with the rule's warnings (§71 late filing, §8 conflicts) spelled out. */
export function leaveFacts(item: LeaveItem, org: OrgIndex, today: DateStr): string[] {
  const f = item.fields;
  const lines = [
    `**申请人**：${whoLine(org, item.submitter)}`,
    `**类型**：${LEAVE_TYPE_LABEL[f.type]}`,
    `**时间**：${span(f, today)}`,
  ];
  if (f.destination) lines.push(`**去向**：${esc(f.destination)}`);
  lines.push(`**事由**：${esc(f.reason, { multiline: true })}`);
  if (f.meeting) {
    lines.push(
      `**会议**：${MEETING_LABEL[f.meeting.kind]}${f.meeting.date ? `（${formatCn(f.meeting.date, today)}）` : ''}${f.meeting.meetingId ? ` ${f.meeting.meetingId}` : ''}${f.meeting.topic ? `，议题 ${f.meeting.topic}` : ''}，代会人：${whoLine(org, f.meeting.deputy)}（§42）`,
    );
  }
  // §42: a meeting excuse is no 离阜报备 — no advance-notice line, no /销假.
  if (f.type !== 'meeting_excuse') {
    lines.push(`**报备**：${formatCn(f.filedOn, today)}报备，距出行${f.advanceDays}天（不含出行当日）`);
  }
  if (f.late) {
    lines.push(
      `<font color='red'>⚠ 迟报：§71 要求部门主要负责人提前3天报备（不含出行当日），本次仅提前${f.advanceDays}天</font>`,
    );
  }
  for (const c of f.conflicts) {
    const what =
      c.kind === 'ab_partner_away'
        ? `AB角 ${nameOf(org, c.otherPerson)} 同期外出`
        : `区长与常务副区长同期外出（${nameOf(org, c.otherPerson)}）`;
    lines.push(
      `<font color='red'>⚠ 注意：${what}，${formatCn(c.from, today)}至${formatCn(c.to, today)}，代行安排见下（§8）</font>`,
    );
  }
  // §8: who acts on which days, derived from everyone's leave — named on every card, never guessed.
  if (f.acting?.length) {
    const planned = item.status === 'in_progress' ? '（如获批准）' : '';
    lines.push(`**代行安排**${planned}：${esc(actingText(f.acting, item.submitter, org, today))}`);
  }
  if (f.presider)
    lines.push(`**区长指定**：常务副区长不在阜时由 ${nameOf(org, f.presider)} 主持日常工作（§8）`);
  if (f.returnedOn) lines.push(`**销假**：${formatCn(f.returnedOn, today)}已返岗`);
  if (f.tripReport) lines.push(`**出访报告**：${formatCn(f.tripReport.filedOn, today)}已提交`);
  return lines;
}

function header(item: LeaveItem, org: OrgIndex, prefix: string): { title: string; subtitle: string } {
  return {
    title: `${prefix} · ${nameOf(org, item.submitter)} ${LEAVE_TYPE_LABEL[item.fields.type]}`,
    subtitle: `${item.id} · ${STATUS[item.status].label}`,
  };
}

/** The approver's card: everything needed to decide, and 同意 / 不同意 while the step waits on them. */
export function buildLeaveStepCard(item: LeaveItem, rec: CardRecord, env: RenderEnv): Card {
  return buildStepCard(item, rec, env, {
    title: header(item, env.org, '请假审批').title,
    facts: leaveFacts(item, env.org, env.today),
  });
}

/** The submitter's card: progress step by step; withdraw before any decision; amend after a rejection. */
export function buildLeaveTrackerCard(item: LeaveItem, env: RenderEnv): Card {
  const { org, today } = env;
  const h = header(item, org, '我的请假');
  const elements = [
    md(leaveFacts(item, org, today).join('\n')),
    hr(),
    md(progressLines(item, org, today).join('\n')),
  ];
  const decided = item.steps.some((s) => s.responses.some((r) => r.answer !== 'notified'));
  if (item.status === 'in_progress' && !decided) {
    elements.push({
      tag: 'button',
      text: { tag: 'plain_text', content: '撤回申请' },
      type: 'default',
      behaviors: [{ type: 'callback', value: { action: LEAVE_ACTIONS.withdraw, item: item.id } }],
    });
  }
  const excuse = item.fields.type === 'meeting_excuse';
  if (!excuse && (item.status === 'approved' || item.status === 'recorded')) {
    elements.push(md(item.fields.returnedOn ? '已销假，谢谢。' : '返岗后请发送 **/销假**。'));
  }
  if (excuse && item.status === 'rejected') elements.push(md('请假未获批准，请按会议通知参会（§42）。'));
  if (!excuse && item.status === 'rejected') {
    const f = item.fields;
    elements.push(
      md('您可以修改后重新提交：'),
      form(
        'amend',
        [
          input('start', '开始日期', { value: f.start, placeholder: 'YYYY-MM-DD' }),
          input('end', '结束日期', { value: f.end, placeholder: 'YYYY-MM-DD' }),
          input('destination', '去向', {
            value: plainText(f.destination),
            maxLength: LEAVE_LIMITS.destination,
          }),
          input('reason', '事由', {
            value: plainText(f.reason),
            multiline: true,
            maxLength: LEAVE_LIMITS.reason,
          }),
        ],
        { label: '重新提交', value: { action: LEAVE_ACTIONS.resubmit, item: item.id } },
      ),
    );
  }
  return card(h.title, STATUS[item.status].template, elements, h.subtitle);
}

/** The government office's filing card (§71 报备), kept current as the leave moves on. */
export function buildLeaveFilingCard(item: LeaveItem, env: RenderEnv): Card {
  const { org, today } = env;
  const h = header(item, org, '离阜报备');
  return card(
    h.title,
    item.fields.late || item.fields.conflicts.length > 0 ? 'red' : STATUS[item.status].template,
    [
      md(leaveFacts(item, org, today).join('\n')),
      hr(),
      md(progressLines(item, org, today).join('\n') || '无需审批，已登记。'),
    ],
    h.subtitle,
  );
}
