import { describe, expect, it } from 'vitest';
import { buildInstructionOverviewCard, buildInstructionStepCard } from '../../cards/instruction.ts';
import { buildInstructionFormCard } from '../../cards/instruction-form.ts';
import { buildLedgerCard } from '../../cards/ledger.ts';
import { buildTodoCard } from '../../cards/todo.ts';
import { instructionActions } from '../../commands/instruct-actions.ts';
import { todoOpenAction } from '../../commands/todo.ts';
import type { RenderEnv } from '../../src/bot/render.ts';
import type { Env } from '../../src/domain/engine/engine.ts';
import {
  acknowledge,
  issueInstruction,
  requestExtension,
  reviewReport,
  submitReport,
} from '../../src/domain/instruction/instruction.ts';
import type { InstructionItem, InstructionTransition } from '../../src/domain/instruction/types.ts';
import { validateInstruction } from '../../src/domain/instruction/validate.ts';
import { ledgerRows } from '../../src/domain/ledger/ledger.ts';
import { waitingOn } from '../../src/domain/ledger/todo.ts';
import type { CardRecord } from '../../src/store/schema.ts';
import { buttons, cardText } from '../helpers/cards.ts';
import { calendar, envAt, org } from '../helpers/domain.ts';

const now = new Date('2026-11-26T10:00:00+08:00');
const env: Env = envAt(now);
const renv: RenderEnv = { now, today: '2026-11-26', org };

const ok = (t: InstructionTransition): InstructionItem => {
  if (!t.ok) throw new Error(t.reason);
  return t.item;
};

const TEXT = '请研究 <at id=all></at> **资金** [链接](http://x)';
function item(): InstructionItem {
  const v = validateInstruction(
    { text: TEXT, lead: 'finance', co: ['housing'] },
    'chen-lixin',
    '2026-11-26',
    org,
    calendar,
  );
  if (!v.ok) throw new Error(v.problems.join());
  return ok(issueInstruction('I0001', 'chen-lixin', v.value, env));
}

const rec = (stepId: string, person: string): CardRecord => ({
  itemId: 'I0001',
  view: 'step',
  stepId,
  person,
  sentAt: now.toISOString(),
});

/** Every button's value, with a form merged in as dispatch does, parses with its action's schema. */
function expectValuesParse(card: unknown): void {
  const byAction = new Map([...instructionActions, todoOpenAction].map((a) => [a.action, a]));
  const values = buttons(card).map(
    (b) => (b.behaviors as Array<{ value: Record<string, unknown> }>)[0]!.value,
  );
  expect(values.length).toBeGreaterThan(0);
  for (const v of values) {
    const action = byAction.get(v.action as string);
    expect(action, String(v.action)).toBeDefined();
    expect(action!.schema.safeParse({ ...v, form: {} }).success).toBe(true);
  }
}

describe('instruction cards', () => {
  it('the 签收 card lists the department’s people and escapes what the leader typed', () => {
    const c = buildInstructionStepCard(item(), rec('a0', 'qin-lei'), renv);
    const json = JSON.stringify(c);
    expect(json).not.toContain('<at id=all>');
    expect(cardText(c)).toContain('签收即表示已向本单位主要负责人报告');
    expect(json).toContain('"initial_option":"qin-lei"');
    for (const name of ['杨帆', '朱莉', '秦磊']) expect(cardText(c)).toContain(name);
    expectValuesParse(c);
  });

  it('the report card carries the report and extension forms; the review and extension cards their answers', () => {
    let it0 = ok(acknowledge(item(), { part: 1, actor: 'lv-ping' }, env));
    expectValuesParse(buildInstructionStepCard(it0, rec('r1.1', 'lv-ping'), renv));
    expect(
      buttons(buildInstructionStepCard(it0, rec('r1.1', 'lv-ping'), renv)).map(
        (b) => (b.text as { content: string }).content,
      ),
    ).toEqual(['提交报告', '申请延期']);
    it0 = ok(submitReport(it0, { actor: 'lv-ping', text: 'x'.repeat(2000) }, env));
    const review = buildInstructionStepCard(it0, rec('v1.1', 'su-gang'), renv);
    expectValuesParse(review);
    expect(JSON.stringify(review).length).toBeLessThan(30_000);
    it0 = ok(requestExtension(it0, { actor: 'lv-ping', to: '2026-12-09', reason: '等待批复' }, env));
    const ext = buildInstructionStepCard(it0, rec('x1', 'chen-lixin'), renv);
    expectValuesParse(ext);
    // §58 the leader's decision has a clock (2 working days, no later than the deadline in force, 12-02).
    expect(cardText(ext)).toContain('请于 **11月30日** 前办理（§58）');
    // Once decided, the review card has no buttons and says what happened.
    it0 = ok(reviewReport(it0, { stepId: 'v1.1', actor: 'su-gang', approve: true }, env));
    const done = buildInstructionStepCard(it0, rec('v1.1', 'su-gang'), renv);
    expect(buttons(done)).toHaveLength(0);
    expect(cardText(done)).toContain('苏刚 已审定');
  });

  it('the overview card in the supervision group carries the close-out buttons only while awaited', () => {
    let it0 = ok(acknowledge(item(), { part: 0, actor: 'yang-fan' }, env));
    it0 = ok(acknowledge(it0, { part: 1, actor: 'su-gang' }, env));
    it0 = ok(submitReport(it0, { actor: 'su-gang', text: '协办完成' }, env));
    // The main heads wrote them: their supervising vice heads approve (nobody approves their own, §56).
    it0 = ok(reviewReport(it0, { stepId: 'v1.1', actor: 'chen-lixin', approve: true }, env));
    const group: CardRecord = {
      itemId: 'I0001',
      view: 'overview',
      chat: 'supervision',
      sentAt: now.toISOString(),
    };
    expect(buttons(buildInstructionOverviewCard(it0, group, renv))).toHaveLength(0);
    it0 = ok(submitReport(it0, { actor: 'yang-fan', text: '汇总' }, env));
    it0 = ok(reviewReport(it0, { stepId: 'v0.1', actor: 'liu-zhiqiang', approve: true }, env));
    const c = buildInstructionOverviewCard(it0, group, renv);
    expectValuesParse(c);
    expect(
      buttons(buildInstructionOverviewCard(it0, { ...group, chat: undefined, person: 'chen-lixin' }, renv)),
    ).toHaveLength(0);
  });

  it('the /批示 form: the leader select only for the supervision office; comes back filled with problems', () => {
    expect(cardText(buildInstructionFormCard({ org, forLeader: false }))).not.toContain(
      '交办领导（督查室代为交办）',
    );
    const c = buildInstructionFormCard({
      org,
      forLeader: true,
      values: { text: 'abc', lead: 'finance', co: ['housing'] },
      problems: ['督查室代领导交办时，请注明交办领导'],
    });
    expect(JSON.stringify(c)).toContain('"selected_values":["housing"]');
    expect(cardText(c)).toContain('请注明交办领导');
    expectValuesParse(c);
  });

  it('the ledger and todo cards', () => {
    const it0 = item();
    const ledger = buildLedgerCard(ledgerRows([it0], '2026-12-03', {}, org), {}, org, '2026-12-03');
    expect(cardText(ledger)).toContain('🔴 **I0001**');
    expect(cardText(ledger)).toContain('逾期1天');
    const todo = buildTodoCard(waitingOn([it0], 'yang-fan', env), org, '2026-11-26');
    expect(cardText(todo)).toContain('区财政局签收');
    expectValuesParse(todo);
  });
});
