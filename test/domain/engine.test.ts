import { describe, expect, it } from 'vitest';
import {
  type Act,
  act,
  askActing,
  type Env,
  expire,
  resubmit,
  start,
  type Transition,
  withdraw,
} from '../../src/domain/engine/engine.ts';
import type { Step, WorkflowItem } from '../../src/domain/engine/types.ts';
import { envAt } from '../helpers/domain.ts';

const HEAD = 'zhou-jianguo';
const EXEC = 'liu-zhiqiang';
const PRESIDER = 'wang-lihua'; // designated presider; AB partner chen-lixin
const VICE = 'sun-haiyan'; // AB partner zhao-wenbo
const PARTNER = 'zhao-wenbo';
const SUBMITTER = 'cao-min'; // 教育局 main head
const TRANSPORT = 'ye-qing';
const HOUSING = 'su-gang';
const DIRECTOR = 'li-mingyuan';

const E = envAt('2026-11-26');

const step = (id: string, kind: Step['kind'], parties: string[], extra: Partial<Step> = {}): Step => ({
  id,
  kind,
  title: `${id} 测试步骤`,
  parties,
  status: 'waiting',
  responses: [],
  ...extra,
});

function draft(steps: Step[]): WorkflowItem {
  return {
    id: 'T1',
    kind: 'duty',
    title: '测试事项',
    submitter: SUBMITTER,
    fields: {},
    status: 'draft',
    steps,
    round: 1,
    trail: [],
    createdAt: E.now.toISOString(),
    updatedAt: E.now.toISOString(),
  };
}

function ok<F>(t: Transition<F> | undefined): Extract<Transition<F>, { ok: true }> {
  if (!t) throw new Error('expected a transition, got none');
  if (!t.ok) throw new Error(`refused: ${t.reason} ${t.detail ?? ''}`);
  return t;
}

const begin = (steps: Step[], env: Env = E) => ok(start(draft(steps), env));
const twoApprovals = () => begin([step('s1', 'approve', [VICE]), step('s2', 'approve', [HEAD])]);
const answer = (actor: string, answer: Act['answer'], o: Partial<Act> = {}): Act => ({
  stepId: 's1',
  round: 1,
  actor,
  answer,
  ...o,
});

describe('approve step (审批)', () => {
  it('the assignee approves; the next step starts; the last approval approves the item', () => {
    const t0 = twoApprovals();
    expect(t0.effects).toContainEqual({ type: 'ask', itemId: 'T1', stepId: 's1', to: VICE });
    const t1 = ok(act(t0.item, answer(VICE, 'approve'), E));
    expect(t1.item.steps.map((s) => s.status)).toEqual(['done', 'active']);
    expect(t1.effects).toContainEqual({ type: 'ask', itemId: 'T1', stepId: 's2', to: HEAD });
    expect(t1.effects).toContainEqual({ type: 'refresh', itemId: 'T1' });
    const t2 = ok(act(t1.item, answer(HEAD, 'approve', { stepId: 's2' }), E));
    expect(t2.item.status).toBe('approved');
    expect(t2.effects).toContainEqual({
      type: 'inform',
      itemId: 'T1',
      to: { person: SUBMITTER },
      about: 'approved',
    });
  });

  it.each([
    ['no reason', undefined],
    ['a blank reason', '   '],
  ])('reject with %s is refused (reason_required) and changes nothing', (_n, comment) => {
    const { item } = twoApprovals();
    const before = structuredClone(item);
    expect(act(item, answer(VICE, 'reject', { comment }), E)).toMatchObject({
      ok: false,
      reason: 'reason_required',
    });
    expect(item).toEqual(before);
  });

  it('reject with a reason returns the item to the submitter with the reason', () => {
    const t = ok(act(twoApprovals().item, answer(VICE, 'reject', { comment: ' 时间冲突 ' }), E));
    expect(t.item.status).toBe('rejected');
    expect(t.item.steps.map((s) => s.status)).toEqual(['rejected', 'waiting']);
    expect(t.item.steps[0]!.responses[0]).toMatchObject({ answer: 'reject', comment: '时间冲突' });
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'T1',
      to: { person: SUBMITTER },
      about: 'rejected',
      detail: '时间冲突',
    });
  });
});

describe('refusals come from the closed set and change nothing', () => {
  const approvedOnce = () => ok(act(twoApprovals().item, answer(VICE, 'approve'), E)).item;
  const rejected = () => ok(act(twoApprovals().item, answer(VICE, 'reject', { comment: '不同意' }), E)).item;
  const withdrawn = () => ok(withdraw(twoApprovals().item, SUBMITTER, E)).item;
  const resubmitted = () => ok(resubmit(rejected(), SUBMITTER, {}, E)).item;

  const cases: Array<[string, () => WorkflowItem, (i: WorkflowItem) => Transition | undefined, string]> = [
    [
      'someone else answers',
      () => twoApprovals().item,
      (i) => act(i, answer(HEAD, 'approve'), E),
      'not_assignee',
    ],
    [
      'the AB partner answers while the vice head is present',
      () => twoApprovals().item,
      (i) => act(i, answer(PARTNER, 'approve'), E),
      'not_assignee',
    ],
    ['the same answer twice', approvedOnce, (i) => act(i, answer(VICE, 'approve'), E), 'already_decided'],
    ['an answer after withdrawal', withdrawn, (i) => act(i, answer(VICE, 'approve'), E), 'withdrawn'],
    [
      'a card from round 1 after resubmission',
      resubmitted,
      (i) => act(i, answer(VICE, 'approve'), E),
      'stale',
    ],
    [
      'a step that does not exist',
      () => twoApprovals().item,
      (i) => act(i, answer(VICE, 'approve', { stepId: 's9' }), E),
      'stale',
    ],
    [
      'a step that is not yet reached',
      () => twoApprovals().item,
      (i) => act(i, answer(HEAD, 'approve', { stepId: 's2' }), E),
      'not_active',
    ],
    [
      'an answer of another step kind',
      () => twoApprovals().item,
      (i) => act(i, answer(VICE, 'agree'), E),
      'wrong_answer',
    ],
    [
      'a later step of a rejected item',
      rejected,
      (i) => act(i, answer(HEAD, 'approve', { stepId: 's2' }), E),
      'closed',
    ],
    [
      'reject without a reason',
      () => twoApprovals().item,
      (i) => act(i, answer(VICE, 'reject'), E),
      'reason_required',
    ],
    ['withdraw after a decision', approvedOnce, (i) => withdraw(i, SUBMITTER, E), 'cannot_withdraw'],
    ['withdraw by someone else', () => twoApprovals().item, (i) => withdraw(i, VICE, E), 'not_submitter'],
    ['withdraw twice', withdrawn, (i) => withdraw(i, SUBMITTER, E), 'withdrawn'],
    ['resubmit by someone else', rejected, (i) => resubmit(i, VICE, {}, E), 'not_submitter'],
    [
      'resubmit an item still in progress',
      () => twoApprovals().item,
      (i) => resubmit(i, SUBMITTER, {}, E),
      'closed',
    ],
    ['resubmit a withdrawn item', withdrawn, (i) => resubmit(i, SUBMITTER, {}, E), 'withdrawn'],
  ];
  it.each(cases)('%s → refused', (_name, make, run, reason) => {
    const item = make();
    const before = structuredClone(item);
    expect(run(item)).toMatchObject({ ok: false, reason });
    expect(item).toEqual(before);
  });

  it('withdraw before any decision cancels the waiting steps and is recorded', () => {
    const t = ok(withdraw(twoApprovals().item, SUBMITTER, E));
    expect(t.item.status).toBe('withdrawn');
    expect(t.item.steps.map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
    expect(t.item.trail.at(-1)).toMatchObject({ actor: SUBMITTER, action: 'withdraw' });
  });
});

describe('§50 countersign (会签): parallel answers, each party once', () => {
  const consult = (extra: Partial<Step> = {}) =>
    begin([step('s1', 'countersign', [TRANSPORT, HOUSING], extra), step('s2', 'approve', [VICE])]);

  it('asks every party at once', () => {
    const asks = consult().effects.filter((e) => e.type === 'ask');
    expect(asks.map((e) => e.type === 'ask' && e.to)).toEqual([TRANSPORT, HOUSING]);
  });

  it('each party answers once; the step completes when all have answered', () => {
    const t1 = ok(act(consult().item, answer(TRANSPORT, 'agree'), E));
    expect(t1.item.steps[0]!.status).toBe('active');
    expect(act(t1.item, answer(TRANSPORT, 'agree'), E)).toMatchObject({ reason: 'already_decided' });
    expect(act(t1.item, answer(TRANSPORT, 'agree', { party: HOUSING }), E)).toMatchObject({
      reason: 'not_assignee',
    });
    const t2 = ok(act(t1.item, answer(HOUSING, 'agree_with_comments', { comment: '请补充资金来源' }), E));
    expect(t2.item.steps.map((s) => s.status)).toEqual(['done', 'active']);
    expect(t2.item.steps[0]!.responses.map((r) => [r.party, r.answer, r.comment])).toEqual([
      [TRANSPORT, 'agree', undefined],
      [HOUSING, 'agree_with_comments', '请补充资金来源'],
    ]);
  });

  it.each(['agree_with_comments', 'disagree'] as const)('%s needs a comment', (a) => {
    expect(act(consult().item, answer(TRANSPORT, a), E)).toMatchObject({ reason: 'reason_required' });
  });

  it('§24 a disagreement that stands inserts the supervising vice head coordination step', () => {
    const item = consult({ escalate: { title: '分管副区长协调', party: 'chen-lixin', rule: '§24' } }).item;
    const t1 = ok(act(item, answer(TRANSPORT, 'disagree', { comment: '影响通行' }), E));
    const t2 = ok(act(t1.item, answer(HOUSING, 'agree'), E));
    expect(t2.item.steps.map((s) => [s.id, s.kind, s.parties, s.status])).toEqual([
      ['s1', 'countersign', [TRANSPORT, HOUSING], 'done'],
      ['s1x', 'approve', ['chen-lixin'], 'active'],
      ['s2', 'approve', [VICE], 'waiting'],
    ]);
    expect(t2.effects).toContainEqual({ type: 'ask', itemId: 'T1', stepId: 's1x', to: 'chen-lixin' });
  });

  it('a resubmission starts over without the coordination step of the earlier round', () => {
    const item = consult({ escalate: { title: '分管副区长协调', party: 'chen-lixin', rule: '§24' } }).item;
    const t1 = ok(act(item, answer(TRANSPORT, 'disagree', { comment: '影响通行' }), E));
    const t2 = ok(act(t1.item, answer(HOUSING, 'agree'), E));
    const t3 = ok(act(t2.item, answer('chen-lixin', 'reject', { stepId: 's1x', comment: '请先协商' }), E));
    const t4 = ok(resubmit(t3.item, SUBMITTER, {}, E));
    expect(t4.item.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['s1:active', 's2:waiting']);
  });

  it('agreement with escalation configured goes straight on', () => {
    const item = consult({ escalate: { title: '分管副区长协调', party: 'chen-lixin', rule: '§24' } }).item;
    const t = ok(act(ok(act(item, answer(TRANSPORT, 'agree'), E)).item, answer(HOUSING, 'agree'), E));
    expect(t.item.steps.map((s) => s.id)).toEqual(['s1', 's2']);
  });
});

describe('§50 silence counts as no objection, only after the due day', () => {
  // Activated on 2026-09-30: 2 working days across the National Day holiday → due 2026-10-09 (Fri).
  const activated = envAt('2026-09-30');
  const consult = () =>
    begin(
      [
        step('s1', 'countersign', [TRANSPORT, HOUSING], {
          due: { rule: '§50', unit: 'working_days', amount: 2 },
          silence: 'no_objection',
        }),
        step('s2', 'approve', [VICE]),
      ],
      activated,
    );

  it('the deadline is set at activation with the calendar: 2026-09-30 → 2026-10-09', () => {
    expect(consult().item.steps[0]!.deadline).toMatchObject({
      rule: '§50',
      from: '2026-09-30',
      due: '2026-10-09',
    });
  });

  it.each(['2026-10-01', '2026-10-08', '2026-10-09'])(
    'nothing happens on %s (not after the due day)',
    (d) => {
      expect(expire(consult().item, envAt(d, { at: '23:59' }))).toBeUndefined();
    },
  );

  it.each([
    ['2026-10-10', 'a make-up working Saturday'],
    ['2026-10-12', 'the Monday after'],
  ])('on %s (%s) silence is recorded as no objection and the route moves on', (d) => {
    const answered = ok(act(consult().item, answer(HOUSING, 'agree'), activated)).item;
    const t = ok(expire(answered, envAt(d, { at: '00:00' })));
    expect(t.item.steps[0]!.status).toBe('done');
    expect(t.item.steps[0]!.responses.map((r) => [r.party, r.actor, r.answer])).toEqual([
      [HOUSING, HOUSING, 'agree'],
      [TRANSPORT, 'system', 'no_objection_deadline'],
    ]);
    expect(t.item.trail.at(-1)).toMatchObject({
      actor: 'system',
      action: 'no_objection_deadline',
      onBehalfOf: TRANSPORT,
      stepId: 's1',
    });
    expect(t.item.steps[1]!.status).toBe('active');
    expect(t.effects).toContainEqual({ type: 'ask', itemId: 'T1', stepId: 's2', to: VICE });
  });

  it('a disagreement plus silence still goes to coordination after the deadline', () => {
    const item = begin(
      [
        step('s1', 'countersign', [TRANSPORT, HOUSING], {
          due: { rule: '§50', unit: 'working_days', amount: 2 },
          silence: 'no_objection',
          escalate: { title: '分管副区长协调', party: 'chen-lixin', rule: '§24' },
        }),
      ],
      activated,
    ).item;
    const disagreed = ok(act(item, answer(HOUSING, 'disagree', { comment: '选址不妥' }), activated)).item;
    const t = ok(expire(disagreed, envAt('2026-10-10')));
    expect(t.item.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['s1:done', 's1x:active']);
  });

  it('no silence policy, an approve step, or a closed item: expire does nothing', () => {
    const noPolicy = begin(
      [step('s1', 'countersign', [TRANSPORT], { due: { rule: '§50', unit: 'working_days', amount: 2 } })],
      activated,
    ).item;
    expect(expire(noPolicy, envAt('2026-10-20'))).toBeUndefined();
    expect(expire(twoApprovals().item, envAt('2026-12-31'))).toBeUndefined();
    expect(
      expire(ok(withdraw(consult().item, SUBMITTER, activated)).item, envAt('2026-10-20')),
    ).toBeUndefined();
  });
});

describe('acknowledge (签收) and notify (知会)', () => {
  it('acknowledge: the recipient confirms receipt; nothing else is an answer', () => {
    const item = begin([step('s1', 'acknowledge', [TRANSPORT])]).item;
    expect(act(item, answer(TRANSPORT, 'approve'), E)).toMatchObject({ reason: 'wrong_answer' });
    const t = ok(act(item, answer(TRANSPORT, 'acknowledged'), E));
    expect(t.item.status).toBe('approved');
    expect(t.item.steps[0]!.responses[0]).toMatchObject({ actor: TRANSPORT, answer: 'acknowledged' });
  });

  it('notify steps complete on activation, tell the party, and do not block withdrawal', () => {
    const t = begin([step('s1', 'notify', [DIRECTOR]), step('s2', 'approve', [VICE])]);
    expect(t.item.steps.map((s) => s.status)).toEqual(['done', 'active']);
    expect(t.item.steps[0]!.responses).toEqual([
      { party: DIRECTOR, actor: DIRECTOR, answer: 'notified', at: E.now.toISOString() },
    ]);
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'T1',
      to: { person: DIRECTOR },
      about: 'notify:s1',
    });
    expect(withdraw(t.item, SUBMITTER, E)).toMatchObject({ ok: true });
  });

  it('an item of notify steps only is approved at once', () => {
    expect(begin([step('s1', 'notify', [DIRECTOR, HEAD])]).item.status).toBe('approved');
  });
});

describe('audit trail (留痕): who, when, what, comment, on whose behalf', () => {
  it('records every accepted transition, and both rounds after reject → resubmit', () => {
    const day1 = envAt('2026-11-26', { at: '09:00' });
    const day2 = envAt('2026-11-27', { at: '15:30', away: [VICE] });
    let item = begin([step('s1', 'approve', [VICE]), step('s2', 'approve', [HEAD])], day1).item;
    item = ok(act(item, answer(VICE, 'reject', { comment: '请补充行程' }), day1)).item;
    item = ok(resubmit(item, SUBMITTER, { amended: true }, day2)).item;
    expect(item.steps.map((s) => [s.status, s.responses.length])).toEqual([
      ['active', 0],
      ['waiting', 0],
    ]);
    item = ok(act(item, answer(PARTNER, 'approve', { round: 2 }), day2)).item;
    item = ok(act(item, answer(HEAD, 'approve', { round: 2, stepId: 's2', comment: '注意安全' }), day2)).item;
    expect(item.trail).toEqual([
      { at: day1.now.toISOString(), round: 1, actor: SUBMITTER, action: 'submit' },
      {
        at: day1.now.toISOString(),
        round: 1,
        actor: VICE,
        action: 'reject',
        stepId: 's1',
        comment: '请补充行程',
        onBehalfOf: undefined,
      },
      { at: day2.now.toISOString(), round: 2, actor: SUBMITTER, action: 'resubmit' },
      {
        at: day2.now.toISOString(),
        round: 2,
        actor: PARTNER,
        onBehalfOf: VICE,
        action: 'approve',
        stepId: 's1',
        comment: undefined,
      },
      {
        at: day2.now.toISOString(),
        round: 2,
        actor: HEAD,
        onBehalfOf: undefined,
        action: 'approve',
        stepId: 's2',
        comment: '注意安全',
      },
    ]);
    expect(item).toMatchObject({ status: 'approved', round: 2, fields: { amended: true } });
  });
});

describe('§8 acting arrangements (代批)', () => {
  const oneApproval = (party: string, env: Env) => begin([step('s1', 'approve', [party])], env);

  it.each([
    ['a vice head away → their AB partner', VICE, [VICE], PARTNER],
    ['the head away → the executive vice head', HEAD, [HEAD], EXEC],
    ['head and executive vice head away → the designated presider', HEAD, [HEAD, EXEC], PRESIDER],
    ['a vice head and their AB partner away → the head', VICE, [VICE, PARTNER], HEAD],
    ['the executive vice head (no AB partner) away → the head', EXEC, [EXEC], HEAD],
  ])('%s acts, recorded on their behalf', (_name, party, awayIds, acting) => {
    const env = envAt('2026-12-02', { away: awayIds });
    const t0 = oneApproval(party, env);
    expect(t0.effects).toContainEqual({
      type: 'ask',
      itemId: 'T1',
      stepId: 's1',
      to: acting,
      onBehalfOf: party,
    });
    const t1 = ok(act(t0.item, answer(acting, 'approve'), env));
    expect(t1.item.steps[0]!.responses[0]).toMatchObject({ party, actor: acting, onBehalfOf: party });
    expect(t1.item.trail.at(-1)).toMatchObject({ actor: acting, onBehalfOf: party, action: 'approve' });
  });

  it('only the one acting may act: the head cannot act for a vice head whose partner is present', () => {
    const env = envAt('2026-12-02', { away: [VICE] });
    expect(act(oneApproval(VICE, env).item, answer(HEAD, 'approve'), env)).toMatchObject({
      reason: 'not_assignee',
    });
  });

  it('the principal can still act themselves while away (no 代批)', () => {
    const env = envAt('2026-12-02', { away: [VICE] });
    const t = ok(act(oneApproval(VICE, env).item, answer(VICE, 'approve'), env));
    expect(t.item.steps[0]!.responses[0]).toMatchObject({ actor: VICE, party: VICE });
    expect(t.item.steps[0]!.responses[0]!.onBehalfOf).toBeUndefined();
  });

  it("the assignee's return does not undo a decision taken on their behalf", () => {
    const awayDay = envAt('2026-12-02', { away: [VICE] });
    const decided = ok(
      act(
        begin([step('s1', 'approve', [VICE]), step('s2', 'approve', [HEAD])], awayDay).item,
        answer(PARTNER, 'approve'),
        awayDay,
      ),
    ).item;
    const back = envAt('2026-12-03');
    expect(act(decided, answer(VICE, 'reject', { comment: '我不同意' }), back)).toMatchObject({
      reason: 'already_decided',
    });
    expect(expire(decided, back)).toBeUndefined();
    expect(decided.steps[0]!.responses[0]).toMatchObject({
      actor: PARTNER,
      onBehalfOf: VICE,
      answer: 'approve',
    });
    // Once back, the partner no longer acts for them.
    const later = begin([step('s1', 'approve', [VICE])], back).item;
    expect(act(later, answer(PARTNER, 'approve'), back)).toMatchObject({ reason: 'not_assignee' });
  });

  it('an absence that begins after the step started: the step is asked of whoever acts', () => {
    const item = begin([step('s1', 'countersign', [VICE, HEAD])]).item;
    // Nobody away: each party holds their own answer (asking them again is a no-op: they have the card).
    expect(askActing(item, E)).toEqual([
      { type: 'ask', itemId: 'T1', stepId: 's1', to: VICE },
      { type: 'ask', itemId: 'T1', stepId: 's1', to: HEAD },
    ]);
    expect(askActing(item, envAt('2026-12-02', { away: [VICE, HEAD] }))).toEqual([
      { type: 'ask', itemId: 'T1', stepId: 's1', to: PARTNER, onBehalfOf: VICE },
      { type: 'ask', itemId: 'T1', stepId: 's1', to: EXEC, onBehalfOf: HEAD },
    ]);
    expect(askActing(ok(withdraw(item, SUBMITTER, E)).item, envAt('2026-12-02', { away: [VICE] }))).toEqual(
      [],
    );
  });

  it('§8 every step waiting when an absence begins is handed over, not only the first', () => {
    const item = begin([step('s1', 'approve', [HEAD]), step('s2', 'approve', [VICE])]).item;
    // Two steps side by side (as an instruction's later step can be): both wait now.
    const both = { ...item, steps: item.steps.map((s) => ({ ...s, status: 'active' as const })) };
    expect(askActing(both, envAt('2026-12-02', { away: [VICE, HEAD] }))).toEqual([
      { type: 'ask', itemId: 'T1', stepId: 's1', to: EXEC, onBehalfOf: HEAD },
      { type: 'ask', itemId: 'T1', stepId: 's2', to: PARTNER, onBehalfOf: VICE },
    ]);
  });

  it('a countersign party away: their partner answers for them, the other party for themself', () => {
    const env = envAt('2026-12-02', { away: [VICE] });
    const item = begin([step('s1', 'countersign', [VICE, TRANSPORT])], env).item;
    const t1 = ok(act(item, answer(PARTNER, 'agree'), env));
    expect(t1.item.steps[0]!.responses[0]).toMatchObject({ party: VICE, actor: PARTNER, onBehalfOf: VICE });
    expect(act(t1.item, answer(PARTNER, 'agree'), env)).toMatchObject({ reason: 'already_decided' });
    expect(ok(act(t1.item, answer(TRANSPORT, 'agree'), env)).item.status).toBe('approved');
  });
});
