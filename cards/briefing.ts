import { SOURCE_LABEL } from '../src/domain/instruction/types.ts';
import { type Briefing, type BriefingCounts, rateText } from '../src/domain/ledger/briefing.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { type DateStr, formatCn } from '../src/domain/time.ts';
import { type Card, card, hr, md } from './card.ts';
import { deptName } from './instruction-facts.ts';
import { esc, strong } from './markdown.ts';

/** Units and overdue items a card lists before it points to the Excel file (a card stays readable on a phone). */
export const BRIEFING_CARD_MAX = { units: 20, overdue: 15 } as const;

const counts = (c: BriefingCounts): string =>
  `在办 ${c.open}（逾期 ${c.overdueOpen}）｜本期交办 ${c.issued}｜本期办结 ${c.closed}（按期 ${c.closedOnTime}）｜按期办结率 ${rateText(c)}`;

/** 督查通报 (§57, §58): the period's supervised items by source, by lead unit, and what is overdue. */
export function buildBriefingCard(b: Briefing, org: OrgIndex, today: DateStr): Card {
  const period = `${formatCn(b.from, today)}至${formatCn(b.to, today)}`;
  const t = b.total;
  const elements = [
    md(
      `督办事项共 ${strong(b.items.length)} 项：在办 ${strong(t.open)} 项，其中逾期未办结 ${strong(t.overdueOpen)} 项；本期交办 ${t.issued} 项，办结 ${t.closed} 项（按期 ${t.closedOnTime} 项，逾期办结 ${t.closedLate} 项），已延期 ${t.extended} 项。\n**按期办结率**：${strong(rateText(t))}（按期办结 ÷（本期办结 + 逾期未办结））`,
    ),
  ];
  if (b.items.length === 0) elements.push(md('本期没有督办事项。'));
  if (b.bySource.length) {
    elements.push(
      hr(),
      md(
        `**按来源**\n${b.bySource.map((s) => `- ${SOURCE_LABEL[s.source]}：${counts(s.counts)}`).join('\n')}`,
      ),
    );
  }
  if (b.byUnit.length) {
    const shown = b.byUnit.slice(0, BRIEFING_CARD_MAX.units);
    const more = b.byUnit.length - shown.length;
    elements.push(
      hr(),
      md(
        `**按牵头单位**\n${shown.map((u) => `- ${strong(deptName(org, u.dept))}：${counts(u.counts)}`).join('\n')}${more > 0 ? `\n另有${more}个单位见 Excel。` : ''}`,
      ),
    );
  }
  if (b.overdue.length) {
    const shown = b.overdue.slice(0, BRIEFING_CARD_MAX.overdue);
    const more = b.overdue.length - shown.length;
    elements.push(
      hr(),
      md(
        `<font color='red'>**逾期未办结**</font>（紧盯不落实的事，§58）\n${shown
          .map((o) => {
            const f = o.item.fields;
            return `🔴 ${strong(o.item.id)} ${esc(o.item.title, { max: 60 })}｜牵头 ${deptName(org, f.parts[0]!.dept)}｜${formatCn(f.deadline.due, today)}到期，逾期${o.days}天`;
          })
          .join('\n')}${more > 0 ? `\n另有${more}项见 Excel。` : ''}`,
      ),
    );
  }
  elements.push(
    hr(),
    md(
      'Excel 通报（按来源、按单位、逾期事项、事项清单）随后发送，可供区政府常务会议听取督查工作汇报（§57）。',
    ),
  );
  return card(`督查通报 · ${period}`, t.overdueOpen > 0 ? 'red' : 'blue', elements);
}
