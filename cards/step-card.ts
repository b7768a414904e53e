import type { RenderEnv } from '../src/bot/render.ts';
import { recusedFrom } from '../src/domain/engine/acting.ts';
import { activeStep, owing } from '../src/domain/engine/engine.ts';
import type { Step, WorkflowItem } from '../src/domain/engine/types.ts';
import type { CardRecord } from '../src/store/schema.ts';
import { type Card, card, type Element, hr, input, md, type Template } from './card.ts';
import { strong } from './markdown.ts';
import { nameOf, progressLines } from './progress.ts';

/** The one callback every step card uses; the item's kind decides what an answer means. */
export const STEP_DECIDE = 'step.decide';

export const STATUS: Record<WorkflowItem['status'], { label: string; template: Template }> = {
  draft: { label: '草稿', template: 'grey' },
  in_progress: { label: '办理中', template: 'orange' },
  approved: { label: '已通过', template: 'green' },
  recorded: { label: '已登记', template: 'green' },
  rejected: { label: '未通过，已退回', template: 'red' },
  withdrawn: { label: '已撤回', template: 'grey' },
  closed: { label: '已办结', template: 'green' },
};

const BUTTONS: Record<Step['kind'], Array<{ answer: string; label: string; type: string }>> = {
  approve: [
    { answer: 'approve', label: '同意', type: 'primary_filled' },
    { answer: 'reject', label: '不同意', type: 'danger' },
  ],
  countersign: [
    { answer: 'agree', label: '同意', type: 'primary_filled' },
    { answer: 'agree_with_comments', label: '原则同意（附意见）', type: 'default' },
    { answer: 'disagree', label: '不同意', type: 'danger' },
  ],
  acknowledge: [{ answer: 'acknowledged', label: '签收', type: 'primary_filled' }],
  notify: [],
};

const PROMPT: Record<Step['kind'], string> = {
  approve: '不同意时必须填写理由',
  countersign: '附意见或不同意时必须填写',
  acknowledge: '',
  notify: '',
};

/** The answer form of a step that waits on this card's recipient (they may act for the party, 代批). */
function answerForm(item: WorkflowItem, step: Step, recipient: string, env: RenderEnv): Element[] {
  const owed = owing(step);
  const own = owed.includes(recipient);
  // Asked as the one acting for an absent party (§8): with several owed, the engine works out whose
  // answer it is from who is away; naming the wrong party here would refuse the tap.
  const party = own ? recipient : owed.length === 1 ? owed[0] : undefined;
  const shown = party ?? owed.find((p) => env.org.abPartner(p)?.id === recipient);
  const recusedParty = shown !== undefined && recusedFrom(item, step).includes(shown);
  const behalf = own
    ? ''
    : recusedParty
      ? `${nameOf(env.org, shown)} 是本事项的提交人，按规定回避，由您代为办理（§8）。`
      : `您正代 ${shown ? nameOf(env.org, shown) : '外出的领导'} 办理（§8 代批）。`;
  const value = {
    action: STEP_DECIDE,
    item: item.id,
    step: step.id,
    round: item.round,
    ...(party ? { party } : {}),
  };
  const buttons = BUTTONS[step.kind].map((b) => ({
    tag: 'column',
    width: 'auto',
    elements: [
      {
        tag: 'button',
        name: b.answer,
        text: { tag: 'plain_text', content: b.label },
        type: b.type,
        form_action_type: 'submit',
        behaviors: [{ type: 'callback', value: { ...value, answer: b.answer } }],
      },
    ],
  }));
  const fields = PROMPT[step.kind]
    ? [input('comment', '意见', { placeholder: PROMPT[step.kind], maxLength: 500 })]
    : [];
  return [
    md(`${behalf}请办理：${strong(step.title)}`),
    { tag: 'form', name: 'answer', elements: [...fields, { tag: 'column_set', columns: buttons }] },
  ];
}

/** A stand-in's card once the step went elsewhere (the absent person back at work, §8). */
export function handedToLine(holder: string, env: RenderEnv): string {
  return `这一步已转由 ${strong(nameOf(env.org, holder))} 办理（请假人已返岗或代行安排已变化，§8），您无需再办理。`;
}

/**
 * A step's card for one recipient: the facts, the route so far, and — while the step waits on them —
 * the buttons. Once decided it is redrawn without buttons, showing who decided (代批 visible).
 */
export function buildStepCard(
  item: WorkflowItem,
  rec: CardRecord,
  env: RenderEnv,
  o: { title: string; facts: string[] },
): Card {
  const step = item.steps.find((s) => s.id === rec.stepId);
  const elements: Element[] = [
    md(o.facts.join('\n')),
    hr(),
    md(progressLines(item, env.org, env.today).join('\n')),
  ];
  const active = activeStep(item);
  let template = STATUS[item.status].template;
  if (item.status === 'in_progress' && step?.status === 'active' && rec.handedTo) {
    elements.push(md(handedToLine(rec.handedTo, env)));
  } else if (item.status === 'in_progress' && step && active?.id === step.id && rec.person) {
    const owed = owing(step);
    // A recipient who is not a party was asked to act for one (§8 代批).
    if (owed.length > 0 && (owed.includes(rec.person) || !step.parties.includes(rec.person))) {
      elements.push(...answerForm(item, step, rec.person, env));
    } else {
      elements.push(md('您的意见已记录，等待其他单位回复。'));
    }
  }
  if (step && item.status === 'in_progress' && step.status !== 'active') template = 'grey';
  return card(o.title, template, elements, `${item.id} · ${STATUS[item.status].label}`);
}
