import { describe, expect, it } from 'vitest';
import { DUPLICATE_TAP } from '../../src/bot/replies.ts';
import type { LeaveItem } from '../../src/domain/leave/types.ts';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');

const DEPT_HEAD = 'cao-min'; // 区教育局 主要负责人
const VICE_HEAD = 'sun-haiyan'; // supervises education; AB partner zhao-wenbo
const PARTNER = 'zhao-wenbo';
const HEAD = 'zhou-jianguo';

const { h, clock } = harnessEachTest(NOW);

const item = (id: string) => h.store.data.items[id] as LeaveItem;

describe('§71 leave of a department main head, end to end', () => {
  it('goes supervising vice head → head; every card is patched; the office group has the filing', async () => {
    await h.say(DEPT_HEAD, '/请假 12月1日至12月3日 北京 参加省厅培训');
    expect(h.lastText(DEPT_HEAD)).toContain('已提交请假申请 Q0001');
    const leave = item('Q0001');
    expect(leave.fields).toMatchObject({
      start: '2026-12-01',
      end: '2026-12-03',
      destination: '北京',
      late: false,
    });

    const [tracker] = cardsIn(h, DEPT_HEAD);
    expect(cardText(tracker!.content)).toContain('分管副区长审批');
    const officeChat = h.org.chat('governmentOffice').chatId;
    const [filing] = cardsIn(h, officeChat);
    expect(cardText(filing!.content)).toContain('参加省厅培训');

    // The vice head's card shows everything needed and the two buttons.
    const [vhCard] = cardsIn(h, VICE_HEAD);
    const vhText = cardText(vhCard!.content);
    expect(vhText).toMatch(/12月1日（周二）至12月3日（周四），共3天/);
    expect(vhText).toContain('北京');
    expect(vhText).toContain('距出行5天');
    const approve = buttonValue(vhCard!.content, '同意');

    // Someone else tapping the vice head's card is refused and nothing changes.
    const before = JSON.stringify(item('Q0001'));
    const wrong = await tap(h, HEAD, vhCard!.messageId, approve);
    expect(wrong.toast.type).toBe('warning');
    expect(wrong.toast.content).toContain('不是这一步的办理人');
    expect(JSON.stringify(item('Q0001'))).toBe(before);

    // The vice head approves; the same tap delivered twice counts once.
    const ok = await tap(h, VICE_HEAD, vhCard!.messageId, approve);
    expect(ok.toast).toEqual({ type: 'success', content: '已同意' });
    const again = await tap(h, VICE_HEAD, vhCard!.messageId, approve, undefined, { eventId: ok.eventId });
    // The transport's de-duplication answers, not the engine (whose refusal says 已经办理过了).
    expect(again.toast).toEqual({ type: 'info', content: DUPLICATE_TAP });
    expect(item('Q0001').steps[0]!.responses).toHaveLength(1);
    expect(buttons(h.lark.currentContent(vhCard!.messageId))).toHaveLength(0);

    // Now the head.
    const [headCard] = cardsIn(h, HEAD);
    const headOk = await tap(h, HEAD, headCard!.messageId, buttonValue(headCard!.content, '同意'));
    expect(headOk.toast.type).toBe('success');
    expect(item('Q0001').status).toBe('approved');

    // Every copy patched to the final state: no buttons, who decided.
    for (const id of [vhCard!.messageId, headCard!.messageId, tracker!.messageId, filing!.messageId]) {
      const c = h.lark.currentContent(id);
      expect(buttons(c).filter((b) => (b.text as { content: string }).content !== '撤回申请')).toHaveLength(
        0,
      );
      expect(cardText(c)).toContain('已通过');
      expect(cardText(c)).toMatch(/孙海燕 \*\*同意\*\*/);
    }
    expect(h.lastText(DEPT_HEAD)).toContain('已获批准');

    // A tap on the stale card says what already happened and changes nothing.
    const stale = await tap(h, VICE_HEAD, vhCard!.messageId, approve);
    expect(stale.toast.content).toContain('已经办理过了');
    expect(item('Q0001').trail.filter((t) => t.action === 'approve')).toHaveLength(2);
  });

  it('§71 department head filing 2 days ahead is accepted and marked late on every card', async () => {
    await h.say(DEPT_HEAD, '/请假 11月28日 沈阳 汇报工作');
    expect(item('Q0001').fields).toMatchObject({ late: true, advanceDays: 2 });
    const [vhCard] = cardsIn(h, VICE_HEAD);
    expect(cardText(vhCard!.content)).toContain('迟报');
    expect(cardText(cardsIn(h, h.org.chat('governmentOffice').chatId)[0]!.content)).toContain('迟报');
  });

  it('§8 while a vice head is away their AB partner approves, recorded as on their behalf (代批)', async () => {
    // The vice head files leave covering 12-01…12-05; the head approves it.
    await h.say(VICE_HEAD, '/请假 11月30日至12月5日 大连 招商活动');
    const [headCard] = cardsIn(h, HEAD);
    await tap(h, HEAD, headCard!.messageId, buttonValue(headCard!.content, '同意'));
    expect(item('Q0001').status).toBe('approved');
    expect(h.lastText(PARTNER)).toContain('由您代行');

    // On 12-01 a department head under that vice head files leave: the step goes to the AB partner.
    clock.now = new Date('2026-12-01T09:00:00+08:00');
    await h.say(DEPT_HEAD, '/请假 12月10日至12月11日 北京 学习');
    const [partnerCard] = cardsIn(h, PARTNER);
    expect(cardText(partnerCard!.content)).toContain(`代 孙海燕`);
    const r = await tap(h, PARTNER, partnerCard!.messageId, buttonValue(partnerCard!.content, '同意'));
    expect(r.toast.content).toBe('已同意（代 孙海燕）');
    const step = item('Q0002').steps[0]!;
    expect(step.responses[0]).toMatchObject({
      party: VICE_HEAD,
      actor: PARTNER,
      onBehalfOf: VICE_HEAD,
      answer: 'approve',
    });
    expect(cardText(h.lark.currentContent(partnerCard!.messageId))).toContain('赵文博（代 孙海燕） **同意**');
  });
});
