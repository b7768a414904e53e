import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCalendar, readOverrides, watchCalendar } from '../src/calendar-loader.ts';

const dir = mkdtempSync(join(tmpdir(), 'govbot-calendar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: unknown): string {
  const f = join(dir, `calendar-${++n}.json`);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

/** The documented example (README "Holiday calendar"): a 2027 arrangement as the operator enters it. */
const ARRANGEMENT_2027 = {
  holidays: {
    '2027-10-01': '国庆节',
    '2027-10-02': '国庆节',
    '2027-10-03': '国庆节',
    '2027-10-04': '国庆节',
    '2027-10-05': '国庆节',
    '2027-10-06': '国庆节',
    '2027-10-07': '国庆节',
  },
  workdays: { '2027-09-26': '国庆节调休上班', '2027-10-09': '国庆节调休上班' },
  years: [2027],
};

describe('CALENDAR_FILE (calendar-loader)', () => {
  it('no file: chinese-days as is — 2026 official, 2027 provisional', () => {
    const cal = loadCalendar(join(dir, 'missing.json'));
    expect(cal.yearStatus(2026)).toBe('official');
    expect(cal.yearStatus(2027)).toBe('provisional');
    expect(cal.dayInfo('2027-10-01')).toMatchObject({ workday: false, status: 'provisional' });
  });

  it('holidays are days off and workdays are make-up working days — never the other way round', () => {
    const cal = loadCalendar(file(ARRANGEMENT_2027));
    // A Sunday listed under workdays is worked; a Thursday listed under holidays is not.
    expect(cal.dayInfo('2027-09-26')).toEqual({
      date: '2027-09-26',
      workday: true,
      name: '国庆节调休上班',
      status: 'official',
    });
    expect(cal.dayInfo('2027-10-07')).toEqual({
      date: '2027-10-07',
      workday: false,
      name: '国庆节',
      status: 'official',
    });
    expect(cal.addWorkdays('2027-09-30', 1).date).toBe('2027-10-08');
    expect(cal.addWorkdays('2027-10-08', 1).date).toBe('2027-10-09'); // the Saturday make-up day
  });

  it('a year listed in `years` is official; the same entries without it stay provisional', () => {
    expect(loadCalendar(file(ARRANGEMENT_2027)).yearStatus(2027)).toBe('official');
    const partial = loadCalendar(file({ ...ARRANGEMENT_2027, years: [] }));
    expect(partial.yearStatus(2027)).toBe('provisional');
    // Its entries still count; the days it does not list come from the statutory computation.
    expect(partial.isWorkday('2027-09-26')).toBe(true);
    expect(partial.isWorkday('2027-05-03')).toBe(false); // 劳动节补假, computed
  });

  it('corrects chinese-days in a published year', () => {
    const cal = loadCalendar(
      file({ holidays: { '2026-10-08': '更正' }, workdays: { '2026-10-07': '更正' } }),
    );
    expect(cal.isWorkday('2026-10-07')).toBe(true);
    expect(cal.isWorkday('2026-10-08')).toBe(false);
  });

  it.each([
    ['not JSON', '{ "holidays": ', /is not valid JSON/],
    ['an impossible date', { holidays: { '2027-02-30': '春节' } }, /expected a real date written YYYY-MM-DD/],
    [
      'a day both off and worked',
      { holidays: { '2027-10-01': '国庆节' }, workdays: { '2027-10-01': '国庆节' } },
      /also listed as a holiday/,
    ],
    ['a year declared with nothing entered', { years: [2027] }, /no holidays listed for 2027/],
    ['an unknown field', { holiday: {} }, /holiday/],
  ])('a malformed file is refused with its path: %s', (_n, content, problem) => {
    const f = file(content);
    expect(() => loadCalendar(f)).toThrow(problem);
    expect(() => loadCalendar(f)).toThrow(f);
  });

  it('the file shipped in data/ loads', () => {
    expect(readOverrides('data/calendar-overrides.json')).toMatchObject({ holidays: {}, workdays: {} });
  });
});

describe('watchCalendar: the arrangement is picked up while the bot runs', () => {
  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
    return cond();
  };

  it('a new arrangement replaces the calendar in use; a malformed one is refused and the old one stays', async () => {
    const f = file({ holidays: {}, workdays: {} });
    const cal = loadCalendar(f);
    const log: Array<{ level: string; o: Record<string, unknown> }> = [];
    const stop = watchCalendar(
      f,
      cal,
      {
        info: (o) => log.push({ level: 'info', o: o as Record<string, unknown> }),
        error: (o) => log.push({ level: 'error', o: o as Record<string, unknown> }),
      },
      20,
    );
    try {
      expect(cal.yearStatus(2027)).toBe('provisional');
      await new Promise((r) => setTimeout(r, 50));
      writeFileSync(f, JSON.stringify(ARRANGEMENT_2027));
      expect(await until(() => cal.revision() === 1)).toBe(true);
      expect(cal.yearStatus(2027)).toBe('official');
      expect(cal.isWorkday('2027-09-26')).toBe(true);

      await new Promise((r) => setTimeout(r, 50));
      writeFileSync(f, '{ broken');
      expect(await until(() => log.some((l) => l.level === 'error'))).toBe(true);
      expect(log.find((l) => l.level === 'error')?.o).toMatchObject({ file: f });
      expect(cal.revision()).toBe(1);
      expect(cal.yearStatus(2027)).toBe('official');
    } finally {
      stop();
    }
  });
});
