import type { OrgIndex } from '../src/domain/org.ts';
import type { Owed } from '../src/domain/reminders.ts';
import { type DateStr, formatCn } from '../src/domain/time.ts';
import { esc, plainText } from './markdown.ts';
import { nameOf } from './progress.ts';

/** The line on top of a nag card. */
export function nagBanner(o: Owed, today: DateStr): string {
  const behalf = o.onBehalfOf ? '（您代行的事项）' : '';
  const when = o.dueToday
    ? `今天（${formatCn(today)}）到期`
    : `已逾期${o.overdueWorkdays}个工作日（${formatCn(o.due, today)}到期）`;
  const departs = o.before !== undefined ? `，${formatCn(o.before, today)}出发前须办理` : '';
  const red = o.overdueWorkdays >= 3 ? '🔴 ' : '';
  return `<font color='red'>**${red}催办：${when}${departs}${behalf}**</font> · ${esc(o.stepTitle)}（${o.rule}）`;
}

/** Lines an escalation lists before it points to the ledger. */
export const ESCALATION_MAX_LINES = 20;

/**
 * Told to a supervising leader, once a day: every step under them that is ESCALATE_AFTER_WORKDAYS or more
 * overdue, and every leave approval due before a departure on its due day (§71).
 */
export function buildEscalationText(list: Owed[], org: OrgIndex, today: DateStr): string {
  const lines = list.slice(0, ESCALATION_MAX_LINES).map((o) => {
    const unit = o.departmentId ? `${org.department(o.departmentId)?.name ?? ''} ` : '';
    const state = o.overdueWorkdays > 0 ? `逾期${o.overdueWorkdays}个工作日` : `今天到期`;
    const departs = o.before !== undefined ? `，${formatCn(o.before, today)}出发` : '';
    return `• ${unit}${nameOf(org, o.owner)}：“${plainText(o.title, 60)} · ${o.stepTitle}”（${o.itemId}）${state}（${formatCn(o.due, today)}到期${departs}，${o.rule}）`;
  });
  const more =
    list.length > lines.length ? `\n…另有${list.length - lines.length}项，请发送 /台账 查看。` : '';
  const head = list.every((o) => o.overdueWorkdays > 0)
    ? '您分管的以下事项已逾期，请督促办理'
    : '您分管的以下事项已逾期或须在出发前办结，请督促办理';
  return `【督办提醒】${head}：\n${lines.join('\n')}${more}`;
}
