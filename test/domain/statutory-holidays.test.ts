import { LunarDay, SolarTerm } from 'tyme4ts';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import {
  STATUTORY_YEARS,
  statutoryFestivals,
  statutoryHolidays,
} from '../../src/domain/statutory-holidays.ts';
import { addDays, dayOfWeek } from '../../src/domain/time.ts';

const iso = (s: { getYear(): number; getMonth(): number; getDay(): number }) =>
  `${s.getYear()}-${String(s.getMonth()).padStart(2, '0')}-${String(s.getDay()).padStart(2, '0')}`;

describe('《全国年节及纪念日放假办法》(2024年修订): the statutory holidays of a year not yet arranged', () => {
  it('2027: 元旦, 春节 (除夕 + 初一至初三), 清明, 劳动节 1–2 May, 端午, 中秋, 国庆 1–3 Oct, and the weekday 补假', () => {
    expect(statutoryHolidays(2027)).toEqual({
      '2027-01-01': '元旦',
      '2027-02-05': '春节', // 除夕 (腊月廿九: the lunar year's last day), a Friday
      '2027-02-06': '春节', // 正月初一, Saturday
      '2027-02-07': '春节', // Sunday
      '2027-02-08': '春节',
      '2027-02-09': '春节补假', // for Saturday 02-06 (“适逢星期六、星期日，应当在工作日补假”)
      '2027-02-10': '春节补假', // for Sunday 02-07
      '2027-04-05': '清明节',
      '2027-05-01': '劳动节', // Saturday
      '2027-05-02': '劳动节', // Sunday
      '2027-05-03': '劳动节补假',
      '2027-05-04': '劳动节补假',
      '2027-06-09': '端午节',
      '2027-09-15': '中秋节',
      '2027-10-01': '国庆节',
      '2027-10-02': '国庆节',
      '2027-10-03': '国庆节',
      '2027-10-04': '国庆节补假',
      '2027-10-05': '国庆节补假',
    });
  });

  it('13 festival days a year, as the 2024 revision counts them', () => {
    for (const year of [2027, 2028, 2035]) {
      expect(statutoryFestivals(year).flatMap((f) => f.days)).toHaveLength(13);
    }
  });

  it('2028: 端午 is the ordinary fifth month’s day, not the leap month’s', () => {
    // 2028 has a leap fifth month (闰五月); 端午 is 五月初五, 05-28.
    expect(statutoryFestivals(2028).find((f) => f.name === '端午节')?.days).toEqual(['2028-05-28']);
  });

  it(`lunar dates and 清明 agree with an astronomical computation (tyme4ts) for every year ${STATUTORY_YEARS.first}–${STATUTORY_YEARS.last}`, () => {
    const differ: string[] = [];
    for (let y = STATUTORY_YEARS.first; y <= STATUTORY_YEARS.last; y++) {
      const ours = Object.fromEntries(statutoryFestivals(y).map((f) => [f.name, f.days]));
      const want = {
        除夕: iso(LunarDay.fromYmd(y, 1, 1).getSolarDay().next(-1)),
        清明节: iso(SolarTerm.fromName(y, '清明').getSolarDay()),
        端午节: iso(LunarDay.fromYmd(y, 5, 5).getSolarDay()),
        中秋节: iso(LunarDay.fromYmd(y, 8, 15).getSolarDay()),
      };
      const got = {
        除夕: ours.春节![0],
        清明节: ours.清明节![0],
        端午节: ours.端午节![0],
        中秋节: ours.中秋节![0],
      };
      for (const k of Object.keys(want) as Array<keyof typeof want>) {
        if (got[k] !== want[k]) differ.push(`${y} ${k}: ${got[k]} vs ${want[k]}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it('refuses a year it can not compute rather than guess', () => {
    expect(() => statutoryHolidays(2100)).toThrow(RangeError);
    expect(() => statutoryHolidays(1999)).toThrow(RangeError);
  });
});

/**
 * The published arrangement as ground truth: pretend a year is unpublished, compute it provisionally,
 * and compare every day. Only the make-up working days (调休上班, a weekend day worked) and the bridging
 * days (a weekday off given in exchange, neither statutory nor 补假) may differ.
 */
function compare(year: number) {
  const official = createCalendar();
  const provisional = createCalendar({ unpublished: [year] });
  expect(official.yearStatus(year)).toBe('official');
  expect(provisional.yearStatus(year)).toBe('provisional');
  const rows: Array<[string, 'make-up' | 'bridging' | 'other']> = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
    const o = official.isWorkday(d);
    const p = provisional.isWorkday(d);
    if (o === p) continue;
    const weekend = dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
    rows.push([d, o && weekend ? 'make-up' : !o && !weekend ? 'bridging' : 'other']);
  }
  return rows;
}

describe('2026 as provisional, against the State Council’s published 2026 arrangement', () => {
  it('differs only on the make-up days and the bridging days', () => {
    expect(compare(2026)).toEqual([
      ['2026-01-02', 'bridging'], // 元旦 1/1 Thu; off 1/1–1/3
      ['2026-01-04', 'make-up'], // Sunday
      ['2026-02-14', 'make-up'], // Saturday before 春节
      ['2026-02-20', 'bridging'], // 春节 2/15–2/23: 除夕 2/16 + 初一至初三 are statutory
      ['2026-02-23', 'bridging'],
      ['2026-02-28', 'make-up'],
      ['2026-05-05', 'bridging'], // 劳动节 5/1–5/5; 5/4 is the 补假 for Saturday 5/2
      ['2026-05-09', 'make-up'],
      ['2026-09-20', 'make-up'], // 国庆节 10/1–10/7; 10/5 is the 补假 for Saturday 10/3
      ['2026-10-06', 'bridging'],
      ['2026-10-07', 'bridging'],
      ['2026-10-10', 'make-up'],
    ]);
  });

  it('清明 4/4–4/6, 端午 6/19–6/21 and 中秋 9/25–9/27 come out exactly as published (补假 for 清明 on a Sunday)', () => {
    const official = createCalendar();
    const provisional = createCalendar({ unpublished: [2026] });
    for (let d = '2026-04-01'; d <= '2026-04-10'; d = addDays(d, 1)) {
      expect(provisional.isWorkday(d)).toBe(official.isWorkday(d));
    }
    expect(provisional.dayInfo('2026-04-06')).toMatchObject({ workday: false, name: '清明节补假' });
  });
});

describe('2025 (the first year under the 2024 revision) as provisional', () => {
  it('differs only on make-up days and bridging days', () => {
    const rows = compare(2025);
    expect(rows.filter(([, kind]) => kind === 'other')).toEqual([]);
    expect(rows.filter(([, kind]) => kind === 'make-up').map(([d]) => d)).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
  });
});
