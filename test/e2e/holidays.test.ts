import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const at = (s: string) => new Date(`${s}+08:00`);
const harnesses: Harness[] = [];
async function start(o: Parameters<typeof startHarness>[0] = {}) {
  const h = await startHarness(o);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
});

describe('/节假日: the calendar status per year (RULES.md "Working days")', () => {
  it('2026 official with its make-up days, 2027 provisional with its statutory holidays; /帮助 lists it', async () => {
    const h = await start({ clock: () => at('2026-11-27T10:00:00') });
    await h.say('cao-min', '/节假日');
    const text = h.lastText('cao-min');
    expect(text).toContain('【2026年】✅ 已按国务院节假日安排计算（含调休上班日）');
    expect(text).toContain('国庆节 10月1日至10月7日');
    expect(text).toContain('10月10日（周六）');
    expect(text).toContain('【2027年】⚠ 国务院安排尚未公布，暂按法定节假日推算，调休安排公布后自动更新');
    expect(text).toContain('春节 2027年2月5日至2027年2月8日；春节补假 2027年2月9日至2027年2月10日');
    expect(text).toContain('《民法典》第二百零三条');

    await h.say('cao-min', '/节假日 2028');
    expect(h.lastText('cao-min')).toContain('【2028年】⚠');
    await h.say('cao-min', '/节假日 明年');
    expect(h.lastText('cao-min')).toContain('/节假日 2027');
    await h.say('cao-min', '/节假日 2150');
    expect(h.lastText('cao-min')).toContain('没有2150年的节假日数据');

    await h.say('cao-min', '/帮助');
    expect(h.lastText('cao-min')).toContain('/节假日  查看各年节假日安排的状态');
  });

  it('the start-up log warns while this year or the next is provisional', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    await start({ clock: () => at('2026-11-27T10:00:00'), logger });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: '2027年调休安排尚未公布，暂按法定节假日推算，调休安排公布后自动更新',
      }),
    );
  });

  it('/healthz carries the calendar status (this year and next)', async () => {
    const h = await start({ clock: () => at('2026-11-27T10:00:00') });
    const health = (await (await fetch(`${h.url}/healthz`)).json()) as { calendar: unknown };
    expect(health.calendar).toEqual({
      status: 'provisional',
      years: { 2026: 'official', 2027: 'provisional' },
      warnings: ['2027年调休安排尚未公布，暂按法定节假日推算，调休安排公布后自动更新'],
    });
  });
});

describe('《民法典》第二百零三条 on the cards', () => {
  it('an ordinary item issued 9-29 is due 10-08, and its card says so: 10月5日为节假日，顺延至10月8日', async () => {
    const h = await start({ clock: () => at('2026-09-29T10:00:00') });
    await h.say('chen-lixin', '/批示 牵头:区财政局 一般 请核实节前资金拨付情况');
    const item = Object.values(h.store.data.items)[0]!;
    expect((item.fields as { deadline: unknown }).deadline).toMatchObject({
      endsOn: '2026-10-05',
      due: '2026-10-08',
    });
    const card = cardsIn(h, 'yang-fan').at(-1)!;
    expect(cardText(card.content)).toContain('10月8日（剩9天）（10月5日为节假日，顺延至10月8日）');
    await tap(h, 'yang-fan', card.messageId, buttonValue(card.content, '签收'), { responsible: 'yang-fan' });
    // Back on 10-08 the report is due today, not overdue: nagged, and no leader hears of it yet.
    const r = (await h.tick(at('2026-10-08T09:00:00'))) as {
      result: Array<{ job: string; result?: unknown }>;
    };
    expect(r.result.find((x) => x.job === 'nags')?.result).toEqual({ nagged: 1, escalated: 0, urgent: 0 });
    const nag = cardsIn(h, 'yang-fan').find((m) => cardText(m.content).includes('催办'))!;
    expect(cardText(nag.content)).toContain('催办：今天（10月8日）到期');
  });
});

describe('§46 and §31 work is counted under its own class, with the labels its cards use', () => {
  it('the digest and /我的待办 say 市级会议报告 and 政协委员提案, not 领导批示', async () => {
    let now = at('2026-11-23T10:00:00');
    const h = await start({ clock: () => now });
    await h.say('cao-min', '/市级会议 全市教育工作会议');
    await h.say(
      'zheng-hong',
      '/建议提案 政协 第5号 牵头:区教育局 限期:2026年11月24日 关于增加学位供给的提案',
    );
    await h.say('chen-lixin', '/批示 牵头:区教育局 一般 请排查校舍安全');
    now = at('2026-11-26T08:30:00');
    await h.tick(now);
    const digest = cardsIn(h, h.org.chat('leaders').chatId)
      .map((m) => cardText(m.content))
      .find((t) => t.includes('督办日报'))!;
    expect(digest).toMatch(
      /按类别：领导批示 逾期\d+、今天到期\d+；市级会议报告 逾期\d+、今天到期\d+；政协委员提案 逾期\d+、今天到期\d+/,
    );
    await h.say('cao-min', '/我的待办');
    const todo = cardText(cardsIn(h, 'cao-min').at(-1)!.content);
    expect(todo).toContain('市级会议报告 · 全市教育工作会议');
    expect(todo).toContain('政协委员提案 · 第5号');
    expect(todo).toContain('领导批示 · 请排查校舍安全');
    // The card of the §46 report itself uses the same words.
    const own = cardsIn(h, 'cao-min').find((m) => cardText(m.content).includes('全市教育工作会议'))!;
    expect(JSON.stringify(own.content)).toContain('市级会议报告 · ');
  });
});
