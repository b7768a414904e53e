import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardActions } from '../../commands/index.ts';
import { INTERNAL_ERROR } from '../../src/bot/replies.ts';
import { buttonValue, cardsIn } from '../helpers/cards.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');

// Two leaves wait: Q0001 (cao-min → sun-haiyan → head) and Q0002 (xu-wenjie → zhao-wenbo → head).
// sun-haiyan edits the value of the button on her own card before tapping it.
let h: Harness;
let mine: { messageId: string; chatId: string; approve: Record<string, unknown> };
beforeAll(async () => {
  h = await startHarness({ clock: () => NOW });
  await h.say('cao-min', '/请假 12月1日至12月3日 北京 参加培训');
  await h.say('xu-wenjie', '/请假 12月2日 沈阳 汇报工作');
  const card = cardsIn(h, 'sun-haiyan')[0]!;
  mine = {
    messageId: card.messageId,
    chatId: `oc_p2p_${h.who('sun-haiyan').openId}`,
    approve: buttonValue(card.content, '同意'),
  };
});
afterAll(async () => {
  await h.stop();
});

const edits: Array<[string, (v: Record<string, unknown>) => Record<string, unknown>]> = [
  ['another item (Q0002, waiting on zhao-wenbo)', (v) => ({ ...v, item: 'Q0002' })],
  ['another step (s2, the head’s)', (v) => ({ ...v, step: 's2' })],
  ['another round (2)', (v) => ({ ...v, round: 2 })],
  ['an earlier round (0)', (v) => ({ ...v, round: 0 })],
  ['a round as text', (v) => ({ ...v, round: '1' })],
  ['another party (the head)', (v) => ({ ...v, party: 'zhou-jianguo' })],
  ['an answer the step does not have', (v) => ({ ...v, answer: 'acknowledged' })],
  ['another action (withdraw someone else’s leave)', (v) => ({ ...v, action: 'leave.withdraw' })],
  ['an unknown action', (v) => ({ ...v, action: 'admin.grant' })],
  ['an item that does not exist', (v) => ({ ...v, item: 'Q9999' })],
  ['an item named __proto__', (v) => ({ ...v, item: '__proto__' })],
  ['an item named constructor', (v) => ({ ...v, item: 'constructor' })],
  ['a step named toString', (v) => ({ ...v, step: 'toString' })],
  ['a huge item id', (v) => ({ ...v, item: 'Q'.repeat(10_000) })],
  ['no value at all', () => ({})],
];

describe('a card tap whose value was edited', () => {
  it.each(edits)('pointing at %s is refused and nothing changes', async (_label, edit) => {
    const before = JSON.stringify({ items: h.store.data.items, cards: h.store.data.cards });
    const sent = h.lark.messages.length;
    const r = await h.events.tapCard({
      operator: h.who('sun-haiyan').openId,
      messageId: mine.messageId,
      chatId: mine.chatId,
      value: edit(mine.approve),
    });
    await h.settle();
    const toast = (r.response.json as { toast?: { type: string; content: string } }).toast;
    // A refusal in words, not success and not the internal-error apology.
    expect(toast?.type, JSON.stringify(toast)).toBe('warning');
    expect(toast?.content).not.toContain(INTERNAL_ERROR('').slice(0, 12));
    expect(JSON.stringify({ items: h.store.data.items, cards: h.store.data.cards })).toBe(before);
    expect(h.lark.messages).toHaveLength(sent);
  });

  it('the unedited value still works afterwards, for its assignee only', async () => {
    const other = await h.events.tapCard({
      operator: h.who('zhao-wenbo').openId,
      messageId: mine.messageId,
      chatId: mine.chatId,
      value: mine.approve,
    });
    expect(other.response.json).toMatchObject({ toast: { type: 'warning' } });
    const r = await h.events.tapCard({
      operator: h.who('sun-haiyan').openId,
      messageId: mine.messageId,
      chatId: mine.chatId,
      value: mine.approve,
    });
    expect(r.response.json).toMatchObject({ toast: { type: 'success' } });
    await h.settle();
    expect(h.store.data.items.Q0001!.steps[0]!.responses).toMatchObject([{ actor: 'sun-haiyan' }]);
    expect(h.store.data.items.Q0002!.steps[0]!.responses).toEqual([]);
  });
});

// Item ids come from the tapped value and index a plain object: a name on Object.prototype must read
// as "no such item", for every card action the bot answers.
describe.each(cardActions.map((a) => [a.action] as const))('card action %s', (action) => {
  it.each(['__proto__', 'constructor', 'hasOwnProperty'])(
    'with item “%s” is refused in words',
    async (item) => {
      const before = JSON.stringify({ items: h.store.data.items, cards: h.store.data.cards });
      const r = await h.events.tapCard({
        operator: h.who('sun-haiyan').openId,
        messageId: mine.messageId,
        chatId: mine.chatId,
        value: { ...mine.approve, action, item, id: item },
        formValue: {},
      });
      await h.settle();
      const toast = (r.response.json as { toast?: { type: string; content: string } }).toast;
      expect(toast?.content, 'the internal-error apology').not.toContain(INTERNAL_ERROR('').slice(0, 12));
      expect(toast?.type).not.toBe('success');
      expect(JSON.stringify({ items: h.store.data.items, cards: h.store.data.cards })).toBe(before);
    },
  );
});
