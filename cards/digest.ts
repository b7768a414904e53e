import type { OrgIndex } from '../src/domain/org.ts';
import type { Digest, Owed } from '../src/domain/reminders.ts';
import { type DateStr, formatCn, weekdayCn } from '../src/domain/time.ts';
import { type Card, card, type Element, hr, md } from './card.ts';
import { barChart } from './chart.ts';
import { WORK_LABEL } from './kind-labels.ts';
import { esc, strong } from './markdown.ts';
import { nameOf } from './progress.ts';

/** §71: a leave approval still waiting when the departure day has come (or is the next working day). */
function departureFlag(o: Owed, today: DateStr): string {
  if (o.before === undefined) return '';
  if (today >= o.before)
    return ` <font color='red'>⚠ ${formatCn(o.before, today)}已出发，审批仍未完成</font>`;
  return ` ⚠ ${formatCn(o.before, today)}出发`;
}

function owedLine(o: Owed, org: OrgIndex, today: DateStr): string {
  const who = `${nameOf(org, o.owner)}${o.onBehalfOf ? `（代 ${nameOf(org, o.onBehalfOf)}）` : ''}`;
  const late = o.dueToday ? '今天到期' : `逾期${o.overdueWorkdays}个工作日`;
  return `- ${who}：${esc(o.title, { max: 40 })} · ${o.stepTitle}（${o.itemId}，${formatCn(o.since, today)}起，${formatCn(o.due, today)}到期，${late}，${o.rule}）${departureFlag(o, today)}`;
}

/** The provisional-calendar warning a digest carries while this or next year's arrangement is unpublished. */
export function calendarWarningLine(warnings: string[]): string | undefined {
  return warnings.length ? `⚠ ${warnings.join('；')}。发送 /节假日 查看各年状态。` : undefined;
}

/** Lines a digest lists before it summarises the rest: a card must stay under Lark's 30 KB. */
export const DIGEST_MAX_LINES = 40;
/** Units in the bar chart before the rest are summed up as 其他单位. */
export const DIGEST_MAX_BARS = 15;

function byUnit(list: Owed[], org: OrgIndex, today: DateStr, max: number): string[] {
  const groups = new Map<string, Owed[]>();
  for (const o of list) {
    const unit = o.departmentId ? (org.department(o.departmentId)?.name ?? o.departmentId) : '区政府领导';
    groups.set(unit, [...(groups.get(unit) ?? []), o]);
  }
  const lines: string[] = [];
  let shown = 0;
  for (const [unit, os] of groups) {
    if (shown >= max) break;
    const take = os.slice(0, max - shown);
    shown += take.length;
    lines.push(`${strong(unit)}（${os.length}）`, ...take.map((o) => owedLine(o, org, today)));
    if (take.length < os.length) lines.push(`- …该单位另有${os.length - take.length}项`);
  }
  if (shown < list.length) lines.push(`其余${list.length - shown}项未列出，请发送 /台账 查看全部。`);
  return lines;
}

function bars(d: Digest): Array<{ x: string; y: number }> {
  const top = d.byDepartment.slice(0, DIGEST_MAX_BARS).map((b) => ({ x: b.unit, y: b.count }));
  const rest = d.byDepartment.slice(DIGEST_MAX_BARS).reduce((n, b) => n + b.count, 0);
  return rest > 0 ? [...top, { x: '其他单位', y: rest }] : top;
}

/** The daily overdue digest for the leaders' and the supervision office's groups. */
export function buildDigestCard(d: Digest, org: OrgIndex, o: { late?: boolean } = {}): Card {
  const title = `督办日报 · ${formatCn(d.date)}（${weekdayCn(d.date)}）`;
  const lateNote = o.late ? '（补发：机器人在预定时间未运行）' : '';
  const empty = d.overdue.length === 0 && d.dueToday.length === 0;
  const elements: Element[] = [];
  if (empty) {
    elements.push(md(`今天没有逾期或到期的事项。${lateNote}`));
  } else {
    const kinds = d.byClass
      .map((k) => `${WORK_LABEL[k.workClass]} 逾期${k.overdue}、今天到期${k.dueToday}`)
      .join('；');
    elements.push(
      md(`**逾期 ${d.overdue.length} 项，今天到期 ${d.dueToday.length} 项**${lateNote}\n按类别：${kinds}`),
    );
    if (d.overdue.length > 0) {
      elements.push(
        hr(),
        md(
          `**逾期事项**（按单位，先到期的在前）\n${byUnit(d.overdue, org, d.date, DIGEST_MAX_LINES).join('\n')}`,
        ),
      );
      elements.push(barChart('各单位逾期事项数', bars(d), '单位', '逾期数'));
    }
    if (d.dueToday.length > 0) {
      elements.push(
        hr(),
        md(`**今天到期**\n${byUnit(d.dueToday, org, d.date, DIGEST_MAX_LINES / 2).join('\n')}`),
      );
    }
  }
  const away = d.absences.map(
    (a) =>
      `- ${nameOf(org, a.person)} 至${formatCn(a.until, d.date)}${a.actingBy ? `，由 ${nameOf(org, a.actingBy)} 代行` : ''}`,
  );
  elements.push(hr(), md(away.length ? `**今日不在岗**\n${away.join('\n')}` : '**今日不在岗**：无'));
  if (d.lateFilings.length > 0) {
    elements.push(
      md(
        `**本月迟报（§71）${d.lateFilings.length} 次**\n${d.lateFilings
          .map(
            (l) =>
              `- ${nameOf(org, l.submitter)}：${formatCn(l.fields.filedOn, d.date)}报备，提前${l.fields.advanceDays}天（${l.id}）`,
          )
          .join('\n')}`,
      ),
    );
  }
  const warning = calendarWarningLine(d.calendarWarnings);
  if (warning) elements.push(hr(), md(warning));
  return card(title, empty ? 'green' : d.overdue.length > 0 ? 'red' : 'orange', elements);
}
