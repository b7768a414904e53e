import type { RenderEnv } from '../src/bot/render.ts';
import type { Step } from '../src/domain/engine/types.ts';
import { expectedKind } from '../src/domain/instruction/instruction.ts';
import { membersOf } from '../src/domain/instruction/parties.ts';
import { parseStepId } from '../src/domain/instruction/steps.ts';
import { type InstructionItem, REPORT_LABEL, SOURCE_NOUN } from '../src/domain/instruction/types.ts';
import { rowOf } from '../src/domain/ledger/ledger.ts';
import { formatCn } from '../src/domain/time.ts';
import { workClassOf } from '../src/domain/work-class.ts';
import type { CardRecord } from '../src/store/schema.ts';
import {
  CARD_INPUT_MAX,
  type Card,
  card,
  datePicker,
  type Element,
  form,
  hr,
  input,
  md,
  select,
  type Template,
} from './card.ts';
import { deadlineNote } from './deadline-note.ts';
import { deptName, extensionLines, instructionFacts, partLines, reportLine } from './instruction-facts.ts';
import { WORK_LABEL } from './kind-labels.ts';
import { esc, strong } from './markdown.ts';
import { nameOf } from './progress.ts';
import { handedToLine } from './step-card.ts';

/** The `value.action` of every instruction button. */
export const INSTRUCTION_ACTIONS = {
  submit: 'instruction.submit',
  ack: 'instruction.ack',
  report: 'instruction.report',
  review: 'instruction.review',
  accept: 'instruction.accept',
  extend: 'instruction.extend',
  extension: 'instruction.extension',
} as const;

function templateOf(item: InstructionItem, env: RenderEnv): Template {
  if (item.status !== 'in_progress') return 'green';
  const light = rowOf(item, env.today).light;
  return light === 'red' ? 'red' : light === 'yellow' ? 'yellow' : 'blue';
}

function subtitle(item: InstructionItem): string {
  return `${item.id} · ${item.status === 'in_progress' ? '办理中' : '已销号'}`;
}

/** Several submit buttons in one form, each carrying its own answer. */
function answerForm(
  name: string,
  fields: Element[],
  buttons: Array<{ label: string; type: string; value: object }>,
): Element {
  return {
    tag: 'form',
    name,
    elements: [
      ...fields,
      {
        tag: 'column_set',
        columns: buttons.map((b, i) => ({
          tag: 'column',
          width: 'auto',
          elements: [
            {
              tag: 'button',
              name: `${name}_${i}`,
              text: { tag: 'plain_text', content: b.label },
              type: b.type,
              form_action_type: 'submit',
              behaviors: [{ type: 'callback', value: b.value }],
            },
          ],
        })),
      },
    ],
  };
}

/** Everything about the item: facts, each department, extensions. */
function body(item: InstructionItem, env: RenderEnv, max = 200): Element[] {
  const parts = item.fields.parts.flatMap((p) => partLines(p, item, env, max));
  const ext = extensionLines(item, env);
  return [md(instructionFacts(item, env).join('\n')), hr(), md([...parts, ...ext].join('\n'))];
}

function ackForm(item: InstructionItem, part: number, rec: CardRecord, env: RenderEnv): Element[] {
  const dept = env.org.department(item.fields.parts[part]!.dept)!;
  const people = membersOf(dept).map((p) => ({ value: p, label: nameOf(env.org, p) }));
  const initial = rec.person && people.some((p) => p.value === rec.person) ? rec.person : undefined;
  return [
    md(
      `请${strong(esc(dept.name))}签收：签收即表示已向本单位主要负责人报告（§56），并明确负责落实的责任人。`,
    ),
    form('ack', [select('responsible', '责任人', people, { initial, required: true })], {
      label: '签收',
      value: { action: INSTRUCTION_ACTIONS.ack, item: item.id, part },
    }),
  ];
}

function reportForms(item: InstructionItem, part: number, env: RenderEnv): Element[] {
  const f = item.fields;
  const p = f.parts[part]!;
  const kind = expectedKind(f, p);
  const combined = p.role === 'lead' && f.parts.length > 1;
  const out: Element[] = [
    md(
      combined
        ? '请汇总协办部门报来的情况，报送本单位办理情况；报告经本单位主要负责人审定后报交办领导（§56）。'
        : '报告经本单位主要负责人审定后上报（§56）。',
    ),
    form(
      'report',
      [
        select(
          'kind',
          '报告类型',
          (['progress', 'completion'] as const).map((k) => ({ value: k, label: REPORT_LABEL[k] })),
          { initial: kind },
        ),
        input('text', '报告内容', {
          multiline: true,
          maxLength: CARD_INPUT_MAX,
          required: true,
          placeholder: '办理情况或进展情况',
        }),
        input('attachment', '附件（可选）', { placeholder: '文件链接或文件编号', maxLength: 300 }),
      ],
      { label: '提交报告', value: { action: INSTRUCTION_ACTIONS.report, item: item.id, part } },
    ),
  ];
  if (!f.extensions.some((e) => !e.decision)) {
    out.push(
      hr(),
      md(`如确需延期，请说明理由，报交办领导审批（现办结时限 ${formatCn(f.deadline.due, env.today)}）。`),
      form(
        'extend',
        [
          datePicker('to', '申请延至'),
          input('reason', '延期理由', {
            multiline: true,
            maxLength: 500,
            placeholder: '例如：需等待市级部门批复',
          }),
        ],
        { label: '申请延期', value: { action: INSTRUCTION_ACTIONS.extend, item: item.id, part } },
      ),
    );
  }
  return out;
}

function decisionForm(
  action: string,
  item: InstructionItem,
  stepId: string,
  yes: string,
  no: string,
  prompt: string,
): Element {
  const value = (answer: string) => ({ action, item: item.id, step: stepId, answer });
  return answerForm(
    'decide',
    [input('comment', '意见', { placeholder: prompt, maxLength: 500 })],
    [
      { label: yes, type: 'primary_filled', value: value('yes') },
      { label: no, type: 'danger', value: value('no') },
    ],
  );
}

/** The step's card for its recipient: what it is about, and the buttons while the step is open. */
export function buildInstructionStepCard(item: InstructionItem, rec: CardRecord, env: RenderEnv): Card {
  const step = item.steps.find((s) => s.id === rec.stepId);
  const ref = rec.stepId ? parseStepId(rec.stepId) : undefined;
  const live = item.status === 'in_progress' && step?.status === 'active';
  // A stand-in's copy once the step went back to whoever holds it now (§8): no buttons, who holds it.
  const open = live && !rec.handedTo;
  const f = item.fields;
  const elements: Element[] = [];
  let title = `${sourceTitle(item)} · ${item.title}`;
  if (ref?.type === 'ack') {
    title = `${SOURCE_NOUN[f.source]}签收 · ${deptName(env.org, f.parts[ref.part]?.dept ?? '')}`;
    elements.push(...body(item, env));
    if (open) elements.push(hr(), ...ackForm(item, ref.part, rec, env));
  } else if (ref?.type === 'report') {
    title = step?.title ?? '报送办理情况';
    elements.push(...body(item, env, 500));
    if (open) elements.push(hr(), ...reportForms(item, ref.part, env));
  } else if (ref?.type === 'review') {
    const r = f.parts[ref.part]?.reports[ref.n - 1];
    title = `审定报告 · ${deptName(env.org, f.parts[ref.part]?.dept ?? '')}`;
    elements.push(...body(item, env));
    if (r) elements.push(hr(), md(`**待审定的${REPORT_LABEL[r.kind]}**\n${reportLine(r, env, 2000)}`));
    // A main head's own report goes to the supervising vice head (nobody approves their own, §56).
    const own =
      step && r && !step.parties.includes(env.org.department(f.parts[ref.part]!.dept)?.mainHead ?? '');
    if (open)
      elements.push(
        md(
          own
            ? `${esc(step.title)}：报告由主要负责人本人报送，不能自行审定，请您审定后上报（§56）；退回时请写明修改意见。`
            : '请审定：通过后上报（§56）；退回时请写明修改意见。',
        ),
        decisionForm(
          INSTRUCTION_ACTIONS.review,
          item,
          step.id,
          '审定通过并上报',
          '退回修改',
          '退回时必须填写',
        ),
      );
  } else if (ref?.type === 'accept') {
    const r = f.parts[0]?.reports[ref.n - 1];
    title = `验收销号 · ${item.title}`;
    elements.push(...body(item, env, 500));
    if (r) elements.push(hr(), md(`**牵头部门汇总报送的办理情况**\n${reportLine(r, env, 2000)}`));
    if (open) elements.push(...stepDue(step, env), acceptForm(item, step.id, rec, env));
  } else if (ref?.type === 'extension') {
    const e = f.extensions[ref.n - 1];
    title = `延期申请 · ${item.title}`;
    elements.push(...body(item, env));
    if (open && e)
      elements.push(
        hr(),
        md(
          `${strong(deptName(env.org, e.dept))} ${nameOf(env.org, e.by)} 申请将办结时限由 ${strong(formatCn(e.from, env.today))} 延至 ${strong(formatCn(e.to, env.today))}。\n理由：${esc(e.reason, { multiline: true, max: 500 })}`,
        ),
        ...stepDue(step, env),
        decisionForm(
          INSTRUCTION_ACTIONS.extension,
          item,
          step.id,
          '同意延期',
          '不同意',
          '不同意时必须填写理由',
        ),
      );
  } else {
    elements.push(...body(item, env));
  }
  if (live && rec.handedTo) elements.push(hr(), md(handedToLine(rec.handedTo, env)));
  return card(title, open ? templateOf(item, env) : 'grey', elements, subtitle(item));
}

/** When a leader's decision is due (§62: every waiting step has a clock; the defaults in STEP_LIMIT_DEFAULTS). */
function stepDue(step: Step | undefined, env: RenderEnv): Element[] {
  const d = step?.deadline;
  return d
    ? [md(`请于 **${formatCn(d.due, env.today)}** 前办理（${d.rule}）${deadlineNote(d, env.today)}`)]
    : [];
}

function acceptForm(item: InstructionItem, stepId: string, rec: CardRecord, env: RenderEnv): Element {
  const leader = item.fields.leader;
  const behalf = rec.person && rec.person !== leader ? `您正代 ${nameOf(env.org, leader)} 办理（§8）。` : '';
  return answerForm(
    'decide',
    [
      md(`${behalf}验收通过即销号（§58）；退回时请写明需补充完善的内容。`),
      input('comment', '意见', { placeholder: '退回时必须填写', maxLength: 500 }),
    ],
    [
      {
        label: '验收销号',
        type: 'primary_filled',
        value: { action: INSTRUCTION_ACTIONS.accept, item: item.id, step: stepId, answer: 'yes' },
      },
      {
        label: '退回重办',
        type: 'danger',
        value: { action: INSTRUCTION_ACTIONS.accept, item: item.id, step: stepId, answer: 'no' },
      },
    ],
  );
}

/**
 * The item as a whole, for the issuing leader and the supervision office's group; in the group it
 * carries the close-out buttons while the leader's verdict is awaited (督查室 may close out, §58).
 */
export function buildInstructionOverviewCard(item: InstructionItem, rec: CardRecord, env: RenderEnv): Card {
  const elements = body(item, env);
  const accept = item.steps.find((s) => s.status === 'active' && s.id.startsWith('c'));
  if (item.status === 'in_progress' && accept && rec.chat === 'supervision') {
    elements.push(
      hr(),
      md('**牵头部门已汇总报送办理情况，待验收。**'),
      acceptForm(item, accept.id, rec, env),
    );
  }
  if (item.status === 'closed' && item.fields.closedOn) {
    elements.push(md(`**已销号**：${formatCn(item.fields.closedOn, env.today)}`));
  }
  return card(`${sourceTitle(item)} · ${item.title}`, templateOf(item, env), elements, subtitle(item));
}

function sourceTitle(item: InstructionItem): string {
  return WORK_LABEL[workClassOf(item)];
}
