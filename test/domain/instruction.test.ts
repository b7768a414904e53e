import { describe, expect, it } from 'vitest';
import type { AwayLookup } from '../../src/domain/engine/acting.ts';
import type { Env } from '../../src/domain/engine/engine.ts';
import { decideInstruction } from '../../src/domain/instruction/decide.ts';
import {
  acknowledge,
  decideAcceptance,
  decideExtension,
  issueInstruction,
  requestExtension,
  reviewReport,
  submitReport,
} from '../../src/domain/instruction/instruction.ts';
import type { InstructionItem, InstructionTransition } from '../../src/domain/instruction/types.ts';
import { validateInstruction } from '../../src/domain/instruction/validate.ts';
import { calendar, envAt, org } from '../helpers/domain.ts';

const LEADER = 'chen-lixin'; // vice head, AB partner wang-lihua
const PARTNER = 'wang-lihua';
const SUPERVISION = 'zheng-hong'; // 督查室
const FIN = { head: 'yang-fan', deputy: 'zhu-li', staff: 'qin-lei' }; // 区财政局, lead
const HOUSING = { head: 'su-gang', deputy: 'lv-ping', staff: 'ding-kai' }; // 区住建局, co
const OUTSIDER = 'cao-min'; // 区教育局

const clock = new Date('2026-11-26T10:00:00+08:00');
const env = (away?: AwayLookup): Env => envAt(clock, { away });

function ok(t: InstructionTransition): Extract<InstructionTransition, { ok: true }> {
  if (!t.ok) throw new Error(`refused: ${t.reason} ${t.detail ?? ''}`);
  return t;
}

function issue(o: { progress?: boolean; co?: string[] } = {}): InstructionItem {
  const v = validateInstruction(
    {
      text: '请研究老旧小区改造资金缺口问题',
      lead: 'finance',
      co: o.co ?? ['housing'],
      progress: o.progress,
    },
    LEADER,
    '2026-11-26',
    org,
    calendar,
  );
  if (!v.ok) throw new Error(v.problems.join('；'));
  return ok(issueInstruction('I0001', LEADER, v.value, env())).item;
}

/** Both departments signed: finance names zhu-li, housing names lv-ping. */
function signed(o: { progress?: boolean } = {}): InstructionItem {
  let it = issue(o);
  it = ok(acknowledge(it, { part: 0, actor: FIN.staff, responsible: FIN.deputy }, env())).item;
  return ok(acknowledge(it, { part: 1, actor: HOUSING.deputy, responsible: HOUSING.deputy }, env())).item;
}

/** The co-department's completion report, approved by its main head. */
function coApproved(): InstructionItem {
  let it = signed();
  it = ok(submitReport(it, { actor: HOUSING.deputy, text: '已摸清缺口 1200 万元' }, env())).item;
  return ok(reviewReport(it, { stepId: 'v1.1', actor: HOUSING.head, approve: true }, env())).item;
}

/** The lead's combined report, approved by its main head: waiting on the leader (c1). */
function awaitingAcceptance(): InstructionItem {
  let it = coApproved();
  it = ok(
    submitReport(it, { actor: FIN.deputy, text: '汇总：拟申请专项债解决', attachment: 'https://x/y' }, env()),
  ).item;
  return ok(reviewReport(it, { stepId: 'v0.1', actor: FIN.head, approve: true }, env())).item;
}

const active = (it: InstructionItem) => it.steps.filter((s) => s.status === 'active').map((s) => s.id);

describe('§56 issue: a leader, or the supervision office on a leader’s behalf', () => {
  it('opens a 签收 step per department, due the next working day, asks every member, tells the leader and 督查室', () => {
    const t = ok(
      issueInstruction(
        'I0001',
        LEADER,
        (
          validateInstruction(
            { text: '请研究', lead: 'finance', co: ['housing'] },
            LEADER,
            '2026-11-26',
            org,
            calendar,
          ) as { ok: true; value: never }
        ).value,
        env(),
      ),
    );
    expect(t.item.fields).toMatchObject({
      leader: LEADER,
      issuedBy: LEADER,
      class: 'ordinary',
      originalDue: '2026-12-02',
    });
    expect(active(t.item)).toEqual(['a0', 'a1']);
    expect(t.item.steps[0]).toMatchObject({
      parties: [FIN.head],
      deadline: { rule: '§56', due: '2026-11-27' },
    });
    const asked = t.effects.filter((e) => e.type === 'ask').map((e) => (e as { to: string }).to);
    expect(asked.sort()).toEqual(
      [FIN.head, FIN.deputy, FIN.staff, HOUSING.head, HOUSING.deputy, HOUSING.staff].sort(),
    );
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'I0001',
      to: { chat: 'supervision' },
      about: 'issued',
    });
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'I0001',
      to: { person: LEADER },
      about: 'issued',
    });
  });

  it('§57 the supervision office issues in a named leader’s name, recorded as such', () => {
    const v = validateInstruction(
      { text: '督办', lead: 'finance', leader: LEADER },
      SUPERVISION,
      '2026-11-26',
      org,
      calendar,
    );
    if (!v.ok) throw new Error(v.problems.join());
    const t = ok(issueInstruction('I0002', SUPERVISION, v.value, env()));
    expect(t.item.fields).toMatchObject({ leader: LEADER, issuedBy: SUPERVISION });
    expect(t.item.trail[0]).toMatchObject({ actor: SUPERVISION, onBehalfOf: LEADER, action: 'issue' });
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'I0002',
      to: { person: SUPERVISION },
      about: 'issued',
    });
  });

  it.each([
    [
      'a department official may not issue',
      { text: 'x', lead: 'finance' },
      FIN.head,
      /只有区政府领导或督查室/,
    ],
    ['督查室 must name the leader', { text: 'x', lead: 'finance' }, SUPERVISION, /注明交办领导/],
    [
      '督查室 names someone who is no leader',
      { text: 'x', lead: 'finance', leader: FIN.head },
      SUPERVISION,
      /不是区政府领导/,
    ],
    [
      'a leader issues only in their own name',
      { text: 'x', lead: 'finance', leader: PARTNER },
      LEADER,
      /本人名义/,
    ],
    ['no text', { lead: 'finance' }, LEADER, /请填写批示内容/],
    ['no lead department', { text: 'x' }, LEADER, /请选择牵头部门/],
    ['unknown co-department', { text: 'x', lead: 'finance', co: ['nowhere'] }, LEADER, /没有找到协办部门/],
    [
      'urgent without a date',
      { text: 'x', lead: 'finance', class: 'urgent' },
      LEADER,
      /紧急事项请填写办结时限/,
    ],
    [
      'urgent date in the past',
      { text: 'x', lead: 'finance', class: 'urgent', urgentDue: '2026-11-20' },
      LEADER,
      /已经过去/,
    ],
  ])('refused: %s', (_n, input, who, problem) => {
    const v = validateInstruction(input, who, '2026-11-26', org, calendar);
    expect(v.ok).toBe(false);
    expect((v as { problems: string[] }).problems.join('；')).toMatch(problem);
  });

  it('the lead is not repeated among the co-departments', () => {
    const v = validateInstruction(
      { text: 'x', lead: 'finance', co: ['finance', 'housing', 'housing'] },
      LEADER,
      '2026-11-26',
      org,
      calendar,
    );
    expect(v.ok && v.value.co).toEqual(['housing']);
  });
});

describe('§56 签收: the department has told its main head and names a responsible person', () => {
  it('a member signs; the responsible person owes the report by the §58 date; the main head is told', () => {
    const t = ok(acknowledge(issue(), { part: 0, actor: FIN.staff, responsible: FIN.deputy }, env()));
    expect(t.item.fields.parts[0]!.ack).toMatchObject({ by: FIN.staff, responsible: FIN.deputy });
    expect(t.item.steps.find((s) => s.id === 'a0')).toMatchObject({ status: 'done' });
    expect(t.item.steps.find((s) => s.id === 'r0.1')).toMatchObject({
      status: 'active',
      parties: [FIN.deputy],
      title: '区财政局汇总报送办理情况',
      deadline: { due: '2026-12-02' },
    });
    expect(t.effects).toContainEqual({ type: 'ask', itemId: 'I0001', stepId: 'r0.1', to: FIN.deputy });
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'I0001',
      to: { person: FIN.head },
      about: 'acknowledged:0',
    });
  });

  it('without a name the signer is the responsible person', () => {
    const t = ok(acknowledge(issue(), { part: 1, actor: HOUSING.head }, env()));
    expect(t.item.fields.parts[1]!.ack!.responsible).toBe(HOUSING.head);
    expect(t.effects.some((e) => e.type === 'inform')).toBe(false); // the main head signed themself
  });

  it('refused: someone of another department signs', () => {
    expect(acknowledge(issue(), { part: 0, actor: HOUSING.head }, env())).toMatchObject({
      ok: false,
      reason: 'not_member',
    });
  });

  it('refused: the responsible person named is not of the department', () => {
    expect(acknowledge(issue(), { part: 0, actor: FIN.head, responsible: OUTSIDER }, env())).toMatchObject({
      ok: false,
      reason: 'not_in_department',
    });
  });

  it('refused: signed twice', () => {
    const it0 = ok(acknowledge(issue(), { part: 0, actor: FIN.head }, env())).item;
    expect(acknowledge(it0, { part: 0, actor: FIN.deputy }, env())).toMatchObject({
      ok: false,
      reason: 'already_done',
      detail: FIN.head,
    });
  });
});

describe('§56 reports go up only after the main head approves them', () => {
  it('refused: a report before the department signed', () => {
    expect(submitReport(issue(), { actor: FIN.deputy, text: 'x' }, env())).toMatchObject({
      ok: false,
      reason: 'not_acknowledged',
    });
  });

  it('refused: someone outside the departments reports', () => {
    expect(submitReport(signed(), { actor: OUTSIDER, text: 'x' }, env())).toMatchObject({
      ok: false,
      reason: 'not_member',
    });
  });

  it('refused: someone reports for a department that is not theirs', () => {
    expect(submitReport(signed(), { actor: HOUSING.deputy, text: 'x', part: 0 }, env())).toMatchObject({
      ok: false,
      reason: 'not_member',
    });
  });

  it('refused: an empty report', () => {
    expect(submitReport(signed(), { actor: HOUSING.deputy, text: '  ' }, env())).toMatchObject({
      ok: false,
      reason: 'text_required',
    });
  });

  it('a report waits for the main head; another report meanwhile is refused', () => {
    const t = ok(submitReport(signed(), { actor: HOUSING.deputy, text: '已摸清缺口' }, env()));
    expect(t.item.steps.find((s) => s.id === 'v1.1')).toMatchObject({
      status: 'active',
      kind: 'approve',
      parties: [HOUSING.head],
    });
    expect(t.effects).toContainEqual({ type: 'ask', itemId: 'I0001', stepId: 'v1.1', to: HOUSING.head });
    expect(submitReport(t.item, { actor: HOUSING.deputy, text: 'again' }, env())).toMatchObject({
      ok: false,
      reason: 'review_pending',
    });
  });

  it('refused: a deputy or an outsider approves in the main head’s place; the author never', () => {
    const it0 = ok(submitReport(signed(), { actor: HOUSING.deputy, text: 'x' }, env())).item;
    for (const actor of [HOUSING.staff, OUTSIDER, LEADER]) {
      expect(reviewReport(it0, { stepId: 'v1.1', actor, approve: true }, env())).toMatchObject({
        ok: false,
        reason: 'not_main_head',
      });
    }
    expect(reviewReport(it0, { stepId: 'v1.1', actor: HOUSING.deputy, approve: true }, env())).toMatchObject({
      ok: false,
      reason: 'own_case',
    });
  });

  it('returned with a comment: the reporter is told and owes a new report; without a comment refused', () => {
    const it0 = ok(submitReport(signed(), { actor: HOUSING.deputy, text: 'x' }, env())).item;
    expect(reviewReport(it0, { stepId: 'v1.1', actor: HOUSING.head, approve: false }, env())).toMatchObject({
      ok: false,
      reason: 'reason_required',
    });
    const t = ok(
      reviewReport(it0, { stepId: 'v1.1', actor: HOUSING.head, approve: false, comment: '数据不全' }, env()),
    );
    expect(t.item.fields.parts[1]!.reports[0]!.review).toMatchObject({
      approved: false,
      comment: '数据不全',
    });
    expect(active(t.item)).toContain('r1.2');
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'I0001',
      to: { person: HOUSING.deputy },
      about: 'returned:1:1',
      detail: '数据不全',
    });
  });

  it('a co-department’s approved report goes to the lead department’s responsible person', () => {
    let it0 = ok(submitReport(signed(), { actor: HOUSING.deputy, text: 'x' }, env())).item;
    const t = ok(reviewReport(it0, { stepId: 'v1.1', actor: HOUSING.head, approve: true }, env()));
    it0 = t.item;
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'I0001',
      to: { person: FIN.deputy },
      about: 'co_report:1:1',
    });
    expect(active(it0).filter((s) => s.startsWith('r1') || s.startsWith('v1'))).toEqual([]);
    expect(submitReport(it0, { actor: HOUSING.deputy, text: 'more' }, env())).toMatchObject({
      ok: false,
      reason: 'already_done',
    });
  });

  it('a report written by the main head goes to the supervising vice head: nobody approves their own (§56)', () => {
    const it0 = ok(acknowledge(issue({ co: [] }), { part: 0, actor: FIN.head }, env())).item;
    const t = ok(submitReport(it0, { actor: FIN.head, text: '已办结' }, env()));
    const vice = org.supervisingViceHead('finance').id;
    expect(t.item.fields.parts[0]!.reports[0]!.review).toBeUndefined();
    expect(active(t.item)).toEqual(['v0.1']);
    expect(t.item.steps.at(-1)).toMatchObject({ parties: [vice], recused: [FIN.head] });
    expect(t.effects).toContainEqual({ type: 'ask', itemId: 'I0001', stepId: 'v0.1', to: vice });
    expect(reviewReport(t.item, { stepId: 'v0.1', actor: FIN.head, approve: true }, env())).toMatchObject({
      ok: false,
      reason: 'own_case',
    });
    const done = ok(reviewReport(t.item, { stepId: 'v0.1', actor: vice, approve: true }, env()));
    expect(done.item.fields.parts[0]!.reports[0]!.review).toMatchObject({ by: vice, approved: true });
    expect(active(done.item)).toEqual(['c1']);
  });
});

describe('§56 the lead department collects and submits one combined report', () => {
  it('refused while a co-department’s completion report is not approved', () => {
    const it0 = ok(submitReport(signed(), { actor: HOUSING.deputy, text: 'x' }, env())).item;
    expect(submitReport(it0, { actor: FIN.deputy, text: '汇总' }, env())).toMatchObject({
      ok: false,
      reason: 'co_pending',
      detail: 'housing',
    });
  });

  it('once all are approved, the combined report goes to its main head, then to the issuing leader', () => {
    const it0 = awaitingAcceptance();
    expect(it0.fields.parts[0]!.reports[0]).toMatchObject({ kind: 'completion', attachment: 'https://x/y' });
    expect(active(it0)).toEqual(['c1']);
    expect(it0.steps.find((s) => s.id === 'c1')).toMatchObject({ parties: [LEADER], rule: '§58' });
  });
});

describe('§58 close-out 销号 and send-back', () => {
  it('the issuing leader accepts: closed, every open step ends, the departments are told', () => {
    const t = ok(
      decideAcceptance(awaitingAcceptance(), { stepId: 'c1', actor: LEADER, accept: true }, env()),
    );
    expect(t.item.status).toBe('closed');
    expect(t.item.fields.closedOn).toBe('2026-11-26');
    expect(t.item.fields.parts[0]!.reports[0]!.verdict).toMatchObject({ by: LEADER, accepted: true });
    expect(active(t.item)).toEqual([]);
    const told = t.effects
      .filter((e) => e.type === 'inform')
      .map((e) => (e as { to: { person: string } }).to.person);
    expect(told.sort()).toEqual([FIN.head, FIN.deputy, HOUSING.head, HOUSING.deputy].sort());
  });

  it('the supervision office may close out, recorded as its own act (never §8 代), and the leader is told', () => {
    const t = ok(
      decideAcceptance(awaitingAcceptance(), { stepId: 'c1', actor: SUPERVISION, accept: true }, env()),
    );
    const verdict = t.item.fields.parts[0]!.reports[0]!.verdict!;
    expect(verdict).toMatchObject({ by: SUPERVISION, capacity: 'supervision' });
    expect(verdict.onBehalfOf).toBeUndefined();
    expect(t.item.trail.at(-1)).toMatchObject({ actor: SUPERVISION, capacity: 'supervision' });
    expect(t.item.trail.at(-1)!.onBehalfOf).toBeUndefined();
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'I0001',
      to: { person: LEADER },
      about: 'closed',
    });
  });

  it('§8 while the leader is away, their AB partner is asked and decides on their behalf', () => {
    const away: AwayLookup = (p) =>
      p === LEADER ? { person: p, itemId: 'Q1', start: '2026-11-20', end: '2026-11-30' } : undefined;
    let it0 = coApproved();
    it0 = ok(submitReport(it0, { actor: FIN.deputy, text: '汇总' }, env(away))).item;
    const t = ok(reviewReport(it0, { stepId: 'v0.1', actor: FIN.head, approve: true }, env(away)));
    expect(t.effects).toContainEqual({
      type: 'ask',
      itemId: 'I0001',
      stepId: 'c1',
      to: PARTNER,
      onBehalfOf: LEADER,
    });
    const d = ok(decideAcceptance(t.item, { stepId: 'c1', actor: PARTNER, accept: true }, env(away)));
    expect(d.item.steps.find((s) => s.id === 'c1')!.responses[0]).toMatchObject({
      actor: PARTNER,
      onBehalfOf: LEADER,
    });
  });

  it.each([
    ['the lead department’s main head', FIN.head],
    ['another vice head', 'zhao-wenbo'],
    ['an outsider', OUTSIDER],
  ])('refused: %s closes out', (_n, actor) => {
    expect(
      decideAcceptance(awaitingAcceptance(), { stepId: 'c1', actor, accept: true }, env()),
    ).toMatchObject({
      ok: false,
      reason: 'not_issuer',
    });
  });

  it('sent back with a comment: the lead department owes a new combined report; no comment refused', () => {
    const it0 = awaitingAcceptance();
    expect(decideAcceptance(it0, { stepId: 'c1', actor: LEADER, accept: false }, env())).toMatchObject({
      ok: false,
      reason: 'reason_required',
    });
    const t = ok(
      decideAcceptance(it0, { stepId: 'c1', actor: LEADER, accept: false, comment: '请补充资金来源' }, env()),
    );
    expect(t.item.status).toBe('in_progress');
    expect(active(t.item)).toEqual(['r0.2']);
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'I0001',
      to: { person: FIN.deputy },
      about: 'sent_back:1',
      detail: '请补充资金来源',
    });
    // The second combined report goes round again and is accepted.
    let it1 = ok(submitReport(t.item, { actor: FIN.deputy, text: '补充：专项债 + 区级配套' }, env())).item;
    it1 = ok(reviewReport(it1, { stepId: 'v0.2', actor: FIN.head, approve: true }, env())).item;
    expect(ok(decideAcceptance(it1, { stepId: 'c2', actor: LEADER, accept: true }, env())).item.status).toBe(
      'closed',
    );
  });

  it('refused: anything on a closed item; a second verdict', () => {
    const closed = ok(
      decideAcceptance(awaitingAcceptance(), { stepId: 'c1', actor: LEADER, accept: true }, env()),
    ).item;
    expect(decideAcceptance(closed, { stepId: 'c1', actor: LEADER, accept: true }, env())).toMatchObject({
      reason: 'closed',
    });
    expect(submitReport(closed, { actor: FIN.deputy, text: 'x' }, env())).toMatchObject({ reason: 'closed' });
    expect(
      requestExtension(closed, { actor: FIN.deputy, to: '2026-12-31', reason: 'x' }, env()),
    ).toMatchObject({
      reason: 'closed',
    });
  });
});

describe('§56 progress reports, when the leader asks for them', () => {
  it('the first report owed is a progress report due half-way; approved, it is sent to the leader', () => {
    let it0 = signed({ progress: true });
    expect(it0.steps.find((s) => s.id === 'r0.1')).toMatchObject({
      title: '区财政局报送进展情况',
      // Half-way is Sunday 11-29: 《民法典》第二百零三条 moves it to Monday.
      deadline: { due: '2026-11-30', endsOn: '2026-11-29' },
    });
    it0 = ok(submitReport(it0, { actor: FIN.deputy, text: '已召开专题会' }, env())).item;
    const t = ok(reviewReport(it0, { stepId: 'v0.1', actor: FIN.head, approve: true }, env()));
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'I0001',
      to: { person: LEADER },
      about: 'progress:1',
    });
    expect(t.item.steps.find((s) => s.id === 'r0.2')).toMatchObject({
      title: '区财政局汇总报送办理情况',
      deadline: { due: '2026-12-02' },
    });
  });
});

describe('extensions: asked with a reason, granted or refused by the issuing leader', () => {
  it('granted: the new date is in force, the original kept, open report steps move', () => {
    const it0 = signed();
    const r = ok(
      requestExtension(it0, { actor: FIN.deputy, to: '2026-12-10', reason: '需等待市里批复' }, env()),
    );
    expect(r.item.fields.extensions[0]).toMatchObject({
      dept: 'finance',
      from: '2026-12-02',
      to: '2026-12-10',
    });
    expect(r.effects).toContainEqual({ type: 'ask', itemId: 'I0001', stepId: 'x1', to: LEADER });
    const g = ok(decideExtension(r.item, { stepId: 'x1', actor: LEADER, grant: true }, env()));
    expect(g.item.fields.deadline.due).toBe('2026-12-10');
    expect(g.item.fields.originalDue).toBe('2026-12-02');
    expect(g.item.steps.find((s) => s.id === 'r0.1')!.deadline!.due).toBe('2026-12-10');
    expect(g.item.steps.find((s) => s.id === 'r1.1')!.deadline!.due).toBe('2026-12-10');
    expect(g.effects).toContainEqual({
      type: 'inform',
      itemId: 'I0001',
      to: { person: FIN.deputy },
      about: 'extension:1',
    });
  });

  it('refused by the leader (with a reason): the date stands', () => {
    const r = ok(
      requestExtension(signed(), { actor: HOUSING.deputy, to: '2026-12-10', reason: '人手不足' }, env()),
    );
    expect(decideExtension(r.item, { stepId: 'x1', actor: LEADER, grant: false }, env())).toMatchObject({
      reason: 'reason_required',
    });
    const g = ok(
      decideExtension(r.item, { stepId: 'x1', actor: LEADER, grant: false, comment: '按期完成' }, env()),
    );
    expect(g.item.fields.deadline.due).toBe('2026-12-02');
    expect(g.item.fields.extensions[0]!.decision).toMatchObject({ granted: false, comment: '按期完成' });
  });

  it.each([
    ['an outsider asks', { actor: OUTSIDER, to: '2026-12-10', reason: 'x' }, 'not_member'],
    ['no reason', { actor: FIN.deputy, to: '2026-12-10', reason: ' ' }, 'reason_required'],
    ['a date not later than the deadline', { actor: FIN.deputy, to: '2026-12-02', reason: 'x' }, 'bad_date'],
    ['not a date', { actor: FIN.deputy, to: '2026-02-30', reason: 'x' }, 'bad_date'],
  ])('refused: %s', (_n, a, reason) => {
    expect(requestExtension(signed(), a, env())).toMatchObject({ ok: false, reason });
  });

  it('refused: a second request while one is pending; the supervision office or a department deciding', () => {
    const r = ok(requestExtension(signed(), { actor: FIN.deputy, to: '2026-12-10', reason: 'x' }, env()));
    expect(
      requestExtension(r.item, { actor: HOUSING.deputy, to: '2026-12-12', reason: 'y' }, env()),
    ).toMatchObject({
      reason: 'extension_pending',
    });
    for (const actor of [SUPERVISION, FIN.head, OUTSIDER]) {
      expect(decideExtension(r.item, { stepId: 'x1', actor, grant: true }, env())).toMatchObject({
        reason: 'not_issuer',
      });
    }
  });
});

describe('answers through the generic step card', () => {
  it('maps approve / reject onto review, close-out and extension; a report needs its own card', () => {
    const it0 = awaitingAcceptance();
    const t = decideInstruction(it0, { stepId: 'c1', round: 1, actor: LEADER, answer: 'approve' }, env());
    expect(t.ok && t.item.status).toBe('closed');
    expect(
      decideInstruction(it0, { stepId: 'c1', round: 1, actor: OUTSIDER, answer: 'approve' }, env()),
    ).toMatchObject({
      ok: false,
      reason: 'not_assignee',
    });
    expect(
      decideInstruction(
        signed(),
        { stepId: 'r0.1', round: 1, actor: FIN.deputy, answer: 'acknowledged' },
        env(),
      ),
    ).toMatchObject({ ok: false, reason: 'wrong_answer' });
    const a = decideInstruction(
      issue(),
      { stepId: 'a0', round: 1, actor: FIN.staff, answer: 'acknowledged' },
      env(),
    );
    expect(a.ok && a.item.fields.parts[0]!.ack!.responsible).toBe(FIN.staff);
  });
});
