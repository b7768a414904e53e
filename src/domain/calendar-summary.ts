import type { Calendar, YearStatus } from './calendar.ts';
import { addDays, type DateStr, dayOfWeek, toDateStr } from './time.ts';

/** A run of days off (or of make-up working days) under one name, e.g. 国庆节 10-01…10-07. */
export interface DayRun {
  name: string;
  from: DateStr;
  to: DateStr;
}

/** What the calendar holds for a year: its status, its named days off, its make-up working days. */
export interface YearSummary {
  year: number;
  status: YearStatus;
  daysOff: DayRun[];
  makeUpDays: DateStr[];
}

/** The year's named days off grouped into runs, and its make-up working days (/节假日). */
export function summarizeYear(cal: Calendar, year: number): YearSummary {
  const daysOff: DayRun[] = [];
  const makeUpDays: DateStr[] = [];
  for (let d = toDateStr(year, 1, 1); d <= toDateStr(year, 12, 31); d = addDays(d, 1)) {
    const info = cal.dayInfo(d);
    const weekend = dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
    if (info.workday) {
      if (weekend) makeUpDays.push(d);
      continue;
    }
    if (info.name === undefined) continue;
    const last = daysOff.at(-1);
    if (last && last.name === info.name && addDays(last.to, 1) === d) last.to = d;
    else daysOff.push({ name: info.name, from: d, to: d });
  }
  return { year, status: cal.yearStatus(year), daysOff, makeUpDays };
}
