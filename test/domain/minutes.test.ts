import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/domain/engine/effects.ts';
import { activeStep, expire } from '../../src/domain/engine/engine.ts';
import { decideMinutes, recordMinutes, resubmitMinutes } from '../../src/domain/minutes/minutes.ts';
import type { MinutesItem } from '../../src/domain/minutes/types.ts';
import {
  type MinutesInput,
  parseFundsWan,
  type ValidMinutes,
  validateMinutes,
} from '../../src/domain/minutes/validate.ts';
import type { DateStr } from '../../src/domain/time.ts';
import { decideTopic, submitTopic } from '../../src/domain/topic/topic.ts';
import type { TopicItem } from '../../src/domain/topic/types.ts';
import { envAt, ok, org } from '../helpers/domain.ts';

const HEAD = 'zhou-jianguo';
const SUN = 'sun-haiyan';
const CAO = 'cao-min'; // 区教育局 main head
const PENG = 'peng-bo'; // 区教育局 deputy
const HE_XIN = 'he-xin'; // 区政府办公室 staff
const MA_JUN = 'ma-jun'; // 区政府办公室 main head
const DIRECTOR = 'li-mingyuan';
const JUSTICE = 'xu-wenjie';
const FINANCE = 'yang-fan';
const EXEC = 'liu-zhiqiang';
const VICE_HEADS = ['wang-lihua', 'chen-lixin', 'zhao-wenbo', 'sun-haiyan'];

const minutes = (o: Partial<ValidMinutes> = {}): ValidMinutes => ({
  meeting: 'standing',
  heldOn: '2026-09-29',
  topics: [],
  decisions: [{ text: '同意新建城区第二小学', leadDepartment: 'education' }],
  drafter: 'gov-office',
  consulted: [],
  legal: false,
  ...o,
});

/** Recorded on the meeting day unless said otherwise. */
const record = (o: Partial<ValidMinutes> = {}, who = HE_XIN, today = '2026-09-29', items: TopicItem[] = []) =>
  ok(recordMinutes('M1', who, minutes({ heldOn: today, ...o }), items, envAt(today))).value;

const stepsOf = (m: MinutesItem) =>
  m.steps.map((s) => `${s.id}:${s.parties.join('+')}${s.deadline ? `@${s.deadline.due}` : ''}`);

/** Answers the active step as its first party. */
function next(
  m: MinutesItem,
  today: DateStr,
  answer?: 'approve' | 'reject' | 'acknowledged' | 'agree',
  comment?: string,
) {
  const s = activeStep(m)!;
  const a =
    answer ?? (s.kind === 'acknowledge' ? 'acknowledged' : s.kind === 'countersign' ? 'agree' : 'approve');
  let item = m;
  let effects: Effect[] = [];
  for (const p of s.kind === 'countersign' ? s.parties : [s.parties[0]!]) {
    const t = ok(
      decideMinutes(item, { stepId: s.id, round: item.round, actor: p, answer: a, comment }, envAt(today)),
    );
    item = t.item;
    effects = t.effects;
  }
  return { item, effects };
}

describe('minutes deadlines (RULES.md "After the meeting")', () => {
  it('§38 standing: office drafts, the vice heads read it, then the executive vice head, the head signs, 5 working days across the National Day holiday', () => {
    // Held Tuesday 9-29: 9-30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12.
    const r = record();
    expect(r.minutes.fields.issueBy).toMatchObject({ rule: '§38', due: '2026-10-12', from: '2026-09-29' });
    expect(stepsOf(r.minutes)).toEqual([
      `draft:${HE_XIN}@2026-10-12`,
      `review:${VICE_HEADS.join('+')}@2026-10-12`,
      `exec:${EXEC}@2026-10-12`,
      `sign:${HEAD}@2026-10-12`,
    ]);
    // In that order: the executive vice head is not asked before every vice head has read it.
    let m = next(r.minutes, '2026-09-29').item;
    expect(activeStep(m)).toMatchObject({ id: 'review', kind: 'countersign' });
    m = next(m, '2026-09-30').item;
    expect(activeStep(m)).toMatchObject({ id: 'exec', parties: [EXEC] });
    m = next(m, '2026-09-30').item;
    expect(activeStep(m)).toMatchObject({ id: 'sign', parties: [HEAD] });
    expect(r.effects).toContainEqual({
      type: 'ask',
      itemId: 'M1',
      stepId: 'draft',
      to: HE_XIN,
      onBehalfOf: undefined,
    });
  });

  it('§38 someone outside the office records it: the office’s main head drafts', () => {
    expect(record({}, SUN).minutes.steps[0]!.parties).toEqual([MA_JUN]);
  });

  it('§39 head’s office meeting: the requesting unit drafts, §41 justice bureau reviews within 1 working day, office checks, vice head reviews, head signs', () => {
    const r = record({ meeting: 'head_office', drafter: 'education', legal: true }, PENG, '2026-11-26');
    expect(r.minutes.fields.issueBy).toMatchObject({ rule: '§39', due: '2026-12-03' });
    expect(stepsOf(r.minutes)).toEqual([
      `draft:${PENG}@2026-12-03`,
      `legality:${JUSTICE}@2026-11-27`,
      `office:${DIRECTOR}@2026-12-03`,
      `review:${SUN}@2026-12-03`,
      `sign:${HEAD}@2026-12-03`,
    ]);
  });

  it('§41 the justice bureau’s opinion is due 1 working day after the meeting ends, not after the draft reaches it', () => {
    // The audit's case: meeting 12-17, draft at the bureau 12-22 — due 12-18 (it was shown 12-23).
    const r = record({ meeting: 'head_office', drafter: 'education', legal: true }, PENG, '2026-12-17');
    expect(r.minutes.fields.legalityBy).toMatchObject({ rule: '§41', from: '2026-12-17', due: '2026-12-18' });
    const drafted = next(r.minutes, '2026-12-22').item;
    expect(activeStep(drafted)).toMatchObject({ id: 'legality' });
    expect(activeStep(drafted)?.deadline).toMatchObject({ rule: '§41', due: '2026-12-18' });
    // Across the National Day holiday: a meeting on 9-30 → the first working day after it, 10-08.
    expect(
      record({ meeting: 'head_office', drafter: 'education', legal: true }, PENG, '2026-09-30').minutes.fields
        .legalityBy?.due,
    ).toBe('2026-10-08');
  });

  it('§40 business meeting, nothing to consult: 3 working days, the chairing vice head signs', () => {
    const r = record(
      { meeting: 'business', chair: 'wang-lihua', drafter: 'agriculture' },
      'yao-shan',
      '2026-11-26',
    );
    expect(r.minutes.fields.issueBy).toMatchObject({ rule: '§40', due: '2026-12-01' });
    expect(stepsOf(r.minutes)).toEqual(['draft:yao-shan@2026-12-01', 'sign:wang-lihua@2026-12-01']);
  });

  it('§40 business meeting with consultation: 5 working days; departments reply in 1 working day, silence = no objection', () => {
    const r = record(
      {
        meeting: 'business',
        chair: 'wang-lihua',
        drafter: 'agriculture',
        consulted: ['finance', 'transport'],
      },
      'yao-shan',
      '2026-11-26',
    );
    expect(r.minutes.fields.issueBy).toMatchObject({ rule: '§40', due: '2026-12-03' });
    const drafted = next(r.minutes, '2026-11-26').item;
    const consult = activeStep(drafted)!;
    expect(consult).toMatchObject({ id: 'consult', parties: [FINANCE, 'ye-qing'], silence: 'no_objection' });
    expect(consult.deadline).toMatchObject({ rule: '§40', due: '2026-11-27' });
    const closed = ok(expire(drafted, envAt('2026-11-30'))!).item;
    expect(activeStep(closed)?.id).toBe('sign');
    expect(closed.steps[1]!.responses.map((x) => x.answer)).toEqual([
      'no_objection_deadline',
      'no_objection_deadline',
    ]);
  });
});

describe('§56 funds approved at the meeting', () => {
  it('§56 signing the minutes starts a 5-working-day payment step for the finance bureau', () => {
    const r = record(
      { decisions: [{ text: '拨付建设资金', leadDepartment: 'education', funds: 500_000 }] },
      HE_XIN,
      '2026-11-26',
    );
    expect(stepsOf(r.minutes).at(-1)).toBe(`pay:${FINANCE}`);
    let m = next(r.minutes, '2026-11-26').item; // drafted
    m = next(m, '2026-11-27').item; // read by every vice head
    m = next(m, '2026-11-27').item; // then by the executive vice head
    const signed = next(m, '2026-11-30'); // signed on Monday
    m = signed.item;
    expect(m.fields.issuedOn).toBe('2026-11-30');
    expect(activeStep(m)).toMatchObject({ id: 'pay', parties: [FINANCE] });
    expect(activeStep(m)!.deadline).toMatchObject({ rule: '§56', due: '2026-12-07' });
    expect(signed.effects).toContainEqual({
      type: 'inform',
      itemId: 'M1',
      to: { chat: 'governmentOffice' },
      about: 'issued',
    });
    expect(signed.effects).toContainEqual({
      type: 'inform',
      itemId: 'M1',
      to: { chat: 'supervision' },
      about: 'issued',
    });
    const paid = next(m, '2026-12-02').item;
    expect(paid).toMatchObject({ status: 'approved', fields: { paidOn: '2026-12-02' } });
  });

  it('no funds, no payment step; decisions keep the shape instructions are made from', () => {
    const r = record();
    expect(r.minutes.steps.some((s) => s.id === 'pay')).toBe(false);
    expect(r.minutes.fields.decisions).toEqual([
      { text: '同意新建城区第二小学', leadDepartment: 'education' },
    ]);
  });
});

describe('recording a meeting', () => {
  const scheduled = (): TopicItem => {
    let t = ok(
      submitTopic(
        'T1',
        CAO,
        {
          meeting: 'standing',
          unit: 'education',
          title: '新建小学',
          background: 'a',
          problems: 'b',
          matters: 'c',
          solution: 'd',
          recommendation: 'e',
          affected: [],
          legal: false,
          major: false,
          attachments: [],
        },
        envAt('2026-11-20'),
      ),
    ).item;
    for (const date of [undefined, undefined, '2026-11-26']) {
      const s = activeStep(t)!;
      t = ok(
        decideTopic(
          t,
          { stepId: s.id, round: 1, actor: s.parties[0]!, answer: 'approve' },
          envAt('2026-11-20'),
          date,
        ),
      ).item;
    }
    return t;
  };

  const input = (o: MinutesInput = {}): MinutesInput => ({
    meeting: 'standing',
    heldOn: '2026-11-26',
    topics: ['T1'],
    decisions: [{ text: '同意', lead: 'education', funds: '50万元' }, { text: '' }],
    ...o,
  });

  it('takes the topics off the agenda and keeps what was decided', () => {
    const topic = scheduled();
    const v = ok(validateMinutes(input(), [topic], '2026-11-26', org)).value;
    expect(v).toMatchObject({
      topics: [{ id: 'T1', title: '新建小学', unit: 'education' }],
      decisions: [
        {
          text: '同意',
          leadDepartment: 'education',
          funds: 500_000,
          due: { class: 'ordinary' },
          topic: 'T1',
        },
      ],
      drafter: 'gov-office',
    });
    const r = ok(recordMinutes('M1', HE_XIN, v, [topic], envAt('2026-11-26'))).value;
    expect(r.topics.map((t) => [t.item.id, t.item.fields.heldIn])).toEqual([['T1', 'M1']]);
  });

  it.each([
    [{ heldOn: '2026-11-27' }, '还没到'],
    [{ meeting: 'head_office' }, '是区政府常务会议的议题'],
    [{ topics: ['T9'] }, 'T9 不在待上会的议题中'],
    [{ decisions: [] }, '请至少填写一项议定事项'],
    [{ decisions: [{ text: '拨款', lead: 'education', funds: '很多' }] }, '不是有效金额'],
    [{ decisions: [{ text: '拨款' }] }, '第1项议定事项请填写牵头单位（§56 明确责任单位）'],
    [{ decisions: [{ text: '落实', lead: 'education', due: '下周' }] }, '办结时限“下周”看不懂'],
    [{ decisions: [{ text: '落实', lead: 'education', due: '2026-11-20' }] }, '已经过去'],
    [{ decisions: [{ text: '落实', lead: 'education', co: ['nowhere'] }] }, '协办单位“nowhere”'],
    [{ decisions: [{ text: '落实', lead: 'education', topic: 'T7' }] }, 'T7 不是本次会议研究的议题'],
    [
      { meeting: 'head_office', topics: [], decisions: [{ text: '拨款', lead: 'education', funds: '50' }] },
      '只适用于区政府常务会议审议决定的资金事项（§56）',
    ],
    [{ decisions: [{ lead: 'education' }] }, '第1项议定事项缺少内容'],
    [{ meeting: 'business', topics: [] }, '主持会议的副区长'],
  ] as Array<[MinutesInput, string]>)('refuses %o: %s', (o, problem) => {
    const r = validateMinutes(input(o), [scheduled()], '2026-11-26', org);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toContain(problem);
  });

  it.each([
    ['50', 500_000],
    ['12.5万元', 125_000],
    [' 3 万 ', 30_000],
    ['abc', undefined],
    ['-5', undefined],
  ])('funds typed as %s 万元 → %s 元', (raw, yuan) => {
    expect(parseFundsWan(raw)).toBe(yuan);
  });

  it('after a send-back the route runs again, still due by the issue day', () => {
    let m = record({}, HE_XIN, '2026-11-26').minutes;
    m = next(m, '2026-11-26').item;
    m = next(m, '2026-11-27').item;
    m = next(m, '2026-11-27').item;
    const back = next(m, '2026-11-30', 'reject', '第2项表述不准确').item;
    expect(back.status).toBe('rejected');
    const again = ok(resubmitMinutes(back, HE_XIN, envAt('2026-12-01'))).item;
    expect(again.round).toBe(2);
    expect(stepsOf(again)).toEqual([
      `draft:${HE_XIN}@2026-12-03`,
      `review:${VICE_HEADS.join('+')}@2026-12-03`,
      `exec:${EXEC}@2026-12-03`,
      `sign:${HEAD}@2026-12-03`,
    ]);
  });
});
