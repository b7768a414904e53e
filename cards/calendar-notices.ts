import type { YearStatus } from '../src/domain/calendar.ts';
import type { DeadlineChange } from '../src/domain/recompute.ts';
import { type DateStr, formatCn } from '../src/domain/time.ts';
import { plainText } from './markdown.ts';

/** Lines a change list shows before it counts the rest (a Lark text stays short on a phone). */
export const CHANGES_MAX_LINES = 30;

/** To the government office once, when a year the bot must count in has no published arrangement yet. */
export function provisionalYearNotice(year: number, status: YearStatus): string {
  if (status === 'none') {
    return `【节假日安排提醒】${year}年的节假日安排尚未收录，且无法推算法定节假日，工作日暂按周一至周五计算。请系统管理员尽快将国务院通知录入节假日覆盖表（CALENDAR_FILE）。`;
  }
  return `【节假日安排提醒】${year}年国务院节假日安排尚未公布：工作日暂按《全国年节及纪念日放假办法》规定的法定节假日推算（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节），调休上班日和连休日尚未计入；落在${year}年的期限在卡片上注明“暂按法定节假日推算，调休安排公布后自动更新”。通知发布后，请系统管理员将安排录入节假日覆盖表（CALENDAR_FILE），机器人将自动重新计算在办期限并在此列出变动。`;
}

/** To the government office when the calendar changed: which years are now official, which deadlines moved. */
export function calendarChangeNotice(
  o: { official: number[]; changes: DeadlineChange[] },
  today: DateStr,
): string {
  const head =
    o.official.length > 0
      ? `【节假日安排已更新】${o.official.map((y) => `${y}年`).join('、')}国务院节假日安排已录入，工作日按正式安排（含调休上班日）计算。`
      : '【节假日安排已更新】节假日覆盖表已修改，工作日按新的安排计算。';
  if (o.changes.length === 0) return `${head}\n在办事项的期限均未受影响。`;
  const lines = o.changes.slice(0, CHANGES_MAX_LINES).map((c) => {
    const note = c.provisional ? '（仍为推算）' : '';
    return `• ${c.itemId}“${plainText(c.title, 30)}” ${c.what}：${formatCn(c.from, today)} → ${formatCn(c.to, today)}${note}`;
  });
  const more =
    o.changes.length > lines.length ? `\n…另有${o.changes.length - lines.length}项，请发送 /台账 查看。` : '';
  return `${head}\n以下在办期限已重新计算（共${o.changes.length}项），相关卡片已同步更新：\n${lines.join('\n')}${more}`;
}
