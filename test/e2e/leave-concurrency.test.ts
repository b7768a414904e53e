import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopicItem } from '../../src/domain/topic/types.ts';
import { buttonValue, cardsIn, tap } from '../helpers/cards.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const NOW = new Date('2026-11-26T10:00:00+08:00');
const SUBMITTER = 'cao-min'; // 区教育局 main head
const FINANCE = 'yang-fan'; // 区财政局 main head
const HR = 'du-qiang'; // 区人力资源和社会保障局 main head
const JUSTICE = 'xu-wenjie'; // 区司法局: the legality review after the consultation (§25)
const DEPT_HEAD = 'cao-min';
const VICE_HEAD = 'sun-haiyan';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ clock: () => NOW });
});
afterEach(async () => {
  await h.stop();
});

/** A standing-meeting topic filed through /议题 and its form: finance and HR are consulted (§38, §50). */
async function fileTopic(): Promise<TopicItem> {
  await h.say(SUBMITTER, '/议题');
  const form = cardsIn(h, SUBMITTER).at(-1)!;
  const ok = await tap(h, SUBMITTER, form.messageId, buttonValue(form.content, '提交'), {
    meeting: 'standing',
    unit: 'education',
    title: '关于新建城区第二小学的请示',
    background: '城区适龄儿童逐年增加，现有学位缺口约600个。',
    problems: '现有三所小学均超员，大班额问题突出。',
    matters: '建设用地划拨和建设资金安排。',
    solution: '在城南片区新建一所36班小学，2027年开工。',
    recommendation: '列入2027年区级重点项目。',
    affected: ['finance', 'human-resources'],
    legal: 'yes',
    major: 'no',
  });
  expect(ok.toast).toEqual({ type: 'success', content: '已提交 T0001' });
  return h.store.data.items.T0001 as TopicItem;
}

describe('taps at the same moment', () => {
  it('§50 two different approvers tapping a countersign at the same moment both count, once each', async () => {
    const filed = await fileTopic();
    expect(filed.steps[0]).toMatchObject({ id: 'consult', kind: 'countersign', parties: [FINANCE, HR] });
    const [a] = cardsIn(h, FINANCE);
    const [b] = cardsIn(h, HR);
    const [ra, rb] = await Promise.all([
      tap(h, FINANCE, a!.messageId, buttonValue(a!.content, '同意')),
      tap(h, HR, b!.messageId, buttonValue(b!.content, '原则同意（附意见）'), {
        comment: '请核定教师编制',
      }),
    ]);
    await h.settle();
    expect([ra.toast.type, rb.toast.type]).toEqual(['success', 'success']);
    const item = h.store.data.items.T0001 as TopicItem;
    const consult = item.steps.find((s) => s.id === 'consult')!;
    expect(consult.responses.map((r) => [r.party, r.answer]).sort()).toEqual([
      [HR, 'agree_with_comments'],
      [FINANCE, 'agree'],
    ]);
    expect(consult.status).toBe('done');
    expect(item.trail.filter((t) => t.stepId === 'consult')).toHaveLength(2);
    // The route moved on once, not once per tap: one legality review, one card for it.
    expect(item.steps.filter((s) => s.status === 'active').map((s) => s.id)).toEqual(['legality']);
    expect(cardsIn(h, JUSTICE)).toHaveLength(1);
  });

  it('20 simultaneous taps by the assignee on one approval card make exactly one decision', async () => {
    await h.say(DEPT_HEAD, '/请假 12月1日至12月3日 北京 参加培训');
    const [card] = cardsIn(h, VICE_HEAD);
    const approve = buttonValue(card!.content, '同意');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => tap(h, VICE_HEAD, card!.messageId, approve)),
    );
    expect(answers.filter((r) => r.toast.type === 'success')).toHaveLength(1);
    expect(answers.filter((r) => r.toast.content.includes('已经办理过了'))).toHaveLength(19);
    const leave = h.store.data.items.Q0001!;
    expect(leave.steps[0]!.responses).toHaveLength(1);
    expect(leave.trail.filter((t) => t.action === 'approve')).toHaveLength(1);
    expect(cardsIn(h, 'zhou-jianguo')).toHaveLength(1);
  });
});
