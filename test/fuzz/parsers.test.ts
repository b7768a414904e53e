import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLeaveLine } from '../../commands/leave-line.ts';
import { splitCommand } from '../../src/bot/command.ts';
import { isValidDate } from '../../src/domain/time.ts';
import { parseDate, parseDateSpan } from '../../src/parse/dates.ts';
import { commandish, mixedText } from '../helpers/faults-arbitraries.ts';
import { runsFromEnv, seedFromEnv } from '../helpers/faults-prng.ts';

// 10,000 random inputs each: every parser answers with a result or a failure value, never a throw, and
// what it answers is well formed. FAULT_SEED=<n> replays a run.
const RUNS = { numRuns: runsFromEnv(10_000), seed: seedFromEnv(20261126) };
const instant = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2035-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const DATE_FAILURES = ['no_date', 'invalid_date', 'end_before_start', 'too_long'];

describe('fuzz: command and date parsers', () => {
  it('splitCommand gives a word without spaces and a trimmed rest, or nothing', () => {
    fc.assert(
      fc.property(commandish, (text) => {
        const r = splitCommand(text);
        if (r === undefined) return;
        expect(r.word.length).toBeGreaterThan(0);
        expect(/\s/.test(r.word)).toBe(false);
        expect(r.rest).toBe(r.rest.trim());
      }),
      RUNS,
    );
  });

  it('parseDateSpan gives a valid ordered span or a reason', () => {
    fc.assert(
      fc.property(mixedText(), instant, (text, now) => {
        const r = parseDateSpan(text, now);
        if (r.ok) {
          expect(isValidDate(r.start) && isValidDate(r.end)).toBe(true);
          expect(r.start <= r.end).toBe(true);
          // The text without the date part, trimmed: shorter than what was typed.
          expect(r.rest).toBe(r.rest.trim());
          expect(r.rest.length).toBeLessThan(text.length);
        } else {
          expect(DATE_FAILURES).toContain(r.reason);
          expect(r.detail.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('parseDate gives one valid date or a reason', () => {
    fc.assert(
      fc.property(mixedText(12), instant, (text, now) => {
        const r = parseDate(text, now);
        if (r.ok) expect(isValidDate(r.date)).toBe(true);
        else expect([...DATE_FAILURES, 'not_single_date']).toContain(r.reason);
      }),
      RUNS,
    );
  });

  it('parseLeaveLine gives the form’s fields or a problem to show', () => {
    fc.assert(
      fc.property(mixedText(), instant, (text, now) => {
        const r = parseLeaveLine(text, now);
        if (r.ok) {
          expect(['out_of_city', 'vacation', 'outbound_visit']).toContain(r.input.type);
          expect(isValidDate(r.input.start) && isValidDate(r.input.end)).toBe(true);
          expect(r.input.start! <= r.input.end!).toBe(true);
          expect(/\s/.test(r.input.destination ?? '')).toBe(false);
        } else {
          expect(r.problem.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });
});
