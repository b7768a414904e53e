import { readFileSync } from 'node:fs';
import { createCalendar } from '../../src/domain/calendar.ts';
import type { AwayLookup } from '../../src/domain/engine/acting.ts';
import type { Env } from '../../src/domain/engine/engine.ts';
import { indexOrg, type OrgIndex, parseOrg } from '../../src/domain/org.ts';
import { beijingDate, beijingInstant, type DateStr } from '../../src/domain/time.ts';

/** The example district (data/org.example.json), as the bot indexes it. */
export function exampleOrg(): OrgIndex {
  const parsed = parseOrg(
    JSON.parse(readFileSync(new URL('../../data/org.example.json', import.meta.url), 'utf8')),
  );
  if (!parsed.ok) throw new Error('example org does not parse');
  return indexOrg(parsed.org);
}

export const org = exampleOrg();
/** The official 2026 calendar (holidays and make-up working days). */
export const calendar = createCalendar();

export const nobodyAway: AwayLookup = () => undefined;

/** People away on every day (an approved absence, as the leave records would say). */
export const awayAll =
  (...ids: string[]): AwayLookup =>
  (person, day) =>
    ids.includes(person) ? { person, itemId: 'L', start: day, end: day } : undefined;

/**
 * The engine's environment on a Beijing day (at 10:00 unless `at` says otherwise) or at an exact instant;
 * `away` is a lookup or the people away every day.
 */
export function envAt(when: DateStr | Date, o: { at?: string; away?: AwayLookup | string[] } = {}): Env {
  const now = typeof when === 'string' ? beijingInstant(when, o.at ?? '10:00') : when;
  const away = Array.isArray(o.away) ? awayAll(...o.away) : (o.away ?? nobodyAway);
  return { now, today: typeof when === 'string' ? when : beijingDate(when), org, calendar, away };
}

/** The transition's result, or the test fails with the refusal. */
export function ok<T extends { ok: boolean }>(t: T): Extract<T, { ok: true }> {
  if (!t.ok) throw new Error(`refused: ${JSON.stringify(t)}`);
  return t as Extract<T, { ok: true }>;
}
