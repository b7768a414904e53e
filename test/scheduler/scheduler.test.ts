import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
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

const digests = (h: Harness, chat: 'leaders' | 'supervision') =>
  cardsIn(h, h.org.chat(chat).chatId).filter((m) => cardText(m.content).includes('督办日报'));

type TickResult = {
  result: Array<{ job: string; ran: boolean; skipped?: string; result?: Record<string, unknown> }>;
};
const ran = (r: unknown, job: string) => (r as TickResult).result.find((x) => x.job === job);

describe('working-day jobs follow the official calendar, not cron weekdays', () => {
  it('the digest runs on Sunday 2026-09-20 (a make-up working day) and not on Thursday 2026-10-01', async () => {
    const h = await start();
    expect(ran(await h.tick(at('2026-09-20T08:30:00')), 'daily-digest')?.ran).toBe(true);
    expect(digests(h, 'leaders')).toHaveLength(1);
    expect(digests(h, 'supervision')).toHaveLength(1);
    const holiday = ran(await h.tick(at('2026-10-01T08:30:00')), 'daily-digest');
    expect(holiday).toMatchObject({ ran: false, skipped: 'not a working day' });
    expect(ran(await h.tick(at('2026-09-19T08:30:00')), 'daily-digest')?.ran).toBe(false); // an ordinary Saturday
  });

  it('an empty day says so in one line', async () => {
    const h = await start();
    await h.tick(at('2026-11-26T08:31:00'));
    const [d] = digests(h, 'leaders');
    expect(cardText(d!.content)).toContain('今天没有逾期或到期的事项');
  });

  it('the digest runs once a day however often the clock ticks', async () => {
    const h = await start();
    await h.tick(at('2026-11-26T08:30:00'));
    await h.tick(at('2026-11-26T08:31:00'));
    await h.tick(at('2026-11-26T17:00:00'));
    expect(digests(h, 'leaders')).toHaveLength(1);
  });
});

describe('exactly once across restarts', () => {
  it('after a restart at 09:00 the missed 08:30 digest is sent once, late; a second restart sends nothing', {
    timeout: 20_000,
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'govbot-restart-'));
    try {
      const first = await start({
        store: 'lowdb',
        dataDir,
        clock: () => at('2026-11-26T07:00:00'),
        startScheduler: true,
      });
      expect(digests(first, 'leaders')).toHaveLength(0);
      await first.stop();
      harnesses.splice(harnesses.indexOf(first), 1);

      const second = await start({
        store: 'lowdb',
        dataDir,
        clock: () => at('2026-11-26T09:00:00'),
        startScheduler: true,
      });
      await second.settle();
      const sent = digests(second, 'leaders');
      expect(sent).toHaveLength(1);
      expect(cardText(sent[0]!.content)).toContain('补发');
      expect(second.store.data.jobRuns['daily-digest:2026-11-26']).toMatchObject({ late: true });
      await second.stop();
      harnesses.splice(harnesses.indexOf(second), 1);

      const third = await start({
        store: 'lowdb',
        dataDir,
        clock: () => at('2026-11-26T09:05:00'),
        startScheduler: true,
      });
      await third.settle();
      expect(digests(third, 'leaders')).toHaveLength(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('§70 monthly list, nags, escalation and the digest, end to end through /admin/tick', () => {
  it('asks every department on the first working day, nags once a day, escalates and buzzes on the right days', async () => {
    let now = at('2026-12-01T08:30:00');
    const h = await start({ clock: () => now });
    // Tuesday 2026-12-01 is December's first working day: every main head gets the §70 card.
    const r = await h.tick(now);
    expect(ran(r, 'monthly-documents')?.result).toMatchObject({
      period: '2026-11',
      asked: h.org.departments().length,
    });
    const educationHead = 'cao-min';
    const [duty] = cardsIn(h, educationHead);
    expect(cardText(duty!.content)).toContain('2026年11月');
    expect(cardText(duty!.content)).toContain('12月8日'); // 5 working days later (§70 default)

    // Two departments report on time.
    await tap(
      h,
      'xu-wenjie',
      cardsIn(h, 'xu-wenjie')[0]!.messageId,
      buttonValue(cardsIn(h, 'xu-wenjie')[0]!.content, '已报送'),
    );
    await tap(
      h,
      'yang-fan',
      cardsIn(h, 'yang-fan')[0]!.messageId,
      buttonValue(cardsIn(h, 'yang-fan')[0]!.content, '已报送'),
    );

    // 12-08 due today: a nag to each owing main head, none to those who reported, no escalation yet.
    now = at('2026-12-08T09:00:00');
    const due = ran(await h.tick(now), 'nags')?.result;
    expect(due).toMatchObject({ nagged: h.org.departments().length - 2, escalated: 0, urgent: 0 });
    expect(cardsIn(h, 'xu-wenjie')).toHaveLength(1);
    const nag = cardsIn(h, educationHead).at(-1)!;
    expect(cardText(nag.content)).toContain('催办：今天');
    expect(buttons(nag.content).map((b) => (b.text as { content: string }).content)).toContain('已报送');

    // A second tick the same day nags nobody again.
    expect(ran(await h.tick(at('2026-12-08T15:00:00')), 'nags')).toMatchObject({ ran: false });

    // 12-09, one working day overdue: nag again and tell the supervising vice head.
    now = at('2026-12-09T09:00:00');
    const over1 = ran(await h.tick(now), 'nags')?.result;
    expect(over1).toMatchObject({ escalated: h.org.departments().length - 2, urgent: 0 });
    expect(h.lastText('sun-haiyan')).toMatch(/【督办提醒】[\s\S]*逾期1个工作日/);

    // Acting on the nag card settles it; nothing more is nagged for that department.
    await tap(h, educationHead, nag.messageId, buttonValue(nag.content, '已报送'));
    expect(cardText(h.lark.currentContent(nag.messageId))).not.toContain('催办');

    // 12-11, three working days overdue: red light → the nag buzzes.
    now = at('2026-12-11T09:00:00');
    const over3 = ran(await h.tick(now), 'nags')?.result;
    expect(over3).toMatchObject({
      nagged: h.org.departments().length - 3,
      urgent: h.org.departments().length - 3,
    });
    const buzzed = h.lark.messages.filter((m) => m.urgent.length > 0);
    expect(buzzed).toHaveLength(h.org.departments().length - 3);
    // cao-min got the card and two nags (12-08, 12-09), all redrawn without the banner once done.
    expect(cardsIn(h, educationHead)).toHaveLength(3);
    expect(cardsIn(h, educationHead).filter((m) => cardText(m.content).includes('催办'))).toHaveLength(0);
  });
});

describe('§8 hand-over on the first day of an absence', () => {
  it('a step already waiting on a vice head goes to the AB partner when her leave begins', async () => {
    let now = at('2026-11-26T10:00:00');
    const h = await start({ clock: () => now });
    await h.say('sun-haiyan', '/请假 12月1日至12月3日 大连 招商活动');
    const [headCard] = cardsIn(h, 'zhou-jianguo');
    await tap(h, 'zhou-jianguo', headCard!.messageId, buttonValue(headCard!.content, '同意'));
    await h.say('cao-min', '/请假 12月10日 北京 学习'); // waits on sun-haiyan, who is still here
    expect(cardsIn(h, 'zhao-wenbo')).toHaveLength(0);

    await h.tick(at('2026-11-30T23:00:00'));
    expect(cardsIn(h, 'zhao-wenbo')).toHaveLength(0);
    now = at('2026-12-01T00:05:00');
    await h.tick(now);
    const [partnerCard] = cardsIn(h, 'zhao-wenbo');
    expect(cardText(partnerCard!.content)).toContain('代 孙海燕');
    await h.tick(at('2026-12-01T00:06:00'));
    expect(cardsIn(h, 'zhao-wenbo')).toHaveLength(1); // never sent twice
  });
});

describe('weekly summary and return reminders', () => {
  it('posts the weekly summary on Monday with the 8-week overdue trend as a line chart, once', async () => {
    const h = await start({ clock: () => at('2026-11-26T10:00:00') });
    await h.say('cao-min', '/请假 12月1日 北京 学习');
    const monday = ran(await h.tick(at('2026-11-30T08:30:00')), 'weekly-summary');
    expect(monday).toMatchObject({ ran: true, result: { opened: 1, closed: 0 } });
    const weekly = cardsIn(h, h.org.chat('leaders').chatId).filter((m) =>
      cardText(m.content).includes('督办周报'),
    );
    expect(weekly).toHaveLength(1);
    // §62: the leave approval (due 11-30, the last working day before the departure) is counted by class.
    expect(cardText(weekly[0]!.content)).toContain('目前按类别：请假报备 逾期0、今天到期1');
    expect(cardText(weekly[0]!.content)).toContain('⚠ 2027年调休安排尚未公布');
    type ChartElement = { tag: string; chart_spec?: { type: string; data: { values: unknown[] } } };
    const chart = (weekly[0]!.content as { body: { elements: ChartElement[] } }).body.elements.find(
      (e) => e.tag === 'chart',
    );
    expect(chart?.chart_spec?.type).toBe('line');
    expect(chart?.chart_spec?.data.values).toHaveLength(8);
    expect(ran(await h.tick(at('2026-12-01T08:30:00')), 'weekly-summary')).toMatchObject({
      ran: false,
      skipped: 'not the first working day of the week',
    });
  });

  it('§71 an absence past its end with no /销假, and §67 a trip report owed 3 working days after return, are nagged once a day', async () => {
    let now = at('2026-11-26T10:00:00');
    const h = await start({ clock: () => now });
    await h.say('sun-haiyan', '/请假 出访 11月30日至12月2日 日本 招商考察');
    const [headCard] = cardsIn(h, 'zhou-jianguo');
    await tap(h, 'zhou-jianguo', headCard!.messageId, buttonValue(headCard!.content, '同意'));

    now = at('2026-12-03T09:00:00');
    await h.tick(now);
    expect(h.lastText('sun-haiyan')).toContain('【销假提醒】');
    await h.tick(at('2026-12-03T16:00:00'));
    expect(h.inbox('sun-haiyan').filter((m) => JSON.stringify(m.content).includes('销假提醒'))).toHaveLength(
      1,
    );

    await h.say('sun-haiyan', '/销假');
    // Back on 12-03: the trip report is due 3 working days later (12-08); nagged from 12-09.
    await h.tick(at('2026-12-08T09:00:00'));
    expect(h.inbox('sun-haiyan').some((m) => JSON.stringify(m.content).includes('出访报告提醒'))).toBe(false);
    await h.tick(at('2026-12-09T09:00:00'));
    expect(h.lastText('sun-haiyan')).toContain('【出访报告提醒】');
  });
});
