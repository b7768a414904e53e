/**
 * The statutory holidays of a year the State Council has not yet arranged, computed from
 * 《全国年节及纪念日放假办法》(2024年修订): 全体公民放假的节日 — 元旦 1月1日; 春节 农历除夕、正月初一至初三;
 * 清明节 农历清明当日; 劳动节 5月1日、2日; 端午节 农历端午当日; 中秋节 农历中秋当日; 国庆节 10月1日至3日.
 * “全体公民放假的假日，如果适逢星期六、星期日，应当在工作日补假”: the substitute is the first weekday
 * after the holiday that is not already off, as every arrangement since 2008 has placed it.
 * The arrangement's make-up working days (调休上班) and bridging days are the State Council's choice each
 * year and are not guessed: a year computed here is provisional (RULES.md "Working days").
 */
import cd from 'chinese-days'; // default import: named imports crash under plain node (libraries.md §1.3)
import { addDays, type DateStr, dayOfWeek, isValidDate, toDateStr } from './time.ts';

/**
 * Years whose lunar dates and 清明 chinese-days gives correctly: its tables run 1900–2100 and its solar-term
 * formula is for the 21st century; test/domain/statutory-holidays.test.ts checks every year against
 * tyme4ts's astronomical computation (2100's 清明 already differs).
 */
export const STATUTORY_YEARS = { first: 2000, last: 2099 } as const;

export const canComputeStatutory = (year: number): boolean =>
  Number.isInteger(year) && year >= STATUTORY_YEARS.first && year <= STATUTORY_YEARS.last;

/** The Gregorian date of a lunar date of lunar year `year` (never the leap month's). */
function lunarToSolar(year: number, month: number, day: number): DateStr {
  const solar = cd.getSolarDateFromLunar(`${year}-${String(month).padStart(2, '0')}-${day}`).date;
  // Round trip: chinese-days reads the process time zone; a wrong zone shows as a different lunar date.
  const back = cd.getLunarDate(solar);
  if (!isValidDate(solar) || back.lunarMon !== month || back.lunarDay !== day || back.isLeap) {
    throw new Error(`lunar ${year}-${month}-${day} gave ${solar}: run the process with TZ=Asia/Shanghai`);
  }
  return solar;
}

function qingming(year: number): DateStr {
  const d = cd.getSolarTermDate(year, 4, 'pure_brightness');
  if (!isValidDate(d) || !d.startsWith(`${year}-04-0`)) throw new Error(`清明 ${year} gave ${d}`);
  return d;
}

/** Each festival's days off by the 办法, in the order the 办法 lists them. */
export function statutoryFestivals(year: number): Array<{ name: string; days: DateStr[] }> {
  if (!canComputeStatutory(year)) throw new RangeError(`cannot compute the statutory holidays of ${year}`);
  const springFestival = lunarToSolar(year, 1, 1);
  return [
    { name: '元旦', days: [toDateStr(year, 1, 1)] },
    {
      name: '春节',
      days: [-1, 0, 1, 2].map((n) => addDays(springFestival, n)), // 除夕 is the lunar year's last day
    },
    { name: '清明节', days: [qingming(year)] },
    { name: '劳动节', days: [toDateStr(year, 5, 1), toDateStr(year, 5, 2)] },
    { name: '端午节', days: [lunarToSolar(year, 5, 5)] },
    { name: '中秋节', days: [lunarToSolar(year, 8, 15)] },
    { name: '国庆节', days: [1, 2, 3].map((d) => toDateStr(year, 10, d)) },
  ];
}

const isWeekend = (d: DateStr): boolean => dayOfWeek(d) === 0 || dayOfWeek(d) === 6;

/**
 * Every statutory day off of `year`, date → name: the festivals, and the weekday 补假 for each festival day
 * that falls on a Saturday or Sunday (named e.g. 劳动节补假). Days falling on two festivals carry both names.
 */
export function statutoryHolidays(year: number): Record<DateStr, string> {
  const out: Record<DateStr, string> = {};
  for (const f of statutoryFestivals(year)) {
    for (const day of f.days) out[day] = out[day] ? `${out[day]}、${f.name}` : f.name;
  }
  // One substitute per weekend day off (a day of two festivals is still one day), earliest first.
  for (const day of Object.keys(out).sort()) {
    if (!isWeekend(day)) continue;
    let sub = addDays(day, 1);
    while (isWeekend(sub) || out[sub] !== undefined) sub = addDays(sub, 1);
    out[sub] = `${out[day]!.split('、')[0]}补假`;
  }
  return out;
}
