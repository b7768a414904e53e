import { describe, expect, it } from 'vitest';
import { buttonValue, cardsIn, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';

// Issue 12, point 2: one message can not stall everyone. Lark gives up on a delivery after 3 s and
// sends it again; a handler that holds the event loop for seconds makes every other official wait.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const WORST = [
  `/请假 ${'一'.repeat(20_000)}`, // a legal Lark message of ~60 KB; took 5–10 s in the date parser
  `/请假 ${'1'.repeat(100_000)}`, // took 179 s
  `/批示 紧急:${'一'.repeat(20_000)} 牵头:区财政局 请研究`,
  `/延期 I0001 ${'1'.repeat(20_000)} 理由`,
];

const { h } = harnessEachTest(NOW);

describe('over-long input is refused by its length, before any parser reads it', () => {
  it('/请假 with 20,000 “一”: the limit is named, nothing is filed', async () => {
    await h.say('cao-min', WORST[0]!);
    const reply = h.lastText('cao-min');
    expect(reply).toContain('消息过长');
    expect(reply).toContain('“/请假”后面的内容最多2,100字，您发送了20,000字');
    expect(h.store.data.items).toEqual({});
  });

  it('/请假 with a line of 2,101–5,000 characters: the command’s own limit (2,100) is named', async () => {
    await h.say('cao-min', `/请假 12月1日 北京 ${'培训'.repeat(1100)}`);
    expect(h.lastText('cao-min')).toContain('“/请假”后面的内容最多2,100字，您发送了2,209字');
    expect(h.lastText('cao-min')).toContain('可只发送 /请假 打开表单填写');
    expect(h.store.data.items).toEqual({});
  });

  it('a date field of a form with 20,000 characters is refused with its limit', async () => {
    await h.say('cao-min', '/请假');
    const form = cardsIn(h, 'cao-min').at(-1)!;
    const r = await tap(h, 'cao-min', form.messageId, buttonValue(form.content, '提交'), {
      type: 'out_of_city',
      start: '一'.repeat(20_000),
      destination: '北京',
      reason: '培训',
    });
    expect(r.toast.type).toBe('error');
    expect(r.toast.content).toContain('“开始日期”最多40字，您填写了20,000字');
    expect(h.store.data.items).toEqual({});
    // A field no card input could have filled that long (inputs hold at most 1000 characters).
    const forged = await tap(h, 'cao-min', form.messageId, buttonValue(form.content, '提交'), {
      type: 'out_of_city',
      meetingKind: '1'.repeat(5000),
    });
    expect(forged.toast.content).toContain('每项最多1,000字');
    expect(h.store.data.items).toEqual({});
  });

  it('a date of 41–1,000 characters in a form is refused by the date’s own limit', async () => {
    await h.say('cao-min', '/请假');
    const form = cardsIn(h, 'cao-min').at(-1)!;
    const r = await tap(h, 'cao-min', form.messageId, buttonValue(form.content, '提交'), {
      type: 'out_of_city',
      start: '1'.repeat(900),
      destination: '北京',
      reason: '培训',
    });
    expect(r.toast.type).toBe('error');
    expect(r.toast.content).toContain('“开始日期”最多40字，您填写了900字');
    expect(h.store.data.items).toEqual({});
  });

  it('20 such messages in a row leave /我是谁 from someone else answered in < 1 s', async () => {
    const from = h.who('cao-min').openId;
    // Accepted one after another, as Lark delivers them (each answered 200 at once).
    for (let i = 0; i < 20; i++) {
      const r = await h.events.sendText({ from, chatType: 'p2p', text: WORST[i % WORST.length]! });
      expect(r.response.status).toBe(200);
    }
    // Measured from the moment the worst messages are all accepted: their handling is still queued.
    const other = h.who('xu-wenjie').openId;
    const answered = new Promise<number>((resolve) => {
      const onMessage = (m: { chatId?: string }) => {
        if (m.chatId !== `oc_p2p_${other}`) return;
        h.lark.events.off('message', onMessage);
        resolve(performance.now());
      };
      h.lark.events.on('message', onMessage);
    });
    const t0 = performance.now();
    await h.events.sendText({ from: other, chatType: 'p2p', text: '/我是谁' });
    const ms = (await answered) - t0;
    expect(h.lastText('xu-wenjie')).toContain('许文杰');
    expect(ms).toBeLessThan(1000);
    await h.settle();
    // Every one of the 20 got its refusal, and none of them changed anything.
    const refusals = h.inbox('cao-min').filter((m) => JSON.stringify(m.content).includes('消息过长'));
    expect(refusals).toHaveLength(20);
    expect(h.store.data.items).toEqual({});
  });
});
