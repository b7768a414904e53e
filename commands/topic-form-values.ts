import { parseDate } from '../src/parse/dates.ts';

/** Reading Lark form values: selects send a string, multi-selects an array, date pickers '2026-12-01 +0800'. */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : undefined;

/** A multi-select's array, or a typed list separated by commas (、，,). */
export function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string') return v.split(/[,，、;；\s]+/).filter(Boolean);
  return [];
}

/** A date as picked or typed; what cannot be read is kept as typed, so the problem can name it. */
export function dateField(v: unknown, now: Date): string | undefined {
  const s = str(v)?.trim();
  if (!s) return undefined;
  const d = parseDate(s, now);
  return d.ok ? d.date : s;
}
