import { describe, expect, it } from 'vitest';
import { DUPLICATE_TAP } from '../../src/bot/replies.ts';
import { buttonValue, cardsIn, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';

// Issue 12, point 3: a form or a tap takes effect once. Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const LEADER = 'chen-lixin';

const { h } = harnessEachTest(NOW);
const ids = () => Object.keys(h.store.data.items).sort();

async function formOf(who: string, command: string) {
  await h.say(who, command);
  const c = cardsIn(h, who).at(-1)!;
  return { messageId: c.messageId, content: c.content, chatId: `oc_p2p_${h.who(who).openId}` };
}

const INSTRUCTION = {
  text: '请研究老旧小区改造资金缺口问题',
  lead: 'finance',
  co: ['housing', 'transport'],
  class: 'ordinary',
};
const TOPIC = {
  meeting: 'standing',
  unit: 'education',
  title: '关于新建城区第二小学的请示',
  background: '学位缺口约600个。',
  problems: '现有小学均超员。',
  matters: '建设用地和资金。',
  solution: '城南新建一所小学。',
  recommendation: '列入重点项目。',
  affected: ['finance'],
  legal: 'no',
  major: 'no',
};

describe('one form message files at most once', () => {
  it('the /批示 form delivered again with a fresh event_id and the same callback token issues nothing new', async () => {
    const form = await formOf(LEADER, '/批示');
    const value = buttonValue(form.content, '交办');
    const operator = h.who(LEADER).openId;
    const first = await h.events.tapCard({
      operator,
      messageId: form.messageId,
      chatId: form.chatId,
      value,
      formValue: INSTRUCTION,
    });
    await h.settle();
    expect((first.response.json as { toast: { type: string } }).toast.type).toBe('success');
    const sent = h.lark.messages.length;
    const again = await h.events.tapCard({
      operator,
      messageId: form.messageId,
      chatId: form.chatId,
      value,
      formValue: INSTRUCTION,
      token: first.token,
    });
    await h.settle();
    expect((again.response.json as { toast: { content: string } }).toast.content).toBe(DUPLICATE_TAP);
    expect(ids()).toEqual(['I0001']);
    expect(h.lark.messages).toHaveLength(sent);
  });

  it('the /批示 form tapped again (a new tap, a new token) is answered “已提交为 I0001” and changes nothing', async () => {
    const form = await formOf(LEADER, '/批示');
    const value = buttonValue(form.content, '交办');
    await tap(h, LEADER, form.messageId, value, INSTRUCTION);
    const sent = h.lark.messages.length;
    const before = JSON.stringify(h.store.data.items);
    const again = await tap(h, LEADER, form.messageId, value, INSTRUCTION);
    expect(again.toast).toEqual({ type: 'info', content: '已提交为 I0001，无需重复提交。' });
    expect(JSON.stringify(again.card?.data)).toContain('I0001');
    expect(ids()).toEqual(['I0001']);
    expect(JSON.stringify(h.store.data.items)).toBe(before);
    expect(h.lark.messages).toHaveLength(sent);
  });

  it('two taps of one /批示 form at the same moment issue one instruction', async () => {
    const form = await formOf(LEADER, '/批示');
    const value = buttonValue(form.content, '交办');
    const operator = h.who(LEADER).openId;
    const both = await Promise.all(
      [1, 2].map(() =>
        h.events.tapCard({
          operator,
          messageId: form.messageId,
          chatId: form.chatId,
          value,
          formValue: INSTRUCTION,
        }),
      ),
    );
    await h.settle();
    const toasts = both.map((r) => (r.response.json as { toast: { content: string } }).toast.content);
    expect(toasts.filter((t) => t.includes('已提交为 I0001'))).toHaveLength(1);
    expect(ids()).toEqual(['I0001']);
  });

  it('a topic form tapped twice files T0001 once, with one set of approval cards', async () => {
    const form = await formOf('cao-min', '/议题');
    const value = buttonValue(form.content, '提交');
    const ok = await tap(h, 'cao-min', form.messageId, value, TOPIC);
    expect(ok.toast.content).toBe('已提交 T0001');
    const cards = h.lark.messages.length;
    const again = await tap(h, 'cao-min', form.messageId, value, TOPIC);
    expect(again.toast.content).toBe('已提交为 T0001，无需重复提交。');
    expect(ids()).toEqual(['T0001']);
    expect(h.lark.messages).toHaveLength(cards);
  });

  it('a leave form and a meeting-record form tapped twice file once each', async () => {
    const leave = await formOf('cao-min', '/请假');
    const leaveValues = {
      type: 'out_of_city',
      start: '2026-12-07 +0800',
      end: '2026-12-08 +0800',
      destination: '北京',
      reason: '培训',
    };
    await tap(h, 'cao-min', leave.messageId, buttonValue(leave.content, '提交'), leaveValues);
    const again = await tap(h, 'cao-min', leave.messageId, buttonValue(leave.content, '提交'), leaveValues);
    expect(again.toast.content).toBe('已提交为 Q0001，无需重复提交。');

    const minutes = await formOf('he-xin', '/会议纪要');
    const minutesValues = {
      meeting: 'standing',
      heldOn: '2026-11-25 +0800',
      decision1: '开展冬季安全生产大检查',
      lead1: '区应急管理局',
    };
    const submit = buttonValue(minutes.content, '登记并开始纪要流程');
    const first = await tap(h, 'he-xin', minutes.messageId, submit, minutesValues);
    const id = /M\d{4}/.exec(first.toast.content)![0];
    const second = await tap(h, 'he-xin', minutes.messageId, submit, minutesValues);
    expect(second.toast.content).toBe(`已提交为 ${id}，无需重复提交。`);
    expect(ids().filter((x) => x.startsWith('M'))).toEqual([id]);
  });
});
