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
  const red = o.overdueWorkdays >= 3 ? '🔴 ' : '';
  return `<font color='red'>**${red}催办：${when}${behalf}**</font> · ${esc(o.stepTitle)}（${o.rule}）`;
}

/** Lines an escalation lists before it points to the ledger. */
export const ESCALATION_MAX_LINES = 20;

/** Told to a supervising leader, once a day: every step under them that is a working day or more overdue. */
export function buildEscalationText(list: Owed[], org: OrgIndex, today: DateStr): string {
  const lines = list.slice(0, ESCALATION_MAX_LINES).map((o) => {
    const unit = o.departmentId ? `${org.department(o.departmentId)?.name ?? ''} ` : '';
    return `• ${unit}${nameOf(org, o.owner)}：“${plainText(o.title, 60)} · ${o.stepTitle}”（${o.itemId}）逾期${o.overdueWorkdays}个工作日（${formatCn(o.due, today)}到期，${o.rule}）`;
  });
  const more =
    list.length > lines.length ? `\n…另有${list.length - lines.length}项，请发送 /台账 查看。` : '';
  return `【督办提醒】您分管的以下事项已逾期，请督促办理：\n${lines.join('\n')}${more}`;
}
