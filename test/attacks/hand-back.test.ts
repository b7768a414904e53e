import { describe, expect, it } from 'vitest';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';
import type { Harness } from '../helpers/harness.ts';

// Issue 12, point 4: returning from leave hands the work back. Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const HEAD = 'zhou-jianguo';
const SUN = 'sun-haiyan'; // supervises education; AB partner zhao-wenbo
const ZHAO = 'zhao-wenbo';
const DEPT_HEAD = 'cao-min'; // 区教育局

const { h, clock } = harnessEachTest(NOW);
const item = (id: string) => h.store.data.items[id] as WorkflowItem;

/** The step cards of `itemId` in someone's chat, as they look now. */
function stepCards(hh: Harness, who: string, itemId: string) {
  return cardsIn(hh, who)
    .map((m) => ({ messageId: m.messageId, content: hh.lark.currentContent(m.messageId) }))
    .filter((m) => cardText(m.content).includes(itemId) && !cardText(m.content).includes('我的请假'));
}

/** sun-haiyan away 11-30…12-02 (approved); on 12-01 a department head's leave waits on her, held by zhao-wenbo. */
async function heldByPartner() {
  await h.say(SUN, '/请假 11月30日至12月2日 大连 招商活动');
  const [headCard] = cardsIn(h, HEAD);
  await tap(h, HEAD, headCard!.messageId, buttonValue(headCard!.content, '同意'));
  clock.now = new Date('2026-12-01T09:00:00+08:00');
  await h.say(DEPT_HEAD, '/请假 12月10日至12月11日 北京 学习');
  const [partnerCard] = stepCards(h, ZHAO, 'Q0002');
  expect(cardText(partnerCard!.content)).toContain('代 孙海燕');
  expect(stepCards(h, SUN, 'Q0002')).toHaveLength(0);
  return partnerCard!;
}

describe('§8 the stand-in’s steps go back when the absence ends', () => {
  it('on /销假 the returning vice head gets the card; the partner’s copy says who holds it, without buttons', async () => {
    const partnerCard = await heldByPartner();
    await h.say(SUN, '/销假');
    expect(h.lastText(SUN)).toContain('已销假');

    const [own] = stepCards(h, SUN, 'Q0002');
    expect(own, 'sun-haiyan got the step back').toBeDefined();
    expect(buttons(own!.content).map((b) => (b.text as { content: string }).content)).toContain('同意');
    const patched = h.lark.currentContent(partnerCard.messageId);
    expect(cardText(patched)).toContain('已转由 **孙海燕** 办理');
    expect(buttons(patched)).toHaveLength(0);

    // The old card's value, replayed, is refused; the one back at work decides.
    const late = await tap(h, ZHAO, partnerCard.messageId, buttonValue(partnerCard.content, '同意'));
    expect(late.toast.type).toBe('warning');
    const ok = await tap(h, SUN, own!.messageId, buttonValue(own!.content, '同意'));
    expect(ok.toast.content).toBe('已同意');
    expect(item('Q0002').steps[0]!.responses[0]).toMatchObject({ actor: SUN });
    expect(item('Q0002').steps[0]!.responses[0]!.onBehalfOf).toBeUndefined();
  });

  it('when the absence ends by its date, the next tick hands the step back the same way', async () => {
    const partnerCard = await heldByPartner();
    clock.now = new Date('2026-12-03T08:00:00+08:00');
    await h.tick('2026-12-03T08:00:00+08:00');
    const [own] = stepCards(h, SUN, 'Q0002');
    expect(own, 'sun-haiyan got the step back').toBeDefined();
    expect(cardText(h.lark.currentContent(partnerCard.messageId))).toContain('已转由 **孙海燕** 办理');
    // A second tick sends no card of Q0002 again.
    const count = () => stepCards(h, SUN, 'Q0002').length + stepCards(h, ZHAO, 'Q0002').length;
    const before = count();
    const stored = h.store.data.items.Q0002;
    // (08:30: the 09:00 nag of a step due today is a card of its own, issue 14.)
    await h.tick('2026-12-03T08:30:00+08:00');
    expect(count()).toBe(before);
    // …and does not store the item again (a tick every minute must not rewrite every open item).
    expect(h.store.data.items.Q0002).toBe(stored);
  });
});
