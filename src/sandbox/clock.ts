import type { Calendar } from '../domain/calendar.ts';
import { beijingDate, beijingInstant } from '../domain/time.ts';

/**
 * The sandbox's adjustable clock: real time plus an offset, so that time keeps running after it is
 * moved (the minute cron sees the moved time too) and the scheduler can be tried without waiting a day.
 */
export interface SandboxClock {
  now(): Date;
  /** Milliseconds ahead of (or, negative, behind) real time. */
  readonly offsetMs: number;
  set(at: Date): void;
  /** Back to real time. */
  reset(): void;
  /** The next working day after the clock's Beijing date (holidays and make-up days from the calendar), at `hhmm`. */
  nextWorkingMorning(hhmm: string): Date;
}

export function createSandboxClock(calendar: Calendar, realNow: () => number = Date.now): SandboxClock {
  let offset = 0;
  const now = () => new Date(realNow() + offset);
  return {
    now,
    get offsetMs() {
      return offset;
    },
    set(at) {
      if (Number.isNaN(at.getTime())) throw new RangeError('not a time');
      offset = at.getTime() - realNow();
    },
    reset() {
      offset = 0;
    },
    nextWorkingMorning(hhmm) {
      return beijingInstant(calendar.nextWorkday(beijingDate(now())), hhmm);
    },
  };
}
