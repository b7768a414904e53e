import type { RenderEnv } from '../src/bot/render.ts';
import { MINUTES_STEP, type MinutesItem, totalFunds } from '../src/domain/minutes/types.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { RULE_LIMITS } from '../src/domain/rule-limits.ts';
import { type DateStr, formatCn } from '../src/domain/time.ts';
import { MEETING_KIND_LABEL } from '../src/domain/topic/types.ts';
import type { CardRecord } from '../src/store/schema.ts';
import { type Card, card, type Element, hr, md } from './card.ts';
import { deadlineNote } from './deadline-note.ts';
import { esc, plainText } from './markdown.ts';
import { nameOf, progressLines } from './progress.ts';
import { buildStepCard, STATUS } from './step-card.ts';
import { dayCn, deptName } from './topic.ts';

export const MINUTES_ACTIONS = { submit: 'minutes.submit', resubmit: 'minutes.resubmit' } as const;

/** 50万元, 12.5万元 (funds are kept in 元). */
export const wan = (yuan: number): string => `${Number((yuan / 10_000).toFixed(4))}万元`;

/** What the meeting decided and the limits that run from it (§38–§41, §56). */
export function minutesFacts(item: MinutesItem, org: OrgIndex, today: DateStr): string[] {
  const f = item.fields;
  const lines = [
    `**会议**：${MEETING_KIND_LABEL[f.meeting]}，${dayCn(f.heldOn, today)}${f.chair ? `，主持：${nameOf(org, f.chair)}` : ''}`,
  ];
  if (f.topics.length) {
    lines.push(`**议题**：${f.topics.map((t) => `${t.id}《${esc(t.title, { max: 40 })}》`).join('；')}`);
  }
  lines.push('**议定事项**：');
  f.decisions.forEach((d, i) => {
    const extra = [
      d.leadDepartment ? `牵头：${deptName(org, d.leadDepartment)}` : '',
      d.funds ? `资金：${wan(d.funds)}` : '',
    ].filter(Boolean);
    lines.push(`${i + 1}. ${esc(d.text)}${extra.length ? `（${extra.join('；')}）` : ''}`);
  });
  lines.push(`**起草单位**：${deptName(org, f.drafter)}`);
  if (f.consulted.length) {
    lines.push(
      `**征求意见**：${f.consulted.map((d) => deptName(org, d)).join('、')}，1个工作日内回复，逾期视为无不同意见（§40、§50）`,
    );
  }
  if (f.legal) {
    const by = f.legalityBy
      ? `，${formatCn(f.legalityBy.due, today)}前${deadlineNote(f.legalityBy, today)}`
      : '';
    lines.push(
      `**合法性审核**：涉及法律事务，司法局在会议结束后${RULE_LIMITS.minutesLegalityReview.amount}个工作日内提出审核意见（${RULE_LIMITS.minutesLegalityReview.rule}${by}）`,
    );
  }
  const issued = f.issuedOn ? `，已于${formatCn(f.issuedOn, today)}签发` : '';
  lines.push(
    `**印发时限**：${formatCn(f.issueBy.due, today)}前（会议结束后${f.issueBy.amount}个工作日，${f.issueBy.rule}）${deadlineNote(f.issueBy, today)}${issued}`,
  );
  const funds = totalFunds(f);
  if (funds > 0) {
    const paid = f.paidOn ? `，已于${formatCn(f.paidOn, today)}拨付` : '';
    lines.push(`**资金拨付**：共${wan(funds)}，纪要签发后5个工作日内拨付（§56）${paid}`);
  }
  return lines;
}

/** Acknowledge steps here mean "drafted" or "paid", not 签收. */
const ACK_LABEL: Record<string, string> = {
  [MINUTES_STEP.draft]: '纪要已起草，送审',
  [MINUTES_STEP.pay]: '资金已拨付',
};

function relabel(node: unknown, label: string): void {
  if (Array.isArray(node)) {
    for (const n of node) relabel(n, label);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (n.tag === 'button' && n.name === 'acknowledged') n.text = { tag: 'plain_text', content: label };
  for (const v of Object.values(n)) if (typeof v === 'object') relabel(v, label);
}

export function buildMinutesStepCard(item: MinutesItem, rec: CardRecord, env: RenderEnv): Card {
  const step = item.steps.find((s) => s.id === rec.stepId);
  const c = buildStepCard(item, rec, env, {
    title: `会议纪要 · ${plainText(item.title, 40)}`,
    facts: minutesFacts(item, env.org, env.today),
  });
  const label = step && ACK_LABEL[step.id];
  if (label) relabel(c.body.elements, label);
  return c;
}

/** The recorder's card: the route of the minutes; after a send-back, the route can run again. */
export function buildMinutesTrackerCard(item: MinutesItem, env: RenderEnv): Card {
  const elements: Element[] = [
    md(minutesFacts(item, env.org, env.today).join('\n')),
    hr(),
    md(progressLines(item, env.org, env.today).join('\n')),
  ];
  if (item.status === 'rejected') {
    elements.push(md('纪要被退回。修改纪要稿后，可重新送审：'), {
      tag: 'button',
      text: { tag: 'plain_text', content: '重新送审' },
      type: 'primary',
      behaviors: [{ type: 'callback', value: { action: MINUTES_ACTIONS.resubmit, item: item.id } }],
    });
  }
  return card(
    `会议纪要 · ${plainText(item.title, 40)}`,
    STATUS[item.status].template,
    elements,
    `${item.id} · ${STATUS[item.status].label}`,
  );
}
