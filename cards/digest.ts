import type { OrgIndex } from '../src/domain/org.ts';
import type { Digest, Owed } from '../src/domain/reminders.ts';
import { type DateStr, formatCn, weekdayCn } from '../src/domain/time.ts';
import { type Card, card, type Element, hr, md } from './card.ts';
import { barChart } from './chart.ts';
import { KIND_LABEL } from './kind-labels.ts';
import { esc } from './markdown.ts';
import { nameOf } from './progress.ts';

function owedLine(o: Owed, org: OrgIndex, today: DateStr): string {
  const who = `${nameOf(org, o.owner)}${o.onBehalfOf ? `（代 ${nameOf(org, o.onBehalfOf)}）` : ''}`;
  const late = o.dueToday ? '今天到期' : `逾期${o.overdueWorkdays}个工作日`;
  return `- ${who}：${esc(o.title, { max: 40 })} · ${o.stepTitle}（${o.itemId}，${formatCn(o.since, today)}起，${formatCn(o.due, today)}到期，${late}，${o.rule}）`;
}

function byUnit(list: Owed[], org: OrgIndex, today: DateStr): string[] {
  const groups = new Map<string, Owed[]>();
  for (const o of list) {
    const unit = o.departmentId ? (org.department(o.departmentId)?.name ?? o.departmentId) : '区政府领导';
    groups.set(unit, [...(groups.get(unit) ?? []), o]);
  }
  return [...groups].flatMap(([unit, os]) => [
    `**${unit}**（${os.length}）`,
    ...os.map((o) => owedLine(o, org, today)),
  ]);
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
    const kinds = d.byKind
      .map((k) => `${KIND_LABEL[k.kind]} 逾期${k.overdue}、今天到期${k.dueToday}`)
      .join('；');
    elements.push(
      md(`**逾期 ${d.overdue.length} 项，今天到期 ${d.dueToday.length} 项**${lateNote}\n按类别：${kinds}`),
    );
    if (d.overdue.length > 0) {
      elements.push(
        hr(),
        md(`**逾期事项**（按单位，先到期的在前）\n${byUnit(d.overdue, org, d.date).join('\n')}`),
      );
      elements.push(
        barChart(
          '各单位逾期事项数',
          d.byDepartment.map((b) => ({ x: b.unit, y: b.count })),
          '单位',
          '逾期数',
        ),
      );
    }
    if (d.dueToday.length > 0) {
      elements.push(hr(), md(`**今天到期**\n${byUnit(d.dueToday, org, d.date).join('\n')}`));
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
  return card(title, empty ? 'green' : d.overdue.length > 0 ? 'red' : 'orange', elements);
}
