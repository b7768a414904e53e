import { type DateStr, formatCn } from '../src/domain/time.ts';
import { type Card, card, md } from './card.ts';
import { lineChart } from './chart.ts';
import { strong } from './markdown.ts';

export function buildWeeklyCard(w: {
  from: DateStr;
  to: DateStr;
  opened: number;
  closed: number;
  trend: Array<{ week: DateStr; overdue: number }>;
}): Card {
  const last = w.trend.at(-1)?.overdue ?? 0;
  const prev = w.trend.at(-2)?.overdue ?? 0;
  const change = last === prev ? '持平' : last > prev ? `增加${last - prev}项` : `减少${prev - last}项`;
  return card(`督办周报 · ${formatCn(w.from)}至${formatCn(w.to)}`, 'blue', [
    md(
      `上周新办 ${strong(w.opened)} 项，办结 ${strong(w.closed)} 项；周末逾期 ${strong(last)} 项，较前一周${change}。`,
    ),
    lineChart(
      `近${w.trend.length}周逾期事项趋势`,
      w.trend.map((t) => ({ x: formatCn(t.week), y: t.overdue })),
      '周末',
      '逾期数',
    ),
  ]);
}
