import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import { createSandboxClock } from '../../src/sandbox/clock.ts';

const at = (s: string) => new Date(`${s}+08:00`);

describe('the sandbox clock', () => {
  it('keeps running after it is moved, and goes back to real time', () => {
    let real = at('2026-11-26T10:00:00').getTime();
    const clock = createSandboxClock(createCalendar(), () => real);
    clock.set(at('2026-12-01T08:30:00'));
    real += 90_000;
    expect(clock.now()).toEqual(at('2026-12-01T08:31:30'));
    expect(clock.offsetMs).toBe(at('2026-12-01T08:30:00').getTime() - at('2026-11-26T10:00:00').getTime());
    clock.reset();
    expect(clock.now().getTime()).toBe(real);
    expect(() => clock.set(new Date('nonsense'))).toThrow(RangeError);
  });

  it.each([
    ['a Friday → Monday', '2026-11-27T10:00:00', '2026-11-30T08:30:00'],
    ['before 08:30 still means the next working day', '2026-11-26T07:00:00', '2026-11-27T08:30:00'],
    ['the eve of National Day → after the holiday', '2026-09-30T15:00:00', '2026-10-08T08:30:00'],
    ['a Friday before a make-up Saturday (调休上班)', '2026-10-09T18:00:00', '2026-10-10T08:30:00'],
    ['Spring Festival make-up Saturday → after the holiday', '2026-02-14T09:00:00', '2026-02-24T08:30:00'],
  ])('next working day 08:30 uses the calendar: %s', (_n, from, to) => {
    const clock = createSandboxClock(createCalendar(), () => at(from).getTime());
    expect(clock.nextWorkingMorning('08:30')).toEqual(at(to));
  });
});
