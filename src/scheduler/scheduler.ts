import cron, { type ScheduledTask } from 'node-cron';
import type { Out } from '../bot/out.ts';
import { createOut } from '../bot/out.ts';
import type { Calendar } from '../domain/calendar.ts';
import type { OrgIndex } from '../domain/org.ts';
import { beijingDate, beijingTime } from '../domain/time.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/port.ts';
import type { StoreData } from '../store/schema.ts';
import type { Job, JobContext } from './job.ts';

const FIRST_START = 'first start: nothing was missed';
/** The run record that says when the scheduler first started on this data folder. */
export const FIRST_START_KEY = 'scheduler:first-start';

export interface Scheduler {
  /** Runs every job that is due at `at` (and not yet run for that day). */
  tick(
    at: Date,
  ): Promise<Array<{ job: string; ran: boolean; late?: boolean; result?: unknown; skipped?: string }>>;
  /** Starts the minute cron and runs a catch-up tick at once (a job missed while the bot was down runs late). */
  start(): Promise<void>;
  stop(): void;
}

export function createScheduler(o: {
  jobs: Job[];
  store: Store;
  org: OrgIndex;
  calendar: Calendar;
  logger: Logger;
  clock: () => Date;
  onQueued: () => void;
}): Scheduler {
  const names = new Set<string>();
  for (const j of o.jobs) {
    if (names.has(j.name)) throw new Error(`job "${j.name}" is defined twice`);
    names.add(j.name);
  }
  let task: ScheduledTask | undefined;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();

  const transact = async <T>(_at: Date, fn: (d: StoreData, out: Out) => T): Promise<T> => {
    let queued = 0;
    const r = await o.store.transact((d) => {
      const out = createOut(d, undefined);
      const v = fn(d, out);
      queued = out.queued;
      return v;
    });
    if (queued > 0) o.onQueued();
    return r;
  };

  async function tickNow(at: Date, firstStart = false) {
    const today = beijingDate(at);
    const time = beijingTime(at);
    const results: Awaited<ReturnType<Scheduler['tick']>> = [];
    for (const job of o.jobs) {
      if (job.workingDaysOnly && !o.calendar.isWorkday(today)) {
        results.push({ job: job.name, ran: false, skipped: 'not a working day' });
        continue;
      }
      const due = typeof job.time === 'function' ? job.time(o.org) : job.time;
      if (time < due) {
        results.push({ job: job.name, ran: false, skipped: `before ${due}` });
        continue;
      }
      const runKey = `${job.name}:${today}`;
      if (job.oncePerDay && o.store.data.jobRuns[runKey]) {
        results.push({ job: job.name, ran: false, skipped: 'already ran today' });
        continue;
      }
      // Late when the scheduled minute has passed by more than the cron granularity.
      const late = job.oncePerDay && time > addMinutes(due, 5);
      if (late && firstStart) {
        // A brand-new data folder is not a bot that was down: nothing was missed, nothing is 补发.
        await transact(at, (d) => {
          d.jobRuns[runKey] = {
            job: job.name,
            date: today,
            at: at.toISOString(),
            late,
            skipped: FIRST_START,
          };
        });
        results.push({ job: job.name, ran: false, skipped: FIRST_START });
        continue;
      }
      const ctx: JobContext = {
        at,
        today,
        late,
        org: o.org,
        calendar: o.calendar,
        store: o.store,
        transact: (fn) =>
          transact(at, (d, out) => {
            const v = fn(d, out);
            if (job.oncePerDay)
              d.jobRuns[runKey] = { job: job.name, date: today, at: at.toISOString(), late };
            return v;
          }),
      };
      try {
        const result = await job.run(ctx);
        if (job.oncePerDay && !o.store.data.jobRuns[runKey]) {
          await transact(at, (d) => {
            d.jobRuns[runKey] = { job: job.name, date: today, at: at.toISOString(), late };
          });
        }
        // A job that looked and found nothing to do today (e.g. the weekly summary on a Tuesday) says so.
        const skipped = (result as { skipped?: unknown } | undefined)?.skipped;
        results.push(
          typeof skipped === 'string'
            ? { job: job.name, ran: false, skipped }
            : { job: job.name, ran: true, late, result },
        );
        if (late) o.logger.warn({ job: job.name, today }, 'job ran late (the bot was down at its time)');
      } catch (err) {
        o.logger.error({ err, job: job.name }, 'job failed');
        results.push({ job: job.name, ran: false, skipped: `failed: ${(err as Error).message}` });
      }
    }
    return results;
  }

  return {
    tick(at) {
      // One tick at a time: a job never runs twice concurrently for the same day.
      const p = running.then(() => tickNow(at));
      running = p.catch(() => undefined);
      return p;
    },
    async start() {
      const now = o.clock();
      const runs = o.store.data.jobRuns;
      // The first start on this data folder is recorded, so a later restart knows the bot existed then.
      const firstStart = !runs[FIRST_START_KEY] && Object.keys(runs).length === 0;
      if (!runs[FIRST_START_KEY]) {
        await transact(now, (d) => {
          d.jobRuns[FIRST_START_KEY] = {
            job: 'scheduler',
            date: beijingDate(now),
            at: now.toISOString(),
            late: false,
          };
        });
      }
      const p = running.then(() => tickNow(now, firstStart));
      running = p.catch(() => undefined);
      try {
        await p;
      } finally {
        // Every minute in Beijing time; each job decides from the calendar and its run record. Started only
        // after the first tick: a minute's tick during the first-start record would run the catch-up
        // (补发) of a bot that was never down.
        if (!stopped)
          task = cron.schedule('* * * * *', () => void this.tick(o.clock()), {
            timezone: 'Asia/Shanghai',
            name: 'scheduler',
            noOverlap: true,
          });
      }
    },
    stop() {
      stopped = true;
      task?.stop();
      task?.destroy();
    },
  };
}

function addMinutes(hhmm: string, n: number): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const t = Math.min(h * 60 + m + n, 23 * 60 + 59);
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}
