import { describe, expect, it } from 'vitest';
import type { LeaveItem } from '../../src/domain/leave/types.ts';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');

const DEPT_HEAD = 'cao-min'; // 区教育局 主要负责人
const VICE_HEAD = 'sun-haiyan'; // supervises education; AB partner zhao-wenbo
const PARTNER = 'zhao-wenbo';
const HEAD = 'zhou-jianguo';
const EXEC = 'liu-zhiqiang';

const { h, clock } = harnessEachTest(NOW);

const item = (id: string) => h.store.data.items[id] as LeaveItem;
const lastCard = (who: string) => cardsIn(h, who).at(-1)!;
const chat = (kind: 'leaders' | 'governmentOffice') => h.org.chat(kind).chatId;
const texts = (who: string) =>
  h
    .inbox(who)
    .filter((m) => m.msgType === 'text')
    .map((m) => (m.content as { text: string }).text);
const picked = (d: string) => `${d} +0800`; // what Lark's date picker sends

/** Opens the /请假 form and submits it as the person would. */
async function submitForm(who: string, form: Record<string, unknown>) {
  await h.say(who, '/请假');
  const formCard = lastCard(who);
  return { formCard, r: await tap(h, who, formCard.messageId, buttonValue(formCard.content, '提交'), form) };
}

const FORM = {
  type: 'out_of_city',
  start: picked('2026-12-01'),
  end: picked('2026-12-03'),
  destination: '北京',
  reason: '参加省厅培训',
};

describe('the /请假 form card', () => {
  it('submitted with date-picker values files the leave; the form becomes the tracker', async () => {
    const { formCard, r } = await submitForm(DEPT_HEAD, FORM);
    expect(cardText(formCard.content)).toContain('§71');
    expect(r.toast).toEqual({ type: 'success', content: '已提交 Q0001' });
    expect(item('Q0001').fields).toMatchObject({
      start: '2026-12-01',
      end: '2026-12-03',
      destination: '北京',
    });
    expect(cardText(r.card!.data)).toContain('分管副区长审批');
    // The tracker lives on the form's message: patched there, not sent again.
    expect(cardsIn(h, DEPT_HEAD)).toHaveLength(1);
    expect(cardText(h.lark.currentContent(formCard.messageId))).toContain('我的请假');
    expect(cardsIn(h, VICE_HEAD)).toHaveLength(1);
  });

  it('a refused submission comes back filled with what was typed, plus the problems; nothing is filed', async () => {
    const typed = { ...FORM, start: picked('2026-11-20'), destination: '沈阳', reason: '汇报工作' };
    const { r } = await submitForm(DEPT_HEAD, typed);
    expect(r.toast.type).toBe('error');
    expect(r.toast.content).toContain('已经过去');
    const back = JSON.stringify(r.card!.data);
    expect(cardText(r.card!.data)).toContain('请修改以下内容后再提交');
    expect(back).toContain('"initial_date":"2026-11-20"');
    expect(back).toContain('"default_value":"沈阳"');
    expect(back).toContain('"default_value":"汇报工作"');
    expect(h.store.data.items).toEqual({});
  });
});

describe('withdraw, reject with a reason, resubmit', () => {
  it('the submitter withdraws before any decision; the approver card closes', async () => {
    await h.say(DEPT_HEAD, '/请假 12月1日至12月3日 北京 参加培训');
    const tracker = lastCard(DEPT_HEAD);
    const vh = lastCard(VICE_HEAD);
    const approve = buttonValue(vh.content, '同意');
    const r = await tap(h, DEPT_HEAD, tracker.messageId, buttonValue(tracker.content, '撤回申请'));
    expect(r.toast).toEqual({ type: 'success', content: '已撤回' });
    expect(item('Q0001').status).toBe('withdrawn');
    expect(buttons(h.lark.currentContent(vh.messageId))).toHaveLength(0);
    const late = await tap(h, VICE_HEAD, vh.messageId, approve);
    expect(late.toast.content).toBe('申请人已撤回该申请，无需再办理。');
  });

  it('withdrawal is refused once a leader has decided', async () => {
    await h.say(DEPT_HEAD, '/请假 12月1日至12月3日 北京 参加培训');
    const tracker = lastCard(DEPT_HEAD);
    const withdrawValue = buttonValue(tracker.content, '撤回申请');
    const vh = lastCard(VICE_HEAD);
    await tap(h, VICE_HEAD, vh.messageId, buttonValue(vh.content, '同意'));
    expect(buttons(h.lark.currentContent(tracker.messageId))).toHaveLength(0);
    const r = await tap(h, DEPT_HEAD, tracker.messageId, withdrawValue);
    expect(r.toast.content).toContain('已有领导审批，不能撤回');
    expect(item('Q0001').status).toBe('in_progress');
  });

  it('不同意 needs a reason; the reason reaches the tracker; the amended request goes round again; the trail keeps both rounds', async () => {
    await h.say(DEPT_HEAD, '/请假 12月1日至12月3日 北京 参加培训');
    const vh = lastCard(VICE_HEAD);
    const reject = buttonValue(vh.content, '不同意');

    const before = JSON.stringify(item('Q0001'));
    const bare = await tap(h, VICE_HEAD, vh.messageId, reject, { comment: '  ' });
    expect(bare.toast).toEqual({ type: 'warning', content: '选择“不同意”时请填写理由。' });
    expect(JSON.stringify(item('Q0001'))).toBe(before);

    const r = await tap(h, VICE_HEAD, vh.messageId, reject, { comment: '12月2日有全区大会，请改期' });
    expect(r.toast.content).toBe('已退回');
    expect(item('Q0001').status).toBe('rejected');
    expect(h.lastText(DEPT_HEAD)).toContain('未获批准，理由：12月2日有全区大会，请改期');
    const tracker = lastCard(DEPT_HEAD);
    const trackerNow = h.lark.currentContent(tracker.messageId);
    expect(cardText(trackerNow)).toContain('12月2日有全区大会，请改期');

    const again = await tap(h, DEPT_HEAD, tracker.messageId, buttonValue(trackerNow, '重新提交'), {
      start: '2026-12-08',
      end: '2026-12-09',
      destination: '北京',
      reason: '参加培训（改期）',
    });
    expect(again.toast).toEqual({ type: 'success', content: '已重新提交' });
    expect(item('Q0001')).toMatchObject({
      status: 'in_progress',
      round: 2,
      fields: { start: '2026-12-08', end: '2026-12-09', reason: '参加培训（改期）' },
    });
    expect(item('Q0001').trail.map((t) => [t.round, t.action, t.actor])).toEqual([
      [1, 'submit', DEPT_HEAD],
      [1, 'reject', VICE_HEAD],
      [2, 'resubmit', DEPT_HEAD],
    ]);
    expect(item('Q0001').trail[1]!.comment).toBe('12月2日有全区大会，请改期');
    const round2 = lastCard(VICE_HEAD);
    expect(round2.messageId).not.toBe(vh.messageId);
    expect(cardText(round2.content)).toContain('12月8日');
    const ok = await tap(h, VICE_HEAD, round2.messageId, buttonValue(round2.content, '同意'));
    expect(ok.toast.content).toBe('已同意');
  });

  it('an amended request that overlaps another of one’s own leave is refused; nothing changes', async () => {
    await h.say(DEPT_HEAD, '/请假 12月1日至12月3日 北京 参加培训');
    await h.say(DEPT_HEAD, '/请假 12月8日 沈阳 汇报工作');
    const vh = lastCard(VICE_HEAD);
    await tap(h, VICE_HEAD, vh.messageId, buttonValue(vh.content, '不同意'), { comment: '请改期' });
    const tracker = h.lark.currentContent(lastCard(DEPT_HEAD).messageId);
    const r = await tap(h, DEPT_HEAD, lastCard(DEPT_HEAD).messageId, buttonValue(tracker, '重新提交'), {
      start: '2026-12-03',
      end: '2026-12-04',
    });
    expect(r.toast.content).toContain('与您已报备的 Q0001 时间重叠');
    expect(item('Q0002')).toMatchObject({ status: 'rejected', round: 1 });
  });
});

describe('leaders away: notices, /在岗, /销假, /出访报告', () => {
  it('§8 §71 vice head leave: the leaders group is notified, the AB partner told; /在岗 and /销假 end the arrangement', async () => {
    await h.say(VICE_HEAD, '/请假 11月30日至12月5日 大连 招商活动');
    const headCard = lastCard(HEAD);
    await tap(h, HEAD, headCard.messageId, buttonValue(headCard.content, '同意'));
    expect(texts(chat('leaders')).at(-1)).toContain('【领导外出通报】副区长孙海燕');
    expect(texts(chat('leaders')).at(-1)).toContain('由 赵文博 代行其分管工作');
    expect(h.lastText(PARTNER)).toContain('11月30日至12月5日由您代行其分管工作（§8）');

    clock.now = new Date('2026-12-01T09:00:00+08:00');
    await h.say(DEPT_HEAD, '/在岗');
    expect(h.lastText(DEPT_HEAD)).toMatch(
      /孙海燕（副区长）离阜外出（大连），至12月5日，由 赵文博代行（AB角）/,
    );

    clock.now = new Date('2026-12-02T09:00:00+08:00');
    await h.say(VICE_HEAD, '/销假');
    expect(h.lastText(VICE_HEAD)).toContain('已销假（提前返岗）：Q0001，12月2日返岗');
    expect(h.lastText(PARTNER)).toContain('您的代行安排结束');
    await h.say(DEPT_HEAD, '/在岗');
    expect(h.lastText(DEPT_HEAD)).toContain('区政府领导均在岗');
    // Back at work that day: a new step goes to the vice head, not the partner.
    await h.say(DEPT_HEAD, '/请假 12月10日 北京 学习');
    expect(cardsIn(h, PARTNER)).toHaveLength(0);
    expect(cardText(lastCard(VICE_HEAD).content)).not.toContain('代批');
  });

  it('§8 a step already waiting on a vice head goes to the AB partner once their leave stands', async () => {
    await h.say(DEPT_HEAD, '/请假 12月7日 北京 学习');
    const waiting = lastCard(VICE_HEAD);
    await h.say(VICE_HEAD, '/请假 11月26日至11月28日 大连 招商活动');
    const headCard = lastCard(HEAD);
    await tap(h, HEAD, headCard.messageId, buttonValue(headCard.content, '同意'));
    const partnerCard = lastCard(PARTNER);
    expect(cardText(partnerCard.content)).toContain('您正代 孙海燕 办理（§8 代批）');
    const r = await tap(h, PARTNER, partnerCard.messageId, buttonValue(partnerCard.content, '同意'));
    expect(r.toast.content).toBe('已同意（代 孙海燕）');
    expect(buttons(h.lark.currentContent(waiting.messageId))).toHaveLength(0);
  });

  it('§8 the head leave is recorded; the executive vice head is told they preside', async () => {
    await h.say(HEAD, '/请假 12月1日至12月2日 沈阳 汇报工作');
    expect(item('Q0001').status).toBe('recorded');
    expect(h.lastText(EXEC)).toContain('12月1日至12月2日由您主持区政府日常工作（§8）');
    expect(texts(chat('leaders')).at(-1)).toContain('由 刘志强 主持区政府日常工作');
    expect(cardText(lastCard(chat('governmentOffice')).content)).toContain('已登记');
  });

  it('§67 after an outbound visit the trip report is owed, then filed with the government office', async () => {
    await h.say(DEPT_HEAD, '/请假 出访 12月1日至12月3日 新加坡 考察智慧教育');
    for (const who of [VICE_HEAD, HEAD]) {
      const c = lastCard(who);
      await tap(h, who, c.messageId, buttonValue(c.content, '同意'));
    }
    expect(item('Q0001').status).toBe('approved');
    await h.say(DEPT_HEAD, '/出访报告 太早了');
    expect(h.lastText(DEPT_HEAD)).toContain('没有需要提交总结的出访记录');

    clock.now = new Date('2026-12-04T09:00:00+08:00');
    await h.say(DEPT_HEAD, '/销假');
    expect(texts(DEPT_HEAD).join('\n')).toContain('提交出访工作总结（§67）');
    await h.say(DEPT_HEAD, '/出访报告 考察了三所学校的智慧教室建设');
    expect(h.lastText(DEPT_HEAD)).toContain('已提交出访工作总结（Q0001）');
    expect(texts(chat('governmentOffice')).at(-1)).toContain('【出访总结】');
    expect(texts(chat('governmentOffice')).at(-1)).toContain('考察了三所学校的智慧教室建设');
    expect(item('Q0001').fields.tripReport).toEqual({
      text: '考察了三所学校的智慧教室建设',
      filedOn: '2026-12-04',
    });
  });
});
