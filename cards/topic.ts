import type { RenderEnv } from '../src/bot/render.ts';
import { activeStep, owing } from '../src/domain/engine/engine.ts';
import type { WorkflowItem } from '../src/domain/engine/types.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { type DateStr, formatCn, weekdayCn } from '../src/domain/time.ts';
import { needsLegalityReview } from '../src/domain/topic/route.ts';
import { consultationOf } from '../src/domain/topic/topic.ts';
import { MEETING_KIND_LABEL, MEETING_RULE, TOPIC_STEP, type TopicItem } from '../src/domain/topic/types.ts';
import type { CardRecord } from '../src/store/schema.ts';
import { type Card, card, datePicker, type Element, form, hr, input, md } from './card.ts';
import { deadlineNote } from './deadline-note.ts';
import { esc, plainText, strong } from './markdown.ts';
import { nameOf, progressLines, when } from './progress.ts';
import { buildStepCard, STATUS, STEP_DECIDE } from './step-card.ts';
import { failedReviewLines, procedureLines } from './topic-procedure.ts';

/** The `value.action` of the topic workflow's own buttons (plain answers use the shared step.decide). */
export const TOPIC_ACTIONS = {
  submit: 'topic.submit',
  decide: 'topic.decide',
  withdraw: 'topic.withdraw',
  amend: 'topic.amend',
} as const;

export const dayCn = (d: DateStr, today: DateStr) => `${formatCn(d, today)}（${weekdayCn(d)}）`;

export const deptName = (org: OrgIndex, id: string) => org.department(id)?.name ?? id;

function submitterLine(item: TopicItem, org: OrgIndex): string {
  const role = org
    .rolesOf(item.submitter)
    .find((r) => !r.departmentId || r.departmentId === item.fields.unit);
  return `${nameOf(org, item.submitter)}${role ? `（${role.label}）` : ''}`;
}

/** Everything §39 asks of a submission, plus how the rules treat it (§25 legality, §38 meeting date). */
export function topicFacts(item: TopicItem, org: OrgIndex, today: DateStr, max?: number): string[] {
  const f = item.fields;
  const long = (s: string) => esc(s, { multiline: true, max });
  const lines = [
    `**会议类型**：${MEETING_KIND_LABEL[f.meeting]}（${MEETING_RULE[f.meeting]}）${f.chair ? `，主持：${nameOf(org, f.chair)}` : ''}`,
    `**提请单位**：${deptName(org, f.unit)}　提请人：${submitterLine(item, org)}`,
    `**提请事项名称**：${esc(f.title)}`,
    `**基本情况**：${long(f.background)}`,
    `**存在的问题**：${long(f.problems)}`,
    `**需解决的事项**：${long(f.matters)}`,
    `**解决问题方案**：${long(f.solution)}`,
    `**工作建议**：${long(f.recommendation)}`,
    `**涉及单位**：${f.affected.length ? f.affected.map((d) => deptName(org, d)).join('、') : '无'}`,
    `**法律问题**：${f.legal ? '涉及' : '不涉及'}　**重大决策**：${f.major ? '是' : '否'}`,
  ];
  if (f.deputy)
    lines.push(`**分管负责同志**：${nameOf(org, f.deputy)}（汇报人可为主要负责人或分管负责同志，§38）`);
  if (needsLegalityReview(f)) {
    lines.push(
      f.major
        ? '重大决策须经司法局合法性审查，未经审查或审查不合格的，不得提交集体讨论（§25）。'
        : f.failedReviews?.length
          ? '前次合法性审查未通过，须经司法局重新审查（§25）。'
          : '涉及法律问题，由司法局进行合法性审查（§25、§41）。',
    );
  }
  lines.push(...failedReviewLines(item, org, today, max ?? 200));
  lines.push(...procedureLines(item, org, today, max ?? 200));
  if (f.attachments.length) lines.push(`**附件**：${f.attachments.map((a) => esc(a)).join('　')}`);
  if (f.meetingDate) lines.push(`**会议日期**：${dayCn(f.meetingDate, today)}，已列入议程`);
  if (f.heldIn) lines.push(`**已上会**：会议纪要 ${f.heldIn}`);
  return lines;
}

/** Who answers for whom in the consultation: an affected unit (standing) or a district leader (plenary). */
function partyLabel(item: TopicItem, party: string, org: OrgIndex): string {
  const units = item.fields.affected.filter((d) => org.department(d)?.mainHead === party);
  if (units.length) return `${units.map((d) => deptName(org, d)).join('、')}（${nameOf(org, party)}）`;
  return `${nameOf(org, party)}（${org.primaryRole(party)?.label ?? ''}）`;
}

const ANSWER_WORD: Record<string, string> = {
  agree: '同意',
  agree_with_comments: '原则同意',
  disagree: '不同意',
  no_objection_deadline: '逾期视为无不同意见',
};

/**
 * 征求意见结果, shown on every card of the route (§38, §50): each unit's answer and comment, silence
 * as 逾期视为无不同意见; a standing disagreement lists each side's reasons for the vice head (§24, §50).
 */
export function consultationLines(item: TopicItem, org: OrgIndex, today: DateStr, max = 300): string[] {
  const c = consultationOf(item);
  if (!c) return [];
  const due = c.step.deadline
    ? `，${formatCn(c.step.deadline.due, today)}截止${deadlineNote(c.step.deadline, today)}`
    : '';
  const lines = [`${strong(c.step.title)}（${c.step.rule ?? '§50'}，${c.step.parties.length}家${due}）`];
  for (const { party, response: r } of c.results) {
    const who = partyLabel(item, party, org);
    if (!r) {
      lines.push(
        `- ${who}：待回复${c.step.status === 'active' && c.step.deadline ? `（逾期视为无不同意见）` : ''}`,
      );
      continue;
    }
    const behalf = r.onBehalfOf && r.actor !== 'system' ? `，${nameOf(org, r.actor)}代` : '';
    const word = ANSWER_WORD[r.answer] ?? r.answer;
    // A disagreement's reasons are listed once, with the other side's, below.
    const comment =
      r.answer === 'disagree' ? '（理由见下）' : r.comment ? `，意见：${esc(r.comment, { max })}` : '';
    const mark = r.answer === 'disagree' ? `<font color='red'>${word}</font>` : word;
    const at =
      r.answer === 'no_objection_deadline' && c.step.deadline
        ? `${formatCn(c.step.deadline.due, today)}截止未回复`
        : when(r.at, today);
    lines.push(`- ${who}：${strong(mark)}${comment}（${at}${behalf}）`);
  }
  const dissent = c.results.filter((x) => x.response?.answer === 'disagree');
  if (dissent.length) {
    const f = item.fields;
    lines.push(
      `<font color='red'>⚠ 会签存在分歧：由主办单位列明各方理据、提出办理建议，报分管副区长协调（§24、§50）。各方理据：</font>`,
      `- 主办单位 ${deptName(org, f.unit)}：方案 ${esc(f.solution, { max: max / 2 })}；建议 ${esc(f.recommendation, { max: max / 2 })}`,
      ...dissent.map(
        (x) => `- ${partyLabel(item, x.party, org)}：${esc(x.response?.comment ?? '', { max })}`,
      ),
    );
    const said = item.steps.find((s) => s.id === TOPIC_STEP.statement)?.responses.at(-1);
    lines.push(
      said
        ? `- 主办单位列明的各方理据及办理建议（${nameOf(org, said.actor)}，${when(said.at, today)}）：${esc(said.comment ?? '', { multiline: true, max: max * 2 })}`
        : '- 主办单位列明各方理据及办理建议：待填写',
    );
  }
  return lines;
}

/** The route, with the consultation summed up in one line (its detail is in the block above). */
export function topicProgress(item: TopicItem, org: OrgIndex, today: DateStr): string {
  const lines = progressLines(item as WorkflowItem, org, today);
  return item.steps
    .map((s, i) => {
      if (s.id !== TOPIC_STEP.consult || s.status === 'waiting') return lines[i]!;
      const count = (a: string) => s.responses.filter((r) => r.answer === a).length;
      const parts = [
        ['同意', count('agree')],
        ['原则同意', count('agree_with_comments')],
        ['不同意', count('disagree')],
        ['逾期视为无不同意见', count('no_objection_deadline')],
        ['待回复', owing(s).length],
      ].filter(([, n]) => (n as number) > 0);
      const icon = lines[i]!.slice(0, 1);
      return `${icon} ${strong(s.title)}（${s.rule}）：${parts.map(([w, n]) => `${w}${n}家`).join('，')}（详见上方）`;
    })
    .join('\n');
}

/** Lark refuses a card over 30 KB; text heavy in escaped punctuation can pass it at full length. */
const CARD_BUDGET = 28 * 1024;

/** The card at full length, or — past the budget — with each text cut short and a note saying so. */
function fitted(build: (compact: boolean) => Card): Card {
  const full = build(false);
  return new TextEncoder().encode(JSON.stringify(full)).length <= CARD_BUDGET ? full : build(true);
}

function body(item: TopicItem, env: RenderEnv, compact = false): Element[] {
  const consult = consultationLines(item, env.org, env.today, compact ? 80 : 300);
  return [
    ...(compact ? [md('材料较长，卡片仅显示摘要；完整材料请向提请单位索取。')] : []),
    md(topicFacts(item, env.org, env.today, compact ? 150 : undefined).join('\n')),
    ...(consult.length ? [hr(), md(consult.join('\n'))] : []),
    hr(),
    md(topicProgress(item, env.org, env.today)),
  ];
}

const titleOf = (item: TopicItem, prefix: string) => `${prefix} · ${plainText(item.title, 40)}`;
const subtitleOf = (item: TopicItem) => `${item.id} · ${STATUS[item.status].label}`;

/** The head's (or chairing vice head's) answer: a meeting date is picked with the approval (§38–§40). */
function decideForm(item: TopicItem, stepId: string): Element[] {
  const value = { action: TOPIC_ACTIONS.decide, item: item.id, step: stepId, round: item.round };
  const btn = (answer: string, label: string, type: string) => ({
    tag: 'column',
    width: 'auto',
    elements: [
      {
        tag: 'button',
        name: answer,
        text: { tag: 'plain_text', content: label },
        type,
        form_action_type: 'submit',
        behaviors: [{ type: 'callback', value: { ...value, answer } }],
      },
    ],
  });
  return [
    md(
      `请确定是否列入${MEETING_KIND_LABEL[item.fields.meeting]}议程，同意时请选择会议日期（${MEETING_RULE[item.fields.meeting]}）。`,
    ),
    {
      tag: 'form',
      name: 'answer',
      elements: [
        datePicker('meetingDate', '会议日期'),
        input('comment', '意见', { placeholder: '暂不上会时必须填写理由', maxLength: 500 }),
        {
          tag: 'column_set',
          columns: [btn('approve', '同意上会', 'primary_filled'), btn('reject', '暂不上会', 'danger')],
        },
      ],
    },
  ];
}

/** §24: the submitting unit sets out each side's reasons and its proposal for the vice head to coordinate. */
function statementForm(item: TopicItem, stepId: string): Element[] {
  return [
    md('涉及单位仍有不同意见。请列明各方理据，提出办理建议，报分管副区长协调（§24、§50）。'),
    form(
      'statement',
      [
        input('comment', '各方理据及办理建议', {
          multiline: true,
          maxLength: 500,
          placeholder: '例如：财政局认为……；我局认为……；建议……',
        }),
      ],
      {
        label: '提交分管副区长协调',
        value: {
          action: STEP_DECIDE,
          item: item.id,
          step: stepId,
          round: item.round,
          answer: 'acknowledged',
        },
      },
    ),
  ];
}

/**
 * A step's card: the §39 content, the consultation results and the route; the answer buttons while
 * the step waits on the recipient. The decision step's answer carries the meeting date.
 */
export function buildTopicStepCard(item: TopicItem, rec: CardRecord, env: RenderEnv): Card {
  return fitted((compact) => topicStepCard(item, rec, env, compact));
}

function topicStepCard(item: TopicItem, rec: CardRecord, env: RenderEnv, compact: boolean): Card {
  const step = item.steps.find((s) => s.id === rec.stepId);
  const prefix =
    step?.kind === 'countersign'
      ? '议题会签'
      : step?.id === TOPIC_STEP.statement
        ? '议题分歧说明'
        : step?.id.endsWith('x')
          ? '议题分歧协调'
          : '议题审批';
  const base = buildStepCard(item, rec, env, { title: titleOf(item, prefix), facts: [] });
  const els = base.body.elements;
  // buildStepCard lays out [facts, hr, route, …answer]; the topic's own body replaces the first three.
  const answer = els.slice(3);
  const deciding =
    step?.id === TOPIC_STEP.decide &&
    activeStep(item)?.id === step.id &&
    answer.some((e) => e.tag === 'form');
  const stating =
    step?.id === TOPIC_STEP.statement &&
    activeStep(item)?.id === step.id &&
    answer.some((e) => e.tag === 'form');
  base.body.elements = [
    ...body(item, env, compact),
    ...(deciding ? decideForm(item, step.id) : stating ? statementForm(item, step.id) : answer),
  ];
  return base;
}

/** The submitter's card: where the topic is; withdraw before any answer; amend after it was sent back. */
export function buildTopicTrackerCard(item: TopicItem, env: RenderEnv): Card {
  return fitted((compact) => topicTrackerCard(item, env, compact));
}

function topicTrackerCard(item: TopicItem, env: RenderEnv, compact: boolean): Card {
  const elements = body(item, env, compact);
  const answered = item.steps.some((s) => s.responses.length > 0);
  if (item.status === 'in_progress' && !answered) {
    elements.push({
      tag: 'button',
      text: { tag: 'plain_text', content: '撤回议题' },
      type: 'default',
      behaviors: [{ type: 'callback', value: { action: TOPIC_ACTIONS.withdraw, item: item.id } }],
    });
  }
  if (item.status === 'rejected') {
    elements.push(md('议题已退回，您可以修改后重新提交：'), {
      tag: 'button',
      text: { tag: 'plain_text', content: '修改后重新提交' },
      type: 'primary',
      behaviors: [{ type: 'callback', value: { action: TOPIC_ACTIONS.amend, item: item.id } }],
    });
  }
  return card(titleOf(item, '我的议题'), STATUS[item.status].template, elements, subtitleOf(item));
}

/** The government office's copy (it collects topics, §37–§39), kept current as the topic moves on. */
export function buildTopicOfficeCard(item: TopicItem, env: RenderEnv): Card {
  return fitted((compact) =>
    card(titleOf(item, '议题申报'), STATUS[item.status].template, body(item, env, compact), subtitleOf(item)),
  );
}
