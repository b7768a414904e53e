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

/** Told to the owner's supervising leader from one working day overdue. */
export function buildEscalationText(o: Owed, org: OrgIndex, today: DateStr): string {
  const unit = o.departmentId ? `${org.department(o.departmentId)?.name ?? ''} ` : '';
  return `【督办提醒】${unit}${nameOf(org, o.owner)} 办理的“${plainText(o.title, 60)} · ${o.stepTitle}”（${o.itemId}）已逾期${o.overdueWorkdays}个工作日（${formatCn(o.due, today)}到期，${o.rule}），请督促办理。`;
}
