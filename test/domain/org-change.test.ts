import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startMonthlyDocumentList } from '../../src/domain/duty.ts';
import type { Env } from '../../src/domain/engine/engine.ts';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import { acknowledge, issueInstruction, submitReport } from '../../src/domain/instruction/instruction.ts';
import { fileLeave } from '../../src/domain/leave/leave.ts';
import { recordMinutes } from '../../src/domain/minutes/minutes.ts';
import type { ValidMinutes } from '../../src/domain/minutes/validate.ts';
import { indexOrg, type Org, parseOrg } from '../../src/domain/org.ts';
import { diffOrgs, isUnchanged } from '../../src/domain/org-change/diff.ts';
import { reassignItem, strandedSteps } from '../../src/domain/org-change/reassign.ts';
import { submitTopic } from '../../src/domain/topic/topic.ts';
import type { ValidTopic } from '../../src/domain/topic/validate.ts';
import { envAt, ok } from '../helpers/domain.ts';

const TODAY = '2026-11-26';
const example = (): Org => {
  const r = parseOrg(JSON.parse(readFileSync('data/org.example.json', 'utf8')));
  if (!r.ok) throw new Error('example');
  return r.org;
};
/** The example with changes, as a refresh would bring them. */
function changed(fn: (o: Org) => void): Org {
  const o = structuredClone(example());
  fn(o);
  const r = parseOrg(o);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.org;
}
const unit = (o: Org, id: string) => o.departments.find((d) => d.id === id)!;
/** Swaps a unit's main head with its first deputy. */
const promoteDeputy = (id: string) => (o: Org) => {
  const d = unit(o, id);
  [d.mainHead, d.deputies[0]] = [d.deputies[0]!, d.mainHead];
};
const PREV = indexOrg(example());
const envWith = (org: Org): Env => ({ ...envAt(TODAY), org: indexOrg(org) });
const partiesOf = (item: WorkflowItem) =>
  Object.fromEntries(item.steps.map((s) => [s.id, s.parties.join('+')]));

const topic = (o: Partial<ValidTopic> = {}): ValidTopic => ({
  meeting: 'standing',
  unit: 'education',
  title: '关于新建城区第二小学的请示',
  background: '背景',
  problems: '问题',
  matters: '事项',
  solution: '方案',
  recommendation: '建议',
  affected: ['finance', 'health'],
  legal: true,
  major: false,
  attachments: [],
  ...o,
});

describe('a change of a role’s holder moves the waiting steps that belong to the role', () => {
  it('topic: consultation, legality review, the supervising vice head, the office director and the head each follow their role', () => {
    const t = ok(submitTopic('T1', 'cao-min', topic(), envAt(TODAY))).item;
    expect(partiesOf(t)).toEqual({
      consult: 'yang-fan+shi-yan',
      legality: 'xu-wenjie',
      vice: 'sun-haiyan',
      office: 'li-mingyuan',
      decide: 'zhou-jianguo',
    });
    const next = changed((o) => {
      promoteDeputy('finance')(o);
      promoteDeputy('justice')(o);
      o.leaders.officeDirector = 'gao-ya';
      unit(o, 'education').supervisor = 'zhao-wenbo';
    });
    const r = reassignItem(t, PREV, envWith(next))!;
    expect(partiesOf(r.item)).toEqual({
      consult: 'shi-yan+zhu-li',
      legality: 'tang-jing',
      vice: 'zhao-wenbo',
      office: 'gao-ya',
      decide: 'zhou-jianguo',
    });
    // §24, §50: a disagreement would go to the new supervising vice head.
    expect(r.item.steps[0]!.escalate?.party).toBe('zhao-wenbo');
    // Only the active step asks anyone now; the others ask when the route reaches them.
    expect(r.effects).toEqual([
      { type: 'ask', itemId: 'T1', stepId: 'consult', to: 'zhu-li' },
      { type: 'refresh', itemId: 'T1' },
    ]);
    expect(r.moves.map((m) => `${m.stepId}:${m.from}→${m.to}`)).toEqual([
      'consult:yang-fan→zhu-li',
      'legality:xu-wenjie→tang-jing',
      'vice:sun-haiyan→zhao-wenbo',
      'office:li-mingyuan→gao-ya',
    ]);
  });

  it('a business topic chaired by a named vice head stays with that vice head; the supervising vice head’s 审核 follows the role (§40)', () => {
    const t = ok(
      submitTopic(
        'T2',
        'cao-min',
        topic({ meeting: 'business', chair: 'chen-lixin', affected: [] }),
        envAt(TODAY),
      ),
    ).item;
    const r = reassignItem(
      t,
      PREV,
      envWith(changed((o) => (unit(o, 'education').supervisor = 'zhao-wenbo'))),
    );
    expect(r?.moves.map((m) => [m.stepId, m.from, m.to])).toEqual([['vice', 'sun-haiyan', 'zhao-wenbo']]);
    expect(r?.item.steps.find((s) => s.id === 'decide')?.parties).toEqual(['chen-lixin']);
  });

  it('leave: the supervising vice head and the unit main head follow; the acting partner is asked when away', () => {
    const v = {
      type: 'out_of_city' as const,
      start: '2026-12-07',
      end: '2026-12-08',
      destination: '北京',
      reason: '培训',
    };
    const headLeave = ok(fileLeave('Q1', 'cao-min', v, [], envAt(TODAY))).item;
    const staffLeave = ok(fileLeave('Q2', 'xie-ting', v, [], envAt(TODAY))).item;
    const next = changed((o) => {
      unit(o, 'education').supervisor = 'zhao-wenbo';
      unit(o, 'education').staff = ['xie-ting'];
    });
    const a = reassignItem(headLeave, PREV, {
      ...envWith(next),
      away: (p) => (p === 'zhao-wenbo' ? { person: p, itemId: 'Q9', start: TODAY, end: TODAY } : undefined),
    })!;
    expect(partiesOf(a.item)).toEqual({ s1: 'zhao-wenbo', s2: 'zhou-jianguo' });
    // §8: the new holder is away today, so their AB partner gets the card on their behalf.
    expect(a.effects[0]).toEqual({
      type: 'ask',
      itemId: 'Q1',
      stepId: 's1',
      to: 'sun-haiyan',
      onBehalfOf: 'zhao-wenbo',
    });

    const promoted = changed(promoteDeputy('education'));
    const b = reassignItem(staffLeave, PREV, envWith(promoted))!;
    expect(partiesOf(b.item)).toEqual({ s1: 'peng-bo' });
  });

  it('nobody is moved onto their own item: the new main head who filed the leave does not approve it', () => {
    const v = {
      type: 'out_of_city' as const,
      start: '2026-12-07',
      end: '2026-12-08',
      destination: '北京',
      reason: '培训',
    };
    const deputyLeave = ok(fileLeave('Q3', 'peng-bo', v, [], envAt(TODAY))).item;
    expect(partiesOf(deputyLeave)).toEqual({ s1: 'cao-min' });
    expect(reassignItem(deputyLeave, PREV, envWith(changed(promoteDeputy('education'))))).toBeUndefined();
  });

  it('nobody is moved onto their own case: a report’s author made main head does not review it', () => {
    const spec = {
      source: 'leader' as const,
      class: 'ordinary' as const,
      text: '请研究',
      leader: 'sun-haiyan',
      lead: 'education',
      co: [],
      progressRequired: false,
      deadline: {
        rule: '§58',
        unit: 'calendar_days' as const,
        amount: 7,
        due: '2026-12-02',
        provisional: false,
      },
    };
    let item = ok(issueInstruction('I2', 'sun-haiyan', spec as never, envAt(TODAY))).item;
    item = ok(acknowledge(item, { part: 0, actor: 'cao-min', responsible: 'peng-bo' }, envAt(TODAY))).item;
    item = ok(
      submitReport(item, { actor: 'peng-bo', text: '已办结', kind: 'completion' }, envAt(TODAY)),
    ).item;
    expect(item.steps.find((s) => s.id === 'v0.1')).toMatchObject({
      parties: ['cao-min'],
      recused: ['peng-bo'],
    });
    // peng-bo becomes the unit's main head: the review of his own report stays where it was (§56, issue 12).
    expect(reassignItem(item, PREV, envWith(changed(promoteDeputy('education'))))).toBeUndefined();
  });

  it('a step that follows its role to a new holder who is away is never held by the item’s submitter (§8)', () => {
    const v = {
      type: 'out_of_city' as const,
      start: '2026-12-07',
      end: '2026-12-08',
      destination: '北京',
      reason: '培训',
    };
    // The executive vice head's own leave waits on the head.
    const leave = ok(fileLeave('Q4', 'liu-zhiqiang', v, [], envAt(TODAY))).item;
    expect(partiesOf(leave)).toEqual({ s1: 'zhou-jianguo' });
    const next = changed((o) => {
      o.leaders.head = 'ma-jun';
    });
    const away = (p: string) =>
      p === 'ma-jun' ? { person: p, itemId: 'Q9', start: TODAY, end: TODAY } : undefined;
    const r = reassignItem(leave, PREV, { ...envWith(next), away })!;
    expect(partiesOf(r.item)).toEqual({ s1: 'ma-jun' });
    // The new head is away: the executive vice head would preside, but it is his own leave, so the
    // designated vice head holds it.
    expect(r.effects[0]).toEqual({
      type: 'ask',
      itemId: 'Q4',
      stepId: 's1',
      to: 'wang-lihua',
      onBehalfOf: 'ma-jun',
    });
  });

  it('minutes: the drafting unit’s main head, the vice heads’ review as a group, the finance bureau’s payment', () => {
    const m: ValidMinutes = {
      meeting: 'standing',
      heldOn: TODAY,
      topics: [],
      decisions: [{ text: '同意', leadDepartment: 'education', funds: 100 }],
      drafter: 'education',
      consulted: [],
      legal: false,
    } as ValidMinutes;
    const item = ok(recordMinutes('M1', 'zhou-jianguo', m, [], envAt(TODAY))).value.minutes;
    const before = partiesOf(item);
    expect(before.draft).toBe('cao-min');
    const next = changed((o) => {
      promoteDeputy('education')(o);
      promoteDeputy('finance')(o);
      o.leaders.viceHeads = o.leaders.viceHeads.filter(
        (v) => v.person !== 'sun-haiyan' && v.person !== 'zhao-wenbo',
      );
      for (const d of o.departments)
        if (d.supervisor === 'sun-haiyan' || d.supervisor === 'zhao-wenbo') d.supervisor = 'wang-lihua';
    });
    const r = reassignItem(item, PREV, envWith(next))!;
    expect(partiesOf(r.item)).toMatchObject({
      draft: 'peng-bo',
      // §38: the vice heads read it, then the executive vice head on a step of his own.
      review: 'wang-lihua+chen-lixin',
      exec: 'liu-zhiqiang',
      sign: 'zhou-jianguo',
      pay: 'zhu-li',
    });
  });

  it('instruction: 签收 and the main head’s review follow; the named responsible person’s report stays theirs', () => {
    const spec = {
      source: 'leader' as const,
      class: 'ordinary' as const,
      text: '请研究',
      leader: 'sun-haiyan',
      lead: 'education',
      co: ['finance'],
      progressRequired: false,
      deadline: {
        rule: '§58',
        unit: 'calendar_days' as const,
        amount: 7,
        due: '2026-12-02',
        provisional: false,
      },
    };
    const item = ok(issueInstruction('I1', 'sun-haiyan', spec as never, envAt(TODAY))).item;
    const next = changed((o) => {
      promoteDeputy('education')(o);
      promoteDeputy('finance')(o);
    });
    const r = reassignItem(item, PREV, envWith(next))!;
    expect(partiesOf(r.item)).toEqual({ a0: 'peng-bo', a1: 'zhu-li' });
    expect(r.effects.filter((e) => e.type === 'ask').map((e) => (e as { to: string }).to)).toEqual([
      'peng-bo',
      'zhu-li',
    ]);
  });

  it('the monthly document list (§70) follows the unit’s main head', () => {
    const item = ok(
      startMonthlyDocumentList('D1', unit(example(), 'education'), '2026-10', envAt(TODAY)),
    ).item;
    const r = reassignItem(item, PREV, envWith(changed(promoteDeputy('education'))))!;
    expect(partiesOf(r.item)).toEqual({ s1: 'peng-bo' });
  });

  it('a step already answered keeps its answer; a settled item is left alone', () => {
    const t = ok(submitTopic('T3', 'cao-min', topic(), envAt(TODAY))).item;
    t.steps[0]!.responses.push({
      party: 'yang-fan',
      actor: 'yang-fan',
      answer: 'agree',
      at: '2026-11-26T03:00:00Z',
    });
    const r = reassignItem(t, PREV, envWith(changed(promoteDeputy('finance'))));
    expect(r).toBeUndefined();
    expect(
      reassignItem({ ...t, status: 'withdrawn' }, PREV, envWith(changed(promoteDeputy('health')))),
    ).toBeUndefined();
  });

  it('steps still waiting on someone who left are listed, unless their role moved them on', () => {
    const t = ok(submitTopic('T4', 'cao-min', topic({ affected: ['health'] }), envAt(TODAY))).item;
    // The justice bureau's head leaves and the deputy becomes its main head.
    const nextOrg = changed((o) => {
      o.people = o.people.filter((p) => p.id !== 'xu-wenjie');
      unit(o, 'justice').mainHead = 'tang-jing';
      unit(o, 'justice').deputies = [];
    });
    const next = indexOrg(nextOrg);
    expect(strandedSteps([t], next)).toEqual([
      {
        itemId: 'T4',
        itemTitle: t.title,
        stepId: 'legality',
        title: '司法局合法性审查',
        person: 'xu-wenjie',
      },
    ]);
    const moved = reassignItem(t, PREV, envWith(nextOrg))!.item;
    expect(strandedSteps([moved], next)).toEqual([]);
    // A step that belongs to the person (not a role) stays theirs, and is listed.
    const own = {
      ...moved,
      steps: moved.steps.map((s) => (s.id === 'vice' ? { ...s, parties: ['xu-wenjie'] } : s)),
    };
    expect(strandedSteps([own], next).map((x) => `${x.stepId}:${x.person}`)).toEqual(['vice:xu-wenjie']);
  });
});

describe('diffOrgs', () => {
  it('says who joined, left, changed name or title, whose unit or main head changed, and which roles', () => {
    const next = changed((o) => {
      o.people.push({ id: 'lin-xiao', name: '林晓', title: '科员', openId: 'ou_lin_xiao' });
      o.people.find((p) => p.id === 'he-xin')!.title = '秘书科副科长';
      unit(o, 'education').staff.push('lin-xiao');
      promoteDeputy('finance')(o);
      unit(o, 'finance').staff = [];
      unit(o, 'education').staff.push('qin-lei');
      o.leaders.officeDirector = 'gao-ya';
    });
    const c = diffOrgs(example(), next);
    expect(c.joined.map((p) => p.id)).toEqual(['lin-xiao']);
    expect(c.left).toEqual([]);
    expect(c.renamed.map((r) => r.after.title)).toEqual(['秘书科副科长']);
    expect(c.mainHeads.map((m) => `${m.unit.id}:${m.from}→${m.to}`)).toEqual(['finance:yang-fan→zhu-li']);
    expect(c.moved).toEqual([{ person: 'qin-lei', from: 'finance:staff', to: 'education:staff' }]);
    expect(c.roles).toEqual(['officeDirector']);
    expect(isUnchanged(c)).toBe(false);
    // Key order and Lark's ids do not count as a change.
    const reversed = <T extends object>(x: T) => Object.fromEntries(Object.entries(x).reverse()) as T;
    const reordered = {
      ...example(),
      departments: example().departments.map((d) => reversed({ ...d, larkId: `od-${d.id}` })),
    };
    expect(isUnchanged(diffOrgs(example(), reordered))).toBe(true);
  });
});
