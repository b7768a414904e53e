import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar-loader.ts';
import { createCalendar } from '../../src/domain/calendar.ts';
import { indexOrg, parseOrg } from '../../src/domain/org.ts';
import { statutoryHolidays } from '../../src/domain/statutory-holidays.ts';
import { addDays, beijingInstant } from '../../src/domain/time.ts';
import { createLogger } from '../../src/logger.ts';
import { createJobs } from '../../src/scheduler/jobs.ts';
import { createScheduler } from '../../src/scheduler/scheduler.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { cardsIn, cardText } from '../helpers/cards.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { otherDistrict } from '../helpers/orgs.ts';

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
const dir = mkdtempSync(join(tmpdir(), 'govbot-cal-sched-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const texts = (h: Harness, chatOrPerson: string) =>
  h
    .inbox(chatOrPerson)
    .map((m) => (m.msgType === 'text' ? ((m.content as { text?: string }).text ?? '') : cardText(m.content)));

describe('a full year 2027 of the scheduler (2027 provisional: statutory holidays computed)', () => {
  it('ticks every morning of 2027 — working days and statutory holidays alike — and sends nothing on a statutory holiday or a weekend', {
    timeout: 120_000,
  }, async () => {
    const parsed = parseOrg(otherDistrict(4));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const org = indexOrg(parsed.org);
    const store = createMemoryStore();
    const calendar = createCalendar();
    expect(calendar.yearStatus(2027)).toBe('provisional');
    const scheduler = createScheduler({
      jobs: createJobs(),
      store,
      org,
      calendar,
      logger: createLogger('silent'),
      clock: () => new Date(),
      onQueued: () => undefined,
    });
    // The sender drains the outbox; here each tick's messages are counted and cleared.
    const queued = async (when: Date) => {
      await scheduler.tick(when);
      const n = store.data.outbox.length;
      await store.transact((d) => {
        d.outbox = [];
      });
      return n;
    };
    await queued(at('2026-12-31T08:30:00'));

    const holidays = Object.keys(statutoryHolidays(2027));
    const sentOn = new Map<string, number>();
    for (let d = '2027-01-01'; d <= '2027-12-31'; d = addDays(d, 1)) {
      let n = 0;
      for (const time of ['08:30', '09:00']) n += await queued(beijingInstant(d, time));
      sentOn.set(d, n);
    }
    const working = [...sentOn.keys()].filter((d) => calendar.isWorkday(d));
    const offDays = [...sentOn.keys()].filter((d) => !calendar.isWorkday(d));
    expect(holidays).toHaveLength(19);
    expect(holidays.every((d) => !calendar.isWorkday(d))).toBe(true);
    // Nothing on 元旦 — the audit's case — nor on any statutory holiday, 补假 or weekend.
    expect(sentOn.get('2027-01-01')).toBe(0);
    expect(holidays.filter((d) => sentOn.get(d) !== 0)).toEqual([]);
    expect(offDays.filter((d) => sentOn.get(d) !== 0)).toEqual([]);
    // Every working day the digest went to the two groups, and the work went on: §70 lists every month,
    // nagged and escalated while they stay undone.
    expect(working).toHaveLength(365 - 104 - 13); // 13 statutory weekdays off (补假 included), no make-up days known
    expect(working.filter((d) => (sentOn.get(d) ?? 0) < 2)).toEqual([]);
    const duties = Object.values(store.data.items).filter((i) => i.kind === 'duty');
    expect(duties).toHaveLength(12 * 4);
    expect(Object.keys(store.data.nags).length).toBeGreaterThan(1000);
    // The first working day of each month asked for the lists: 2027-01-04, not 元旦.
    expect(store.data.jobRuns['monthly-documents:2027-01-04']).toBeDefined();
    expect(store.data.jobRuns['monthly-documents:2027-01-01']).toBeUndefined();
  });
});

describe('RULES.md "Working days" across the year end, through the bot', () => {
  it('an instruction issued 2026-12-31 is signed for by 2027-01-04, not 元旦, and says it is provisional', async () => {
    let now = at('2026-12-31T10:00:00');
    const h = await start({ clock: () => now });
    await h.say('chen-lixin', '/批示 牵头:区财政局 一般 请排查年底资金拨付情况');
    const item = Object.values(h.store.data.items)[0]!;
    expect(item.steps[0]!.deadline).toMatchObject({ rule: '§56', due: '2027-01-04', provisional: true });
    // §58 7 days from 12-31 end on 01-06; the card says the 2027 calendar is computed.
    const card = cardsIn(h, 'yang-fan').at(-1)!;
    expect(cardText(card.content)).toContain('暂按法定节假日推算，调休安排公布后自动更新');
    now = at('2027-01-01T09:00:00');
    const before = h.lark.messagesIn(h.org.chat('leaders').chatId).length;
    const r = (await h.tick(now)) as { result: Array<{ job: string; ran: boolean; skipped?: string }> };
    expect(r.result.find((x) => x.job === 'daily-digest')).toMatchObject({
      ran: false,
      skipped: 'not a working day',
    });
    expect(r.result.find((x) => x.job === 'nags')).toMatchObject({
      ran: false,
      skipped: 'not a working day',
    });
    expect(h.lark.messagesIn(h.org.chat('leaders').chatId)).toHaveLength(before);
  });
});

describe('§71 a leave approval is escalated on the day before the departure, flagged on the day itself', () => {
  it('nagged and escalated to the head on Wednesday for a Thursday departure; the digest flags it on Thursday', async () => {
    let now = at('2026-11-30T10:00:00');
    const h = await start({ clock: () => now });
    await h.say('su-gang', '/请假 12月3日 沈阳 汇报工作');
    // 12-01: not yet due — no nag.
    now = at('2026-12-01T09:00:00');
    await h.tick(now);
    const nags = () => cardsIn(h, 'chen-lixin').filter((m) => cardText(m.content).includes('催办'));
    expect(nags()).toHaveLength(0);
    // 12-02: due today, the last working day before the departure: nagged, and the head is told.
    now = at('2026-12-02T09:00:00');
    await h.tick(now);
    expect(nags()).toHaveLength(1);
    expect(cardText(nags()[0]!.content)).toContain('催办：今天（12月2日）到期，12月3日出发前须办理');
    const head = texts(h, 'zhou-jianguo').filter((t) => t.includes('督办提醒'));
    expect(head).toHaveLength(1);
    expect(head[0]).toContain(
      '苏刚 离阜外出 · 分管副区长审批”（Q0001）今天到期（12月2日到期，12月3日出发，§71）',
    );
    // 12-03, the departure day: the digest flags it.
    now = at('2026-12-03T08:30:00');
    await h.tick(now);
    const digest = texts(h, h.org.chat('leaders').chatId).find((t) => t.includes('督办日报 · 12月3日'));
    expect(digest).toContain('12月3日已出发，审批仍未完成');
  });
});

describe('a brand-new data folder is not a bot that was down', () => {
  it('the first start at 10:00 on Monday 2026-06-01 posts no catch-up digest, weekly summary or §70 lists; a later restart does (补发)', {
    timeout: 30_000,
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'govbot-first-'));
    try {
      const first = await start({
        store: 'lowdb',
        dataDir,
        clock: () => at('2026-06-01T10:00:00'),
        startScheduler: true,
      });
      await first.settle();
      const leaders = first.org.chat('leaders').chatId;
      expect(texts(first, leaders).filter((t) => /督办日报|督办周报/.test(t))).toEqual([]);
      expect(Object.values(first.store.data.items).filter((i) => i.kind === 'duty')).toEqual([]);
      for (const job of ['daily-digest', 'weekly-summary', 'monthly-documents']) {
        expect(first.store.data.jobRuns[`${job}:2026-06-01`]).toMatchObject({
          skipped: 'first start: nothing was missed',
        });
      }
      await first.stop();
      harnesses.splice(harnesses.indexOf(first), 1);

      // Down at 08:30 the next day: that digest was missed, and is sent late.
      const second = await start({
        store: 'lowdb',
        dataDir,
        clock: () => at('2026-06-02T10:00:00'),
        startScheduler: true,
      });
      await second.settle();
      const sent = texts(second, second.org.chat('leaders').chatId).filter((t) => t.includes('督办日报'));
      expect(sent).toHaveLength(1);
      expect(sent[0]).toContain('补发');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the morning times come from the org file (schedule.digestTime, schedule.nagTime)', () => {
  it('a district whose digest goes at 07:45 and nags at 10:15', async () => {
    const { writeOrg } = await import('../helpers/orgs.ts');
    const orgFile = writeOrg(otherDistrict(6, { digestTime: '07:45', nagTime: '10:15' }), 'times');
    const h = await start({ orgFile });
    const ran = async (time: string) =>
      (
        (await h.tick(at(`2026-12-01T${time}:00`))) as {
          result: Array<{ job: string; ran: boolean; skipped?: string }>;
        }
      ).result;
    expect((await ran('07:45')).find((x) => x.job === 'daily-digest')?.ran).toBe(true);
    expect((await ran('09:00')).find((x) => x.job === 'nags')).toMatchObject({
      ran: false,
      skipped: 'before 10:15',
    });
    expect((await ran('10:15')).find((x) => x.job === 'nags')?.ran).toBe(true);
    expect((await ran('10:16')).find((x) => x.job === 'returns-overdue')).toMatchObject({
      skipped: 'already ran today',
    });
  });
});

describe('the operator adds the official arrangement: open deadlines are recomputed, cards updated, the office told', () => {
  it('a §46 report due 2027-02-12 on the provisional calendar moves to 02-16 when the 2027 arrangement arrives', {
    timeout: 30_000,
  }, async () => {
    const file = join(dir, 'calendar-overrides.json');
    writeFileSync(file, JSON.stringify({ holidays: {}, workdays: {}, years: [] }));
    let now = at('2027-02-04T10:00:00');
    const calendar = loadCalendar(file);
    const h = await start({
      clock: () => now,
      calendar,
      calendarFile: file,
      calendarPollMs: 20,
    });
    const office = h.org.chat('governmentOffice').chatId;
    await h.tick(now);
    expect(texts(h, office).filter((t) => t.includes('【节假日安排提醒】2027年'))).toHaveLength(1);

    await h.say('cao-min', '/市级会议 全市教育工作会议');
    const item = () => Object.values(h.store.data.items)[0]!;
    // §46: 2 working days; 2-05…2-10 are off (除夕, 初一至初三, 补假): 2-11, 2-12.
    expect(item().steps.find((s) => s.status === 'active')?.deadline).toMatchObject({
      due: '2027-02-12',
      provisional: true,
    });
    const card = () => cardsIn(h, 'cao-min').find((m) => cardText(m.content).includes('市级会议报告'))!;
    expect(cardText(h.lark.currentContent(card().messageId))).toContain('暂按法定节假日推算');

    // The notice is out: the operator copies it into CALENDAR_FILE (the documented example's format).
    copyFileSync('docs/calendar-overrides.example.json', file);
    for (let i = 0; i < 200 && calendar.revision() === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(calendar.yearStatus(2027)).toBe('official');
    now = at('2027-02-04T10:05:00');
    await h.tick(now);
    expect(item().steps.find((s) => s.status === 'active')?.deadline).toMatchObject({ due: '2027-02-16' });
    expect(item().steps.find((s) => s.status === 'active')?.deadline?.provisional).toBeUndefined();
    const updated = cardText(h.lark.currentContent(card().messageId));
    expect(updated).not.toContain('暂按法定节假日推算');
    expect(updated).toContain('2月16日');
    const notice = texts(h, office).find((t) => t.includes('【节假日安排已更新】'));
    expect(notice).toContain('2027年国务院节假日安排已录入');
    expect(notice).toMatch(/I0001“全市教育工作会议.*：2月12日 → 2月16日/);
    // Told once: the next tick sends nothing more.
    await h.tick(at('2027-02-04T10:06:00'));
    expect(texts(h, office).filter((t) => t.includes('【节假日安排已更新】'))).toHaveLength(1);
  });
});
