import { describe, expect, it } from 'vitest';
import { buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';
import type { Harness } from '../helpers/harness.ts';

// Issue 12, point 6: dates are plausible or refused. Friday 2026-11-27, 10:00 in Beijing.
const NOW = new Date('2026-11-27T10:00:00+08:00');
const LEADER = 'chen-lixin';

const { h } = harnessEachTest(NOW);

/** Everything the bot answered a person since `from` messages ago: texts and cards, as text. */
function answerSince(hh: Harness, who: string, from: number): string {
  return hh
    .inbox(who)
    .slice(from)
    .map((m) => (m.msgType === 'text' ? (m.content as { text: string }).text : cardText(m.content)))
    .join('\n');
}

async function ask(who: string, text: string): Promise<string> {
  const before = h.inbox(who).length;
  await h.say(who, text);
  return answerSince(h, who, before);
}

describe('each command refuses a date outside its window, naming what it understood', () => {
  it.each([
    ['cao-min', '/请假 9999年1月1日 北京 培训', '开始日期9999年1月1日不在范围内：请假须在今天起12个月内'],
    ['cao-min', '/请假 2100年1月1日至2100年1月3日 北京 培训', '开始日期2100年1月1日不在范围内'],
    ['cao-min', '/请假 12月1.5日 北京 培训', '无法识别“12月1.5日”中的日期'],
    ['cao-min', '/请假 1e9月1日 北京 培训', '无法识别“1e9月1日”中的日期'],
    ['cao-min', '/请假 11月26日 北京 培训', '开始日期11月26日已经过去'],
    [
      LEADER,
      '/批示 紧急:9999年1月1日 牵头:区财政局 请研究',
      '办结时限9999年1月1日不在范围内：办结时限须在今天起12个月内',
    ],
    // Typed on 11月27日: yesterday, refused — not silently 2027-11-26.
    [LEADER, '/批示 紧急:11月26日 牵头:区财政局 请研究', '办结时限11月26日已经过去'],
    [
      LEADER,
      '/建议提案 人大 第12号 牵头:区教育局 限期:9999年3月31日 关于增加学位供给的建议',
      '办结时限9999年3月31日不在范围内',
    ],
    [
      'cao-min',
      '/市级会议 1900年1月1日 全市安全生产工作会议',
      '会议日期1900年1月1日不在范围内：市级会议须是最近30天内（含今天）召开的',
    ],
    ['cao-min', '/市级会议 2026年9月1日 全市安全生产工作会议', '会议日期2026年9月1日不在范围内'],
  ])('%s: %s', async (who, text, problem) => {
    expect(await ask(who, text)).toContain(problem);
    expect(h.store.data.items).toEqual({});
  });

  it('/延期 to a date beyond 12 months is refused, the deadline unchanged', async () => {
    await h.say(LEADER, '/批示 牵头:区财政局 请研究');
    const ack = cardsIn(h, 'yang-fan').at(-1)!;
    await tap(h, 'yang-fan', ack.messageId, buttonValue(ack.content, '签收'), { responsible: 'zhu-li' });
    const due = h.store.data.items.I0001!.fields;
    const answer = await ask('zhu-li', '/延期 I0001 2100年1月1日 需等待市级部门批复');
    expect(answer).toContain('延期日期须在今天起12个月内');
    expect(answer).toContain('您申请的是2100年1月1日');
    expect(h.store.data.items.I0001!.fields).toEqual(due);
  });

  it('dates inside the windows still work: a leave next month, a city meeting two days ago', async () => {
    expect(await ask('cao-min', '/请假 12月7日至12月9日 北京 培训')).toContain('已提交请假申请');
    expect(await ask('cao-min', '/市级会议 11月25日 全市安全生产工作会议')).toContain('已登记');
  });
});
