import { describe, expect, it } from 'vitest';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import type { InstructionItem } from '../../src/domain/instruction/types.ts';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';
import type { Harness } from '../helpers/harness.ts';
import { writeOtherOrg } from '../helpers/other-org.ts';

// Issue 12, point 1: nobody decides their own case — not directly, not on anyone's behalf (§8).
// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');

const HEAD = 'zhou-jianguo'; // 周建国
const EXEC = 'liu-zhiqiang'; // 常务副区长, no AB partner
const DESIGNATED = 'wang-lihua'; // presides when head and executive vice head are both away
const ZHAO = 'zhao-wenbo'; // AB partner of sun-haiyan
const SUN = 'sun-haiyan'; // supervises education

/** The cards in someone's chat that carry a button answering a step of `itemId`. */
function stepCards(h: Harness, who: string, itemId: string) {
  return cardsIn(h, who).filter((m) =>
    buttons(h.lark.currentContent(m.messageId)).some((b) => {
      const v = (b.behaviors as Array<{ value: { item?: string; step?: string } }>)[0]?.value;
      return v?.item === itemId && v.step !== undefined;
    }),
  );
}

function onlyStepCard(h: Harness, who: string, itemId: string) {
  const cards = stepCards(h, who, itemId);
  expect(cards, `${who} holds one card of ${itemId}`).toHaveLength(1);
  return { messageId: cards[0]!.messageId, content: h.lark.currentContent(cards[0]!.messageId) };
}

/** A tap by `who` on someone else's card (a forged or forwarded tap): refused, nothing changes. */
async function expectOwnCaseRefused(h: Harness, who: string, card: { messageId: string; content: unknown }) {
  const id = (buttonValue(card.content, '同意').item as string) ?? '';
  const before = JSON.stringify(h.store.data.items[id]);
  const r = await tap(h, who, card.messageId, buttonValue(card.content, '同意'));
  expect(r.toast.type).toBe('warning');
  expect(r.toast.content).toContain('回避');
  expect(JSON.stringify(h.store.data.items[id])).toBe(before);
}

describe('the example district', () => {
  const { h, clock } = harnessEachTest(NOW);
  const item = (id: string) => h.store.data.items[id] as WorkflowItem;

  it('head away: the executive vice head’s own leave goes to the designated vice head, never to himself', async () => {
    await h.say(HEAD, '/请假 11月26日至12月4日 北京 参加培训'); // recorded at once: away from today
    expect(item('Q0001').status).toBe('recorded');
    await h.say(EXEC, '/请假 11月30日至12月2日 上海 招商活动');
    expect(item('Q0002').steps[0]!.parties).toEqual([HEAD]);

    expect(stepCards(h, EXEC, 'Q0002')).toHaveLength(0);
    const card = onlyStepCard(h, DESIGNATED, 'Q0002');
    expect(cardText(card.content)).toContain('周建国');
    await expectOwnCaseRefused(h, EXEC, card);

    const ok = await tap(h, DESIGNATED, card.messageId, buttonValue(card.content, '同意'));
    expect(ok.toast.content).toBe('已同意（代 周建国）');
    expect(item('Q0002').steps[0]!.responses[0]).toMatchObject({ actor: DESIGNATED, onBehalfOf: HEAD });
  });

  it('head and executive vice head away: the designated vice head’s own leave waits for the head', async () => {
    await h.say(HEAD, '/请假 11月26日至12月4日 北京 参加培训');
    await h.say(EXEC, '/请假 11月27日至12月2日 上海 招商活动');
    const execCard = onlyStepCard(h, DESIGNATED, 'Q0002');
    await tap(h, DESIGNATED, execCard.messageId, buttonValue(execCard.content, '同意'));
    expect(item('Q0002').status).toBe('approved');

    clock.now = new Date('2026-11-27T09:00:00+08:00'); // both away now
    await h.say(DESIGNATED, '/请假 11月30日 大连 调研');
    expect(stepCards(h, DESIGNATED, 'Q0003')).toHaveLength(0);
    const card = onlyStepCard(h, HEAD, 'Q0003');
    await expectOwnCaseRefused(h, DESIGNATED, card);
    expect(item('Q0003').status).toBe('in_progress');
    // /我的待办 of the designated vice head does not list her own leave.
    await h.say(DESIGNATED, '/我的待办');
    expect(cardText(cardsIn(h, DESIGNATED).at(-1)?.content)).toContain('目前没有等待您办理的事项');
  });

  it('a vice head’s topic for a unit of their absent AB partner: the review goes to the head, not to them', async () => {
    await h.say(SUN, '/请假 11月26日至12月4日 大连 招商活动');
    const leave = onlyStepCard(h, HEAD, 'Q0001');
    await tap(h, HEAD, leave.messageId, buttonValue(leave.content, '同意'));

    await h.say(ZHAO, '/议题');
    const form = cardsIn(h, ZHAO).at(-1)!;
    const filed = await tap(h, ZHAO, form.messageId, buttonValue(form.content, '提交'), {
      meeting: 'head_office',
      unit: 'education',
      title: '关于城南学校选址的请示',
      background: '学位缺口约600个。',
      problems: '用地未落实。',
      matters: '选址。',
      solution: '城南片区新建。',
      recommendation: '尽快研究。',
      legal: 'no',
      major: 'no',
    });
    expect(filed.toast.type).toBe('success');
    const id = /T\d{4}/.exec(filed.toast.content)![0];
    expect(stepCards(h, ZHAO, id)).toHaveLength(0);
    const card = onlyStepCard(h, HEAD, id);
    expect(cardText(card.content)).toContain('代 孙海燕');
    await expectOwnCaseRefused(h, ZHAO, card);
  });

  it('a vice head who records the business meeting they chaired does not sign its minutes: the AB partner does', async () => {
    await h.say(ZHAO, '/会议纪要');
    const form = cardsIn(h, ZHAO).at(-1)!;
    const r = await tap(h, ZHAO, form.messageId, buttonValue(form.content, '登记并开始纪要流程'), {
      meeting: 'business',
      heldOn: '2026-11-25 +0800',
      chair: ZHAO,
      drafter: 'emergency',
      decision1: '开展冬季安全生产大检查',
      lead1: '区应急管理局',
    });
    expect(r.toast.type, r.toast.content).toBe('success');
    const draft = onlyStepCard(h, 'kong-wu', 'M0001'); // 区应急管理局 main head drafts
    await tap(h, 'kong-wu', draft.messageId, buttonValue(draft.content, '纪要已起草，送审'));
    expect(stepCards(h, ZHAO, 'M0001')).toHaveLength(0);
    const sign = onlyStepCard(h, SUN, 'M0001');
    await expectOwnCaseRefused(h, ZHAO, sign);
    const ok = await tap(h, SUN, sign.messageId, buttonValue(sign.content, '同意'));
    expect(ok.toast.content).toBe('已同意（代 赵文博）');
  });
});

describe('another district (the executive vice head has an AB partner; the office director heads the office)', () => {
  const orgFile = writeOtherOrg();
  const { h } = harnessEachTest(NOW, { orgFile });
  const OFFICE = '区政府办公室（区外事办公室）';

  it('head away: the executive vice head’s own leave goes to the designated vice head, not to him or his partner', async () => {
    await h.say('o-head', '/请假 11月26日至12月4日 北京 参加培训');
    await h.say('o-exec', '/请假 11月30日至12月2日 上海 招商活动');
    expect(stepCards(h, 'o-exec', 'Q0002')).toHaveLength(0);
    expect(stepCards(h, 'o-v1', 'Q0002')).toHaveLength(0);
    const card = onlyStepCard(h, 'o-v2', 'Q0002');
    await expectOwnCaseRefused(h, 'o-exec', card);
    const ok = await tap(h, 'o-v2', card.messageId, buttonValue(card.content, '同意'));
    expect(ok.toast.content).toContain('已同意（代 ');
  });

  it('the office director, also the office’s main head, neither approves nor closes out his own report', async () => {
    await h.say('o-v4', `/批示 牵头:${OFFICE} 请梳理外事接待工作制度`);
    const ack = cardsIn(h, 'o-director').find((m) => cardText(m.content).includes('签收即表示'))!;
    await tap(h, 'o-director', ack.messageId, buttonValue(ack.content, '签收'), {
      responsible: 'o-director',
    });
    await h.say('o-director', '/反馈 I0001 办结 已完成制度梳理');
    expect(h.lastText('o-director')).toContain('不能自行审定');
    // The office is supervised by the executive vice head: he reviews the director's own report.
    const review = cardsIn(h, 'o-exec').find((m) => cardText(m.content).includes('审定通过并上报'))!;
    await tap(h, 'o-exec', review.messageId, buttonValue(review.content, '审定通过并上报'));
    const group = h.org.chat('supervision').chatId;
    const overview = cardsIn(h, group)
      .map((m) => ({ messageId: m.messageId, content: h.lark.currentContent(m.messageId) }))
      .find((m) => cardText(m.content).includes('待验收'))!;
    const own = await tap(h, 'o-director', overview.messageId, buttonValue(overview.content, '验收销号'));
    expect(own.toast.content).toContain('回避');
    expect((h.store.data.items.I0001 as InstructionItem).status).toBe('in_progress');
    const ok = await tap(h, 'u2-d1', overview.messageId, buttonValue(overview.content, '验收销号'));
    expect(ok.toast.type).toBe('success');
    expect((h.store.data.items.I0001 as InstructionItem).fields.parts[0]!.reports[0]!.verdict).toMatchObject({
      by: 'u2-d1',
      capacity: 'supervision',
    });
  });
});
