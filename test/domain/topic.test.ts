import { describe, expect, it } from 'vitest';
import { activeStep, expire } from '../../src/domain/engine/engine.ts';
import type { Step } from '../../src/domain/engine/types.ts';
import type { DateStr } from '../../src/domain/time.ts';
import { agendaOf, scheduledTopics } from '../../src/domain/topic/agenda.ts';
import {
  consultationOf,
  decideTopic,
  failedBefore,
  legalityBlocks,
  markHeld,
  resubmitTopic,
  submitTopic,
  withdrawTopic,
} from '../../src/domain/topic/topic.ts';
import type { TopicItem } from '../../src/domain/topic/types.ts';
import { type TopicInput, type ValidTopic, validateTopic } from '../../src/domain/topic/validate.ts';
import { envAt, ok, org } from '../helpers/domain.ts';

const HEAD = 'zhou-jianguo';
const SUN = 'sun-haiyan'; // supervises education
const WANG = 'wang-lihua';
const CAO = 'cao-min'; // 区教育局 main head
const PENG = 'peng-bo'; // 区教育局 deputy
const XIE = 'xie-ting'; // 区教育局 staff
const DIRECTOR = 'li-mingyuan';
const JUSTICE = 'xu-wenjie';
const FINANCE = 'yang-fan';
const HR = 'du-qiang';
const HEALTH = 'shi-yan';

const TODAY = '2026-11-26'; // Thursday

const topic = (o: Partial<ValidTopic> = {}): ValidTopic => ({
  meeting: 'standing',
  unit: 'education',
  title: '关于新建城区第二小学的请示',
  background: '城区学位紧张',
  problems: '现有学校超员',
  matters: '建设资金和用地',
  solution: '2027年开工建设',
  recommendation: '列入年度重点项目',
  affected: ['finance', 'human-resources', 'health'],
  legal: false,
  major: false,
  attachments: [],
  ...o,
});

const submit = (o: Partial<ValidTopic> = {}, who = CAO, today = TODAY) =>
  ok(submitTopic('T1', who, topic(o), envAt(today))).item;

const ids = (steps: Step[]) => steps.map((s) => `${s.id}:${s.parties.join('+')}`);

/** Answers the active step as its (single) party. */
function answer(item: TopicItem, answer: 'approve' | 'reject', o: { comment?: string; date?: DateStr } = {}) {
  const s = activeStep(item)!;
  return decideTopic(
    item,
    { stepId: s.id, round: item.round, actor: s.parties[0]!, answer, comment: o.comment },
    envAt(TODAY),
    o.date,
  );
}

describe('§39 what a submission must contain', () => {
  it('§39 a submission missing parts is refused with every missing part listed', () => {
    const r = validateTopic({}, CAO, org, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const part of [
      '提请单位',
      '提请事项名称',
      '基本情况',
      '存在的问题',
      '需解决的事项',
      '解决问题方案',
      '工作建议',
    ]) {
      expect(r.problems).toContain(`缺少${part}（§39）`);
    }
    expect(r.problems.join()).toContain('会议类型');
    expect(r.problems.join()).toContain('法律问题');
    expect(r.problems.join()).toContain('重大决策');
  });

  const full: TopicInput = {
    meeting: 'standing',
    unit: 'education',
    title: '标题',
    background: '情况',
    problems: '问题',
    matters: '事项',
    solution: '方案',
    recommendation: '建议',
    affected: ['finance', '区卫生健康局', 'education'],
    legal: 'no',
    major: 'yes',
    attachments: 'https://example.gov.cn/a.pdf file_v3_abc',
    publicInterest: 'no',
    procedure: {
      participation: {
        state: 'done',
        what: '网上公开征求意见30天',
        by: '区教育局',
        on: '2026-10-01',
        material: 'https://example.gov.cn/zq.pdf',
      },
      expert: { state: 'na', what: '技术方案成熟，无需专家论证' },
      risk: {
        state: 'done',
        what: '委托第三方评估',
        by: '区发改局',
        on: '2026-11-02',
        material: '风险评估报告.pdf',
      },
    },
  };

  it.each([
    [CAO, 'education', true, 'the main head'],
    [PENG, 'education', true, 'a deputy'],
    [WANG, 'education', true, 'a leader'],
    [XIE, 'education', false, 'staff'],
    [CAO, 'finance', false, 'another unit’s head'],
    [DIRECTOR, 'education', false, 'the office director (not a leader)'],
  ])(
    'only a unit’s main head or deputy, or a leader, may submit for it: %s for %s → %s (%s)',
    (who, unit, allowed) => {
      const r = validateTopic({ ...full, unit }, who, org, TODAY);
      expect(r.ok).toBe(allowed);
    },
  );

  it('affected units are picked by id or name, deduplicated, the submitting unit left out; attachments checked', () => {
    const r = ok(validateTopic(full, CAO, org, TODAY));
    expect(r.value.affected).toEqual(['finance', 'health']);
    expect(r.value.attachments).toEqual(['https://example.gov.cn/a.pdf', 'file_v3_abc']);
    expect(r.value).toMatchObject({ legal: false, major: true });
    const bad = validateTopic({ ...full, attachments: 'see desk', affected: ['nowhere'] }, CAO, org, TODAY);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join()).toMatch(/不在组织架构中.*无法识别/s);
  });

  it('§40 a business meeting names the vice head who chairs it', () => {
    const r = validateTopic({ ...full, major: 'no', meeting: 'business' }, CAO, org, TODAY);
    expect(r.ok || r.problems).toContain('业务会议请选择主持会议的副区长（§40）');
    expect(
      ok(validateTopic({ ...full, major: 'no', meeting: 'business', chair: SUN }, CAO, org, TODAY)).value
        .chair,
    ).toBe(SUN);
  });
});

describe('§22 §23 §24 a major decision shows its statutory steps before it may go on an agenda', () => {
  const problems = (i: TopicInput) => {
    const r = validateTopic(i, CAO, org, TODAY);
    return r.ok ? [] : r.problems;
  };
  const major: TopicInput = {
    meeting: 'standing',
    unit: 'education',
    title: '关于调整学区划分的请示',
    background: '情况',
    problems: '问题',
    matters: '事项',
    solution: '方案',
    recommendation: '建议',
    legal: 'no',
    major: 'yes',
    publicInterest: 'yes',
    procedure: {
      participation: {
        state: 'done',
        what: '召开听证会',
        by: '区教育局',
        on: '2026-11-10',
        material: '听证笔录.docx',
      },
      expert: { state: 'na', what: '不涉及专业技术问题' },
      risk: {
        state: 'done',
        what: '社会稳定风险评估',
        by: '区委政法委',
        on: '2026-11-12',
        material: 'https://x.gov.cn/r.pdf',
      },
    },
  };

  it('§22 the three steps recorded: what, when, by whom, the material; not applicable with its reason', () => {
    const v = ok(validateTopic(major, CAO, org, TODAY)).value;
    expect(v.procedure).toEqual({
      participation: {
        done: true,
        what: '召开听证会',
        by: '区教育局',
        on: '2026-11-10',
        material: '听证笔录.docx',
      },
      expert: { done: false, reason: '不涉及专业技术问题' },
      risk: {
        done: true,
        what: '社会稳定风险评估',
        by: '区委政法委',
        on: '2026-11-12',
        material: 'https://x.gov.cn/r.pdf',
      },
    });
    expect(v.publicInterest).toBe(true);
  });

  it('§22 every missing part is listed; a not-applicable step needs its reason; dates are not in the future', () => {
    expect(problems({ ...major, procedure: {}, publicInterest: undefined })).toEqual([
      '重大决策请选择是否涉及重大公共利益和公众权益（§24）',
      '重大决策须写明公众参与情况：已开展，或不适用并说明理由（§22）',
      '重大决策须写明专家论证情况：已开展，或不适用并说明理由（§22）',
      '重大决策须写明风险评估情况：已开展，或不适用并说明理由（§22）',
    ]);
    expect(
      problems({
        ...major,
        procedure: {
          ...major.procedure,
          expert: { state: 'na', what: '' },
          participation: { state: 'done', what: '听证', by: '', on: '2026-12-30', material: '' },
        },
      }),
    ).toEqual([
      '请写明公众参与由谁组织实施',
      '公众参与的日期12月30日还没到，请在开展后填写',
      '请填写公众参与材料的链接或文件名',
      '专家论证选择不适用的，须在情况说明中写明理由（§22）',
    ]);
  });

  it('§24 §38 touching the public interest, public participation and a social-stability risk assessment can not be skipped', () => {
    const skip = { state: 'na', what: '时间紧' };
    expect(
      problems({ ...major, procedure: { ...major.procedure, participation: skip, risk: skip } }),
    ).toEqual([
      '涉及重大公共利益的，须向社会公开征求意见，不能选择不适用（§24、§38）',
      '涉及重大公共利益的，须进行社会稳定风险评估，不能选择不适用（§24）',
    ]);
    // Not touching it, both may be not applicable with a reason.
    expect(
      problems({
        ...major,
        publicInterest: 'no',
        procedure: { ...major.procedure, participation: skip, risk: skip },
      }),
    ).toEqual([]);
  });

  it('§23 only the plenary and the standing meeting take a major decision', () => {
    for (const meeting of ['head_office', 'business']) {
      expect(problems({ ...major, meeting, chair: SUN })).toContain(
        `重大决策事项由区政府全体会议或常务会议讨论决定（§23），不能提交${meeting === 'business' ? '区政府业务会议' : '区长办公会议'}，请改选会议类型`,
      );
    }
    expect(problems({ ...major, meeting: 'plenary' })).toEqual([]);
  });
});

describe('the route by meeting kind (§37–§41)', () => {
  it('§38 standing: consultation of the affected units’ main heads → vice head → office director → head', () => {
    const t = submit();
    expect(ids(t.steps)).toEqual([
      `consult:${FINANCE}+${HR}+${HEALTH}`,
      `vice:${SUN}`,
      `office:${DIRECTOR}`,
      `decide:${HEAD}`,
    ]);
    const consult = t.steps[0]!;
    expect(consult).toMatchObject({ kind: 'countersign', silence: 'no_objection', status: 'active' });
    expect(consult.escalate).toMatchObject({ party: SUN, rule: '§24、§50' });
  });

  it('§25 §41 legal questions add the justice bureau’s review after the consultation', () => {
    expect(ids(submit({ legal: true }).steps)[1]).toBe(`legality:${JUSTICE}`);
  });

  it('§39 §24 head’s office meeting: affected units consulted, vice head reviews, head decides (legality review when legal, §41)', () => {
    expect(ids(submit({ meeting: 'head_office' }).steps)).toEqual([
      `consult:${FINANCE}+${HR}+${HEALTH}`,
      `vice:${SUN}`,
      `decide:${HEAD}`,
    ]);
    expect(ids(submit({ meeting: 'head_office', legal: true, affected: [] }).steps)).toEqual([
      `legality:${JUSTICE}`,
      `vice:${SUN}`,
      `decide:${HEAD}`,
    ]);
  });

  it('§40 business meeting: affected departments consulted first; a department’s topic goes to its supervising vice head, then the chair', () => {
    expect(ids(submit({ meeting: 'business', chair: WANG }).steps)).toEqual([
      `consult:${FINANCE}+${HR}+${HEALTH}`,
      `vice:${SUN}`,
      `decide:${WANG}`,
    ]);
    // Chaired by its own supervising vice head: he decides.
    expect(ids(submit({ meeting: 'business', chair: SUN, affected: [] }).steps)).toEqual([`decide:${SUN}`]);
  });

  it('§37 plenary: the leaders and the affected units are consulted, the office director approves, the head decides', () => {
    const t = submit({ meeting: 'plenary' });
    expect(ids(t.steps)).toEqual([
      `consult:liu-zhiqiang+wang-lihua+chen-lixin+zhao-wenbo+sun-haiyan+${FINANCE}+${HR}+${HEALTH}`,
      `office:${DIRECTOR}`,
      `decide:${HEAD}`,
    ]);
    expect(ids(submit({ meeting: 'plenary', affected: [] }).steps)[0]).toBe(
      'consult:liu-zhiqiang+wang-lihua+chen-lixin+zhao-wenbo+sun-haiyan',
    );
  });

  it('a vice head submitting for a unit they supervise is not asked to 审定 their own topic', () => {
    expect(ids(submit({}, SUN).steps).map((s) => s.split(':')[0])).toEqual(['consult', 'office', 'decide']);
  });

  it('the submitter tracks it; the government office collects it (not for business meetings)', () => {
    const t = ok(submitTopic('T1', CAO, topic(), envAt(TODAY)));
    expect(t.effects).toContainEqual({ type: 'inform', itemId: 'T1', to: { person: CAO }, about: 'tracker' });
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'T1',
      to: { chat: 'governmentOffice' },
      about: 'filed',
    });
    const asked = t.effects.filter((e) => e.type === 'ask').map((e) => (e as { to: string }).to);
    expect(asked).toEqual([FINANCE, HR, HEALTH]);
    const biz = ok(submitTopic('T2', CAO, topic({ meeting: 'business', chair: SUN }), envAt(TODAY)));
    expect(biz.effects.some((e) => e.type === 'inform' && 'chat' in e.to)).toBe(false);
  });
});

describe('§50 consultation', () => {
  it('§50 silence counts as no objection on the 3rd working day across the National Day holiday', () => {
    // Sent on Wednesday 9-30: 10-01…10-07 are holidays, so 2 working days end on 10-09.
    const t = submit({}, CAO, '2026-09-30');
    expect(t.steps[0]!.deadline).toMatchObject({ rule: '§50', due: '2026-10-09' });
    let item = t;
    for (const [party, ans] of [
      [FINANCE, 'agree'],
      [HR, 'agree_with_comments'],
    ] as const) {
      item = ok(
        decideTopic(
          item,
          {
            stepId: 'consult',
            round: 1,
            actor: party,
            answer: ans,
            comment: ans === 'agree' ? undefined : '注意编制',
          },
          envAt('2026-10-08'),
        ),
      ).item;
    }
    expect(expire(item, envAt('2026-10-09', { at: '23:59' }))).toBeUndefined(); // still the reply day
    const closed = ok(expire(item, envAt('2026-10-10', { at: '00:05' }))!); // a make-up working day (Saturday)
    const c = consultationOf(closed.item)!;
    expect(c.results.map((r) => r.response?.answer)).toEqual([
      'agree',
      'agree_with_comments',
      'no_objection_deadline',
    ]);
    expect(c.results[2]!.response).toMatchObject({ party: HEALTH, actor: 'system' });
    expect(activeStep(closed.item)?.id).toBe('vice');
    expect(closed.effects).toContainEqual({
      type: 'ask',
      itemId: 'T1',
      stepId: 'vice',
      to: SUN,
      onBehalfOf: undefined,
    });
  });

  it('§24 §50 a disagreement that stands goes to the supervising vice head, who may proceed', () => {
    let item = submit();
    item = ok(
      decideTopic(
        item,
        { stepId: 'consult', round: 1, actor: FINANCE, answer: 'disagree', comment: '资金无来源' },
        envAt(TODAY),
      ),
    ).item;
    item = ok(
      decideTopic(item, { stepId: 'consult', round: 1, actor: HR, answer: 'agree' }, envAt(TODAY)),
    ).item;
    item = ok(expire(item, envAt('2026-12-01'))!).item;
    // §24: the submitting unit first lists each side's reasons and a proposal — a statement is required.
    expect(activeStep(item)).toMatchObject({ id: 'consults', kind: 'acknowledge', parties: [CAO] });
    const bare = decideTopic(
      item,
      { stepId: 'consults', round: 1, actor: CAO, answer: 'acknowledged' },
      envAt('2026-12-01'),
    );
    expect(bare).toMatchObject({ ok: false, reason: 'reason_required' });
    item = ok(
      decideTopic(
        item,
        {
          stepId: 'consults',
          round: 1,
          actor: CAO,
          answer: 'acknowledged',
          comment: '财政局认为资金无来源；我局建议分两年安排',
        },
        envAt('2026-12-01'),
      ),
    ).item;
    const coord = activeStep(item)!;
    expect(coord).toMatchObject({
      id: 'consultx',
      parties: [SUN],
      title: '分管副区长协调分歧',
      rule: '§24、§50',
    });
    item = ok(answer(item, 'approve', { comment: '资金由财政统筹' })).item;
    expect(activeStep(item)?.id).toBe('vice');
  });

  it('§24 the vice head may send a disputed topic back instead', () => {
    let item = submit({ affected: ['finance'] });
    item = ok(
      decideTopic(
        item,
        { stepId: 'consult', round: 1, actor: FINANCE, answer: 'disagree', comment: '不同意' },
        envAt(TODAY),
      ),
    ).item;
    item = ok(
      decideTopic(
        item,
        { stepId: 'consults', round: 1, actor: CAO, answer: 'acknowledged', comment: '各方理据如下' },
        envAt(TODAY),
      ),
    ).item;
    const back = ok(answer(item, 'reject', { comment: '请与财政局再协商' }));
    expect(back.item.status).toBe('rejected');
    expect(back.effects).toContainEqual(
      expect.objectContaining({ about: 'rejected', detail: '请与财政局再协商' }),
    );
  });
});

describe('§25 legality review gate', () => {
  it('§25 a major decision always goes to the justice bureau, even with no legal question raised', () => {
    expect(submit({ major: true, legal: false }).steps.map((s) => s.id)).toContain('legality');
  });

  it('§25 a major decision that fails review is sent back with the opinion and goes no further', () => {
    let item = submit({ major: true, affected: [] });
    expect(activeStep(item)?.id).toBe('legality');
    const failed = ok(answer(item, 'reject', { comment: '缺少风险评估报告' }));
    item = failed.item;
    expect(item.status).toBe('rejected');
    expect(failed.effects.some((e) => e.type === 'ask')).toBe(false);
    expect(failed.effects).toContainEqual(
      expect.objectContaining({ about: 'rejected', detail: '缺少风险评估报告' }),
    );
    // The vice head cannot act on it.
    const r = decideTopic(item, { stepId: 'vice', round: 1, actor: SUN, answer: 'approve' }, envAt(TODAY));
    expect(r).toMatchObject({ ok: false });
  });

  it('§25 a major decision whose review was skipped is blocked at the next step', () => {
    const item = submit({ major: true, affected: [] });
    // A route without the review (say, an item edited by hand): the vice head's approval is refused.
    const skipped: TopicItem = structuredClone(item);
    skipped.steps = skipped.steps.filter((s) => s.id !== 'legality');
    skipped.steps[0]!.status = 'active';
    expect(legalityBlocks(skipped, 'vice')).toBe(true);
    const r = decideTopic(skipped, { stepId: 'vice', round: 1, actor: SUN, answer: 'approve' }, envAt(TODAY));
    expect(r).toMatchObject({ ok: false, reason: 'not_active', detail: '§25 合法性审查未通过' });
    // Sending it back stays possible.
    expect(
      decideTopic(
        skipped,
        { stepId: 'vice', round: 1, actor: SUN, answer: 'reject', comment: '补审' },
        envAt(TODAY),
      ).ok,
    ).toBe(true);
  });

  it('§25 a topic that failed review can not dodge it: resubmitted as “not major, no legal questions”, it goes back to the justice bureau', () => {
    let item = submit({ major: true, affected: [] });
    item = ok(answer(item, 'reject', { comment: '与上位法冲突' })).item;
    expect(item.fields.failedReviews).toEqual([
      { round: 1, on: TODAY, by: JUSTICE, comment: '与上位法冲突' },
    ]);
    const relabelled = ok(
      resubmitTopic(item, CAO, topic({ major: false, legal: false, affected: [] }), envAt(TODAY)),
    ).item;
    expect(relabelled.fields).toMatchObject({ major: false, legal: false });
    expect(relabelled.fields.failedReviews).toHaveLength(1);
    expect(activeStep(relabelled)).toMatchObject({
      id: 'legality',
      parties: [JUSTICE],
      title: '司法局合法性审查（前次审查未通过，须重新审查）',
      rule: '§25',
    });
    // The vice head can not act before the review passes.
    expect(legalityBlocks(relabelled, 'vice')).toBe(true);
    // Withdrawn and filed afresh under the same title, it still carries the failure.
    const again = failedBefore([{ ...relabelled, status: 'withdrawn' }], topic());
    expect(again).toEqual([{ round: 1, on: TODAY, by: JUSTICE, comment: '与上位法冲突', topic: 'T1' }]);
    const fresh = ok(submitTopic('T9', CAO, topic({ affected: [] }), envAt(TODAY), again)).item;
    expect(activeStep(fresh)?.id).toBe('legality');
  });

  it('§25 a passed review lets it go on', () => {
    const item = ok(answer(submit({ major: true, affected: [] }), 'approve')).item;
    expect(legalityBlocks(item, 'vice')).toBe(false);
    expect(activeStep(item)?.id).toBe('vice');
  });
});

describe('§38 the head decides whether and when', () => {
  const toHead = () => {
    let item = submit({ affected: [] });
    item = ok(answer(item, 'approve')).item; // vice head
    item = ok(answer(item, 'approve')).item; // office director
    expect(activeStep(item)).toMatchObject({ id: 'decide', parties: [HEAD] });
    return item;
  };

  it('§38 the head’s decision is recorded with the meeting date', () => {
    const t = ok(answer(toHead(), 'approve', { date: '2026-12-10' }));
    expect(t.item.status).toBe('approved');
    expect(t.item.fields.meetingDate).toBe('2026-12-10');
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'T1',
      to: { person: CAO },
      about: 'approved',
    });
    expect(t.effects).toContainEqual({
      type: 'inform',
      itemId: 'T1',
      to: { chat: 'governmentOffice' },
      about: 'scheduled',
    });
  });

  it.each<[string | undefined, string]>([
    [undefined, 'no date'],
    ['2026-11-25', 'a date already past'],
    ['2026-02-30', 'no such day'],
  ])('§38 approval without a usable meeting date is refused: %s (%s)', (date) => {
    expect(answer(toHead(), 'approve', { date })).toMatchObject({ ok: false, reason: 'wrong_answer' });
  });

  it('the head may keep it off the agenda, with a reason', () => {
    expect(answer(toHead(), 'reject')).toMatchObject({ ok: false, reason: 'reason_required' });
    expect(ok(answer(toHead(), 'reject', { comment: '下次再议' })).item.status).toBe('rejected');
  });
});

describe('after a send-back, withdrawal, the agenda', () => {
  it('an amended topic is routed again for its new units, in a new round', () => {
    const back = ok(answer(submit({ affected: [] }), 'reject', { comment: '补充材料' })).item;
    const again = ok(resubmitTopic(back, CAO, topic({ affected: ['transport'] }), envAt(TODAY))).item;
    expect(again.round).toBe(2);
    expect(ids(again.steps)[0]).toBe('consult:ye-qing');
    expect(again.status).toBe('in_progress');
    expect(resubmitTopic(back, PENG, topic(), envAt(TODAY))).toMatchObject({
      ok: false,
      reason: 'not_submitter',
    });
  });

  it('the submitter may withdraw before anyone answered', () => {
    expect(ok(withdrawTopic(submit(), CAO, envAt(TODAY))).item.status).toBe('withdrawn');
  });

  it('议题列表 shows where each waiting topic is and which are on the agenda; a held topic leaves it', () => {
    const routing = submit();
    let scheduled = ok(submitTopic('T2', CAO, topic({ affected: [] }), envAt(TODAY))).item;
    for (const date of [undefined, undefined, '2026-12-10'])
      scheduled = ok(answer(scheduled, 'approve', { date })).item;
    const biz = ok(submitTopic('T3', CAO, topic({ meeting: 'business', chair: SUN }), envAt(TODAY))).item;
    const a = agendaOf([routing, scheduled, biz]);
    expect(a.standing.map((e) => [e.item.id, e.state])).toEqual([
      ['T2', 'scheduled'],
      ['T1', 'routing'],
    ]);
    const first = a.standing[1]!;
    expect(first.state === 'routing' && first.owed).toEqual([FINANCE, HR, HEALTH]);
    expect(first.state === 'routing' && first.due).toBe('2026-11-30');
    expect(a.business.map((e) => e.item.id)).toEqual(['T3']);
    expect(scheduledTopics([routing, scheduled, biz], 'standing').map((t) => t.id)).toEqual(['T2']);
    const held = markHeld(scheduled, 'M1', envAt(TODAY)).item;
    expect(held.fields.heldIn).toBe('M1');
    expect(agendaOf([routing, held, biz]).standing.map((e) => e.item.id)).toEqual(['T1']);
  });
});
