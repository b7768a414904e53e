import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyTransition } from '../../src/bot/apply.ts';
import { createCalendar } from '../../src/domain/calendar.ts';
import { startMonthlyDocumentList } from '../../src/domain/duty.ts';
import { awayLookup } from '../../src/domain/leave/absences.ts';
import { nextId } from '../../src/store/schema.ts';
import { buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const at = (s: string) => new Date(`${s}+08:00`);
let h: Harness;
let now = at('2026-12-01T08:00:00');
beforeEach(async () => {
  now = at('2026-12-01T08:00:00');
  h = await startHarness({ clock: () => now });
});
afterEach(async () => {
  await h.stop();
});

/** A §70 list for one department, started on `day` (so its 5-working-day deadline falls where we want). */
async function dutyStartedOn(deptId: string, day: string) {
  const dept = h.org.department(deptId)!;
  const when = at(`${day}T09:00:00`);
  await h.store.transact((data) => {
    const env = {
      now: when,
      today: day,
      org: h.org,
      calendar: createCalendar(),
      away: awayLookup(Object.values(data.items)),
    };
    const t = startMonthlyDocumentList(nextId(data, 'D'), dept, '2026-10', env);
    if (!t.ok) throw new Error(t.reason);
    const out = { send() {}, reply() {}, patch() {}, urgent() {}, file() {}, queued: 0 };
    applyTransition(data, out, t.item, t.effects, { org: h.org, today: day, now: when });
  });
}

type Chart = { chart_spec: { type: string; data: { values: Array<Record<string, unknown>> } } };
function chartOf(card: unknown): Chart | undefined {
  return (card as { body: { elements: Array<{ tag: string }> } }).body.elements.find(
    (e) => e.tag === 'chart',
  ) as Chart | undefined;
}

describe('the daily digest, field by field, and the nags, through /admin/tick and the sandbox Lark', () => {
  it('lists overdue and due-today items by unit, the chart, absences with acting, and late §71 filings', async () => {
    // Older §70 lists left undone: education ×2 (due 11-09 and 11-16), justice ×1 (due 11-16).
    await dutyStartedOn('education', '2026-11-02');
    await dutyStartedOn('education', '2026-11-09');
    await dutyStartedOn('justice', '2026-11-09');
    // A list due today (2026-12-10): started 2026-12-03 for housing.
    await dutyStartedOn('housing', '2026-12-03');

    // The vice head over education is away 12-09…12-11 (approved by the head): AB partner acts.
    await h.say('sun-haiyan', '/请假 12月9日至12月11日 大连 招商活动');
    const [headCard] = cardsIn(h, 'zhou-jianguo');
    await tap(h, 'zhou-jianguo', headCard!.messageId, buttonValue(headCard!.content, '同意'));
    // A department head files late this month (§71): 2 days ahead.
    now = at('2026-12-08T10:00:00');
    await h.say('su-gang', '/请假 12月10日 沈阳 汇报工作');

    now = at('2026-12-10T08:30:00');
    await h.tick(now);
    for (const chat of ['leaders', 'supervision'] as const) {
      const digests = cardsIn(h, h.org.chat(chat).chatId).filter((m) =>
        cardText(m.content).includes('督办日报'),
      );
      expect(digests).toHaveLength(1);
      const card = digests[0]!.content as { header: { title: { content: string }; template: string } };
      expect(card.header.title.content).toBe('督办日报 · 12月10日（周四）');
      expect(card.header.template).toBe('red');
      const text = cardText(card);
      expect(text).toContain('**逾期 4 项，今天到期 1 项**');
      expect(text).toContain('按类别：请假报备 逾期1、今天到期0；报送事项 逾期3、今天到期1');
      // By unit, oldest first, naming who owes what since when.
      expect(text).toMatch(
        /\*\*区教育局\*\*（2）\n- 曹敏：区教育局 2026年10月上级来文目录 · 报送上月上级部门来文目录（D0001，11月2日起，11月9日到期，逾期\d+个工作日，§70）\n- 曹敏：.*（D0002，11月9日起，11月16日到期/,
      );
      expect(text).toMatch(/\*\*区司法局\*\*（1）\n- 许文杰：.*（D0003，11月9日起，11月16日到期/);
      expect(text).toMatch(
        /\*\*今天到期\*\*\n\*\*区住房和城乡建设局\*\*（1）\n- 苏刚：.*（D0004，12月3日起，12月10日到期，今天到期，§70）/,
      );
      // Absences today and who acts for whom; late filings this month.
      expect(text).toContain('- 孙海燕 至12月11日，由 赵文博 代行');
      // su-gang's leave is still waiting for approval: not an absence yet — but its approval was due
      // the day before the departure (§71) and is flagged on the departure day itself.
      expect(text).not.toContain('- 苏刚 至');
      expect(text).toMatch(
        /\*\*区政府领导\*\*（1）\n- 陈立新：苏刚 离阜外出 · 分管副区长审批（Q0006，12月8日起，12月9日到期，逾期1个工作日，§71） .*12月10日已出发，审批仍未完成/,
      );
      expect(text).toMatch(/本月迟报（§71）1 次\*\*\n- 苏刚：12月8日报备，提前2天（Q0006）/);
      // 2027 is next year and its arrangement is unpublished: the digest says so.
      expect(text).toContain(
        '⚠ 2027年调休安排尚未公布，暂按法定节假日推算，调休安排公布后自动更新。发送 /节假日 查看各年状态。',
      );
      expect(chartOf(card)?.chart_spec).toMatchObject({
        type: 'bar',
        data: {
          values: [
            { 单位: '区教育局', 逾期数: 2 },
            { 单位: '区司法局', 逾期数: 1 },
            { 单位: '区政府领导', 逾期数: 1 },
          ],
        },
      });
    }

    // 09:00 nags: each owner once per step; the overdue ones escalated to the supervising vice head —
    // or, for education, to the AB partner acting for her while she is away; the late leave approval
    // of the vice head to the head.
    const r = (await h.tick(at('2026-12-10T09:00:00'))) as {
      result: Array<{ job: string; result?: unknown }>;
    };
    expect(r.result.find((x) => x.job === 'nags')?.result).toEqual({ nagged: 5, escalated: 4, urgent: 3 });
    const nags = (p: string) => cardsIn(h, p).filter((m) => cardText(m.content).includes('催办'));
    expect(nags('cao-min')).toHaveLength(2);
    expect(nags('xu-wenjie')).toHaveLength(1);
    expect(cardText(nags('su-gang')[0]!.content)).toContain('催办：今天（12月10日）到期');
    const escalations = h
      .inbox('zhao-wenbo')
      .filter((m) => m.msgType === 'text' && JSON.stringify(m.content).includes('督办提醒'));
    expect(escalations).toHaveLength(1); // one message a day, listing all three
    expect(JSON.stringify(escalations[0]!.content).match(/•/g)).toHaveLength(3);
    expect(h.inbox('sun-haiyan').some((m) => JSON.stringify(m.content).includes('督办提醒'))).toBe(false);
  });
});
