import type { DateStr } from '../src/domain/time.ts';
import { formatCn } from '../src/domain/time.ts';
import type { WorkClass } from '../src/domain/work-class.ts';
import { type Card, card, type Element, md } from './card.ts';
import { lineChart } from './chart.ts';
import { calendarWarningLine } from './digest.ts';
import { WORK_LABEL } from './kind-labels.ts';
import { strong } from './markdown.ts';

export function buildWeeklyCard(w: {
  from: DateStr;
  to: DateStr;
  opened: number;
  closed: number;
  trend: Array<{ week: DateStr; overdue: number }>;
  byClass: Array<{ workClass: WorkClass; overdue: number; dueToday: number }>;
  calendarWarnings: string[];
}): Card {
  const last = w.trend.at(-1)?.overdue ?? 0;
  const prev = w.trend.at(-2)?.overdue ?? 0;
  const change = last === prev ? '持平' : last > prev ? `增加${last - prev}项` : `减少${prev - last}项`;
  const classes = w.byClass.length
    ? `目前按类别：${w.byClass.map((k) => `${WORK_LABEL[k.workClass]} 逾期${k.overdue}、今天到期${k.dueToday}`).join('；')}`
    : '目前没有逾期或今天到期的环节。';
  const elements: Element[] = [
    md(
      `上周新办 ${strong(w.opened)} 项，办结 ${strong(w.closed)} 项；周末逾期 ${strong(last)} 项，较前一周${change}。\n${classes}`,
    ),
    lineChart(
      `近${w.trend.length}周逾期事项趋势`,
      w.trend.map((t) => ({ x: formatCn(t.week), y: t.overdue })),
      '周末',
      '逾期数',
    ),
  ];
  const warning = calendarWarningLine(w.calendarWarnings);
  if (warning) elements.push(md(warning));
  return card(`督办周报 · ${formatCn(w.from)}至${formatCn(w.to)}`, 'blue', elements);
}
