import type { Out } from '../bot/out.ts';
import type { Calendar } from '../domain/calendar.ts';
import type { OrgIndex } from '../domain/org.ts';
import type { DateStr } from '../domain/time.ts';
import type { Store } from '../store/port.ts';
import type { StoreData } from '../store/schema.ts';

export interface JobContext {
  at: Date;
  today: DateStr;
  /** The run is late (the bot was down at the scheduled time). */
  late: boolean;
  org: OrgIndex;
  calendar: Calendar;
  store: Store;
  transact<T>(fn: (data: StoreData, out: Out) => T): Promise<T>;
}

/** A scheduled job: when it runs, and what it asks the domain and writes to the outbox. */
export interface Job {
  name: string;
  /** Beijing time of day, HH:mm (or read from the org file, e.g. the digest time). */
  time: string | ((org: OrgIndex) => string);
  /** Skip holidays and run on make-up working days (the calendar, not cron's weekday field). */
  workingDaysOnly: boolean;
  /** Run at most once per day (recorded in the store); false for jobs that run at every tick. */
  oncePerDay: boolean;
  run(ctx: JobContext): Promise<Record<string, unknown> | undefined>;
}
