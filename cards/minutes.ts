import type { RenderEnv } from '../src/bot/render.ts';
import { CLASS_LABEL } from '../src/domain/instruction/types.ts';
import { EXCUSE_REASON_LABEL } from '../src/domain/leave/types.ts';
import { ATTENDANCE_LABEL } from '../src/domain/meeting/types.ts';
import { isMajorDecision } from '../src/domain/minutes/decisions.ts';
import {
  decidesMajor,
  MINUTES_STEP,
  type MinutesDecision,
  type MinutesItem,
  totalFunds,
} from '../src/domain/minutes/types.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { RULE_LIMITS } from '../src/domain/rule-limits.ts';
import { type DateStr, formatCn } from '../src/domain/time.ts';
import { MEETING_KIND_LABEL } from '../src/domain/topic/types.ts';
import type { CardRecord } from '../src/store/schema.ts';
import { type Card, card, type Element, hr, md } from './card.ts';
import { deadlineNote } from './deadline-note.ts';
import { esc, plainText } from './markdown.ts';
import { ATTENDANCE_MAX } from './meeting.ts';
import { nameOf, progressLines } from './progress.ts';
import { buildStepCard, STATUS } from './step-card.ts';
import { dayCn, deptName } from './topic.ts';

export const MINUTES_ACTIONS = { submit: 'minutes.submit', resubmit: 'minutes.resubmit' } as const;

/** 50万元, 12.5万元 (funds are kept in 元). */
export const wan = (yuan: number): string => `${Number((yuan / 10_000).toFixed(4))}万元`;

/** A decision's due as the meeting set it: a “710” class or a date (§58). */
export function dueText(d: MinutesDecision): string {
  if (!d.due) return '';
  return 'class' in d.due ? `${CLASS_LABEL[d.due.class]}` : `${d.due.date}前办结`;
}

/** One 议定事项: text, lead, co-units, limit, funds, topic, and the supervised item it became. */
export function decisionLine(
  item: MinutesItem,
  d: MinutesDecision,
  org: OrgIndex,
  /** How typed text is shown: escaped for a card (default), kept for a text message. */
  typed: (s: string) => string = (s) => esc(s),
): string {
  const extra = [
    d.leadDepartment ? `牵头：${deptName(org, d.leadDepartment)}` : '',
    d.co?.length ? `协办：${d.co.map((c) => deptName(org, c)).join('、')}` : '',
    dueText(d),
    d.funds ? `资金：${wan(d.funds)}` : '',
    d.topic ? `议题 ${d.topic}${isMajorDecision(item, d) ? '，重大决策' : ''}` : '',
  ].filter(Boolean);
  const tracked = d.item ? ` → 督办 ${d.item}` : '';
  return `${typed(d.text)}${extra.length ? `（${extra.join('；')}）` : ''}${tracked}`;
}

/**
 * Who the notice bound to attend and how each stood (§36, §42): the count, then by name everyone who did
 * not simply attend — excused with who came in their place, or never answered.
 */
function attendanceLines(f: MinutesItem['fields'], org: OrgIndex): string[] {
  if (!f.meetingId || !f.attendance) return [];
  const all = f.attendance;
  // A refused excuse means the invitee had to attend (§42), as the office's attendance card counts it.
  const count = (...s: string[]) => all.filter((a) => s.includes(a.state)).length;
  const summary = [
    `参会${count('attend', 'excuse_refused')}人`,
    `准假${count('excused')}人`,
    count('excuse_pending') ? `请假待批${count('excuse_pending')}人` : '',
    count('pending') ? `未回复${count('pending')}人` : '',
  ].filter(Boolean);
  const named = all.filter((a) => a.state !== 'attend' && a.state !== 'excuse_refused');
  const rows = named.slice(0, ATTENDANCE_MAX).map((a) => {
    const unit = a.units.map((u) => deptName(org, u)).join('、');
    const why = a.why ? `（${EXCUSE_REASON_LABEL[a.why]}）` : '';
    const sub = a.substitute ? `，代会：${nameOf(org, a.substitute)}` : '';
    return `- ${nameOf(org, a.person)}（${esc(unit)}）：${ATTENDANCE_LABEL[a.state]}${why}${sub}`;
  });
  if (named.length > ATTENDANCE_MAX) rows.push(`另有${named.length - ATTENDANCE_MAX}人未列出`);
  return [`**参会情况**（会议通知 ${f.meetingId}，§42）：${summary.join('，')}`, ...rows];
}

/** What the meeting decided and the limits that run from it (§38–§41, §56). */
export function minutesFacts(item: MinutesItem, org: OrgIndex, today: DateStr): string[] {
  const f = item.fields;
  const presider = f.chair ?? f.presider;
  const lines = [
    `**会议**：${MEETING_KIND_LABEL[f.meeting]}，${dayCn(f.heldOn, today)}${presider ? `，主持：${nameOf(org, presider)}` : ''}`,
    ...attendanceLines(f, org),
  ];
  if (f.topics.length) {
    lines.push(`**议题**：${f.topics.map((t) => `${t.id}《${esc(t.title, { max: 40 })}》`).join('；')}`);
  }
  lines.push('**议定事项**（纪要签发后转为督办事项，§56）：');
  f.decisions.forEach((d, i) => {
    lines.push(`${i + 1}. ${decisionLine(item, d, org)}`);
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
  if (decidesMajor(f)) {
    const done = f.reportedOn ? `，已于${formatCn(f.reportedOn, today)}报告` : '';
    lines.push(
      `**报区委**：重大决策出台前须向区委请示报告（§65）；报告后重大决策事项转为督办（§25 跟踪反馈）${done}`,
    );
  }
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
  [MINUTES_STEP.party]: '已向区委请示报告',
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
