/**
 * Reads the local holiday table that sits in front of chinese-days (CALENDAR_FILE): a new year's State
 * Council arrangement lands here first, and the bot picks it up while it runs (watchCalendar).
 *
 * Format (README "Holiday calendar"): `holidays` — every day off, "YYYY-MM-DD": "名称"; `workdays` — the
 * make-up working days (调休上班); `years` — the years whose whole arrangement is entered, which makes them
 * official (no longer provisional); `_comment` — free text. Entries here win over chinese-days.
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { z } from 'zod';
import {
  type Calendar,
  type CalendarOverrides,
  createCalendar,
  createLiveCalendar,
  type LiveCalendar,
} from './domain/calendar.ts';
import { isValidDate } from './domain/time.ts';

const overridesSchema = z
  .object({
    holidays: z.record(z.string(), z.string().min(1)).default({}),
    workdays: z.record(z.string(), z.string().min(1)).default({}),
    years: z.array(z.number().int().min(2000).max(2100)).default([]),
    _comment: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    // Keys are checked here, not by the record's key schema, so the message names the date.
    for (const list of ['holidays', 'workdays'] as const) {
      for (const d of Object.keys(o[list])) {
        if (!isValidDate(d))
          ctx.addIssue({
            code: 'custom',
            path: [list, d],
            message: 'expected a real date written YYYY-MM-DD',
          });
      }
    }
    for (const d of Object.keys(o.holidays)) {
      if (d in o.workdays)
        ctx.addIssue({ code: 'custom', path: ['workdays', d], message: 'also listed as a holiday' });
    }
    // A year declared complete with nothing entered for it is a slip, not an arrangement.
    for (const [i, y] of o.years.entries()) {
      const has = (r: Record<string, string>) => Object.keys(r).some((d) => d.startsWith(`${y}-`));
      if (!has(o.holidays)) {
        ctx.addIssue({ code: 'custom', path: ['years', i], message: `no holidays listed for ${y}` });
      }
    }
  });

/** The overrides in `file`; none when the file does not exist. Throws, naming the file, when it is malformed. */
export function readOverrides(file: string): CalendarOverrides {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    // No file simply means no overrides: chinese-days' own data is used as is.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`cannot read calendar overrides ${file}: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`calendar overrides ${file} is not valid JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const parsed = overridesSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`calendar overrides ${file} is malformed:\n${z.prettifyError(parsed.error)}`);
  }
  const { holidays, workdays, years } = parsed.data;
  return { holidays, workdays, years };
}

/** The calendar with the overrides in `file`, as one object whose data can be replaced later. */
export function loadCalendar(file = 'data/calendar-overrides.json'): LiveCalendar {
  return createLiveCalendar(createCalendar(readOverrides(file)));
}

export interface CalendarWatchLog {
  info(o: object, msg: string): void;
  error(o: object, msg: string): void;
}

/**
 * Re-reads `file` when it changes (polled, so an editor's save-by-rename and a file created later are
 * seen too) and swaps the new data into `live`; the scheduler's calendar-sync job then recomputes open
 * deadlines within the minute. A malformed file is refused with its path, and the calendar in use stays.
 * Returns the function that stops watching.
 */
export function watchCalendar(
  file: string,
  live: LiveCalendar,
  log: CalendarWatchLog,
  intervalMs = 5_000,
): () => void {
  const onChange = (curr: { mtimeMs: number }, prev: { mtimeMs: number }) => {
    if (curr.mtimeMs === prev.mtimeMs) return;
    let next: Calendar;
    try {
      next = createCalendar(readOverrides(file));
    } catch (err) {
      log.error(
        { file, err: (err as Error).message },
        '节假日覆盖表有误，继续使用原有安排 (calendar overrides refused)',
      );
      return;
    }
    live.replace(next);
    log.info({ file, revision: live.revision() }, '节假日覆盖表已重新读取 (calendar overrides reloaded)');
  };
  watchFile(file, { interval: intervalMs, persistent: false }, onChange);
  return () => unwatchFile(file, onChange);
}
