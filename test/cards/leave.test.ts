import { describe, expect, it } from 'vitest';
import { buildLeaveFilingCard, buildLeaveStepCard, buildLeaveTrackerCard } from '../../cards/leave.ts';
import { buildLeaveFormCard } from '../../cards/leave-form.ts';
import { buildStepCard } from '../../cards/step-card.ts';
import type { AwayLookup } from '../../src/domain/engine/acting.ts';
import { act, type Env, start } from '../../src/domain/engine/engine.ts';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import { fileLeave } from '../../src/domain/leave/leave.ts';
import type { LeaveItem } from '../../src/domain/leave/types.ts';
import { beijingInstant } from '../../src/domain/time.ts';
import type { CardRecord } from '../../src/store/schema.ts';
import { buttons, buttonValue, cardText } from '../helpers/cards.ts';
import { awayAll, envAt, org } from '../helpers/domain.ts';

const today = '2026-11-26';
const renderEnv = { org, today, now: beijingInstant(today, '10:00') };
const env = (away?: AwayLookup): Env => envAt(today, { away });
const rec = (person: string, stepId = 's1'): CardRecord => ({
  itemId: 'Q1',
  view: 'step',
  stepId,
  person,
  sentAt: '',
});

function filed(who: string, start: string, items: WorkflowItem[] = [], away?: AwayLookup): LeaveItem {
  const v = { type: 'out_of_city' as const, start, end: '2026-12-03', destination: '北京', reason: '培训' };
  const t = fileLeave(`Q${items.length + 1}`, who, v, items, env(away));
  if (!t.ok) throw new Error(t.reason);
  return t.item;
}

describe('leave cards', () => {
  it('§71 §8 the approver card spells out late filing and a conflict, with 同意 / 不同意', () => {
    const partner = filed('chen-lixin', '2026-12-01');
    const partnerAway: AwayLookup = (p, d) =>
      p === 'chen-lixin' && d >= '2026-12-01' ? { person: p, itemId: 'Q1', start: d, end: d } : undefined;
    const late = filed('wang-lihua', '2026-11-27', [partner], partnerAway);
    late.fields.late = true; // a vice head is never late (§71 binds department heads); force it to see the line
    const c = buildLeaveStepCard(late, rec('zhou-jianguo'), renderEnv);
    expect(cardText(c)).toContain('⚠ 迟报：§71');
    expect(cardText(c)).toContain('⚠ 注意：AB角 陈立新 同期外出');
    // §8: the card names who really acts while both are away — the head covers, not "nobody".
    expect(cardText(c)).toContain(
      '**代行安排**（如获批准）：11月27日至11月30日由 陈立新 代行其分管工作（AB角）；12月1日至12月3日由 周建国 代行其分管工作（区长）',
    );
    expect(cardText(c)).not.toContain('无人代行');
    expect(buttons(c).map((b) => (b.text as { content: string }).content)).toEqual(['同意', '不同意']);
    expect(buttonValue(c, '不同意')).toMatchObject({
      action: 'step.decide',
      item: 'Q2',
      step: 's1',
      round: 1,
    });
    expect(cardText(buildLeaveFilingCard(late, renderEnv))).toContain('⚠ 注意');
  });

  it('once decided on behalf (代批) the card has no buttons and shows who decided for whom', () => {
    const item = filed('cao-min', '2026-12-01');
    const e = env(awayAll('sun-haiyan'));
    const t = act(item, { stepId: 's1', round: 1, actor: 'zhao-wenbo', answer: 'approve' }, e);
    if (!t.ok) throw new Error(t.reason);
    const c = buildLeaveStepCard(t.item as LeaveItem, rec('zhao-wenbo'), renderEnv);
    expect(buttons(c)).toHaveLength(0);
    expect(cardText(c)).toContain('赵文博（代 孙海燕） **同意**');
    expect(cardText(buildLeaveTrackerCard(t.item as LeaveItem, renderEnv))).not.toContain('撤回申请');
  });

  it('the refilled form keeps typed text within the inputs’ limits and drops dates Lark cannot show', () => {
    const c = buildLeaveFormCard({
      org,
      submitter: 'cao-min',
      values: { type: 'constructor', start: '2月30日', reason: '长'.repeat(2000), deputy: 'lv-ping' },
      problems: ['x'],
    });
    const json = JSON.stringify(c);
    expect(json).not.toContain('initial_date');
    expect(json).toContain('"initial_option":"out_of_city"');
    expect(json).toContain(`"default_value":"${'长'.repeat(300)}"`);
    expect(json).not.toContain('lv-ping"');
  });
});

describe('the generic step card for someone acting for an absent party (§8)', () => {
  const countersign = (parties: string[], e: Env) => {
    const draft: WorkflowItem = {
      id: 'Q1',
      kind: 'duty',
      title: 't',
      submitter: 'cao-min',
      fields: {},
      status: 'draft',
      steps: [{ id: 's1', kind: 'countersign', title: '会签', parties, status: 'waiting', responses: [] }],
      round: 1,
      trail: [],
      createdAt: '',
      updatedAt: '',
    };
    const t = start(draft, e);
    if (!t.ok) throw new Error(t.reason);
    return t.item;
  };
  const draw = (item: WorkflowItem, person: string) =>
    buildStepCard(item, rec(person), renderEnv, { title: '会签', facts: [] });

  it('the AB partner asked for an absent vice head on a countersign gets the buttons', () => {
    const e = env(awayAll('sun-haiyan'));
    const item = countersign(['sun-haiyan', 'ye-qing'], e);
    const c = draw(item, 'zhao-wenbo');
    expect(cardText(c)).toContain('您正代 孙海燕 办理（§8 代批）');
    const value = buttonValue(c, '同意');
    const t = act(
      item,
      { stepId: 's1', round: 1, actor: 'zhao-wenbo', answer: 'agree', party: value.party as string },
      e,
    );
    expect(t).toMatchObject({ ok: true });
  });

  it('a party who has answered sees that their answer is recorded', () => {
    const e = env();
    const t = act(
      countersign(['su-gang', 'ye-qing'], e),
      { stepId: 's1', round: 1, actor: 'ye-qing', answer: 'agree' },
      e,
    );
    if (!t.ok) throw new Error(t.reason);
    expect(buttons(draw(t.item, 'ye-qing'))).toHaveLength(0);
    expect(cardText(draw(t.item, 'ye-qing'))).toContain('您的意见已记录');
    expect(buttons(draw(t.item, 'su-gang')).length).toBeGreaterThan(0);
  });
});
