/** Reads the local holiday table that sits in front of chinese-days (a new year's arrangement lands here first). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type Calendar, createCalendar } from './domain/calendar.ts';
import { isValidDate } from './domain/time.ts';

const date = z.string().refine(isValidDate, { message: 'expected a real date written YYYY-MM-DD' });

const overridesSchema = z
  .object({
    holidays: z.record(date, z.string().min(1)).default({}),
    workdays: z.record(date, z.string().min(1)).default({}),
    years: z.array(z.number().int().min(2000).max(2100)).default([]),
    _comment: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    for (const d of Object.keys(o.holidays)) {
      if (d in o.workdays)
        ctx.addIssue({ code: 'custom', path: ['workdays', d], message: 'also listed as a holiday' });
    }
  });

export function loadCalendar(file = 'data/calendar-overrides.json'): Calendar {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    // No file simply means no overrides: chinese-days' own data is used as is.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return createCalendar();
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
  return createCalendar({ holidays, workdays, years });
}
