import { describe, expect, it } from 'vitest';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');

const HOUSING = { head: 'su-gang', deputy: 'lv-ping', staff: 'ding-kai' }; // 区住建局, under chen-lixin
const VICE_HEAD = 'chen-lixin'; // AB partner wang-lihua
const PARTNER = 'wang-lihua';
const HEAD = 'zhou-jianguo';

const { h, clock } = harnessEachTest(NOW);

const lastCard = (who: string) => cardsIn(h, who).at(-1)!;

describe('/我的待办: every step waiting on me, across workflows, oldest first', () => {
  it('lists a leave approval and an instruction’s 签收; 打开 re-sends the step card; someone else’s tap is refused', async () => {
    await h.say(HOUSING.staff, '/请假 12月10日 本市 家中有事'); // staff → the department's main head approves
    clock.now = new Date('2026-11-26T11:00:00+08:00');
    await h.say(VICE_HEAD, '/批示 牵头:区住建局 核查背街小巷路灯');

    await h.say(HOUSING.head, '/我的待办');
    const todo = lastCard(HOUSING.head);
    const text = cardText(todo.content);
    expect(text).toContain('我的待办（2项）');
    expect(text.indexOf('Q0001')).toBeLessThan(text.indexOf('I0002')); // oldest first
    expect(text).toContain('单位主要负责人审批');
    expect(text).toContain('区住房和城乡建设局签收');
    expect(buttons(todo.content)).toHaveLength(2);

    // Tapping 打开 on the instruction sends its 签收 card again; signing from it works.
    const open = buttons(todo.content)[1]!;
    const value = (open.behaviors as Array<{ value: Record<string, unknown> }>)[0]!.value;
    const before = cardsIn(h, HOUSING.head).length;
    const r = await tap(h, HOUSING.head, todo.messageId, value);
    expect(r.toast).toMatchObject({ type: 'success' });
    expect(cardsIn(h, HOUSING.head)).toHaveLength(before + 1);
    const ack = lastCard(HOUSING.head);
    expect(cardText(ack.content)).toContain('签收即表示');
    await tap(h, HOUSING.head, ack.messageId, buttonValue(ack.content, '签收'), {
      responsible: HOUSING.head,
    });

    // Someone the step does not wait on cannot open it from a forwarded card.
    const leaveValue = (buttons(todo.content)[0]!.behaviors as Array<{ value: Record<string, unknown> }>)[0]!
      .value;
    const stranger = await tap(h, HOUSING.deputy, todo.messageId, leaveValue);
    expect(stranger.toast).toMatchObject({ type: 'warning' });
    expect(stranger.toast.content).toContain('不在您的待办中');

    // Now the instruction waits on him for its report instead of the 签收.
    await h.say(HOUSING.head, '/我的待办');
    const again = cardText(lastCard(HOUSING.head).content);
    expect(again).toContain('区住房和城乡建设局报送办理情况');
    expect(again).not.toContain('区住房和城乡建设局签收');

    await h.say(HOUSING.deputy, '/我的待办');
    expect(cardText(lastCard(HOUSING.deputy).content)).toContain('目前没有等待您办理的事项');
  });

  it('§8 shows the steps of an absent leader to the one acting for them', async () => {
    await h.say(VICE_HEAD, '/请假 11月26日至11月30日 沈阳 参加培训');
    const headCard = lastCard(HEAD);
    await tap(h, HEAD, headCard.messageId, buttonValue(headCard.content, '同意'));
    await h.say(HOUSING.head, '/请假 12月10日至12月11日 北京 学习');

    await h.say(PARTNER, '/我的待办');
    const text = cardText(lastCard(PARTNER).content);
    expect(text).toContain('分管副区长审批');
    expect(text).toContain('代 陈立新');
    const r = await tap(
      h,
      PARTNER,
      lastCard(PARTNER).messageId,
      buttonValue(lastCard(PARTNER).content, '打开'),
    );
    expect(r.toast.type).toBe('success');
    expect(cardText(lastCard(PARTNER).content)).toContain('代 陈立新');
  });
});
