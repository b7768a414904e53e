import type Koa from 'koa';
import { drawPatch } from './bot/apply.ts';
import type { CardAction } from './bot/card-action.ts';
import { type Command, createRegistry } from './bot/command.ts';
import { createDispatcher, type Dispatcher } from './bot/dispatch.ts';
import type { FloodLimits } from './bot/flood.ts';
import { createIntake, type Intake } from './bot/intake.ts';
import { watchCalendar } from './calendar-loader.ts';
import { type Calendar, calendarOutlook, type LiveCalendar } from './domain/calendar.ts';
import type { OrgIndex } from './domain/org.ts';
import { beijingDate } from './domain/time.ts';
import { createHttpApp } from './http/server.ts';
import type { LarkGateway } from './lark/gateway.ts';
import type { RateLimits } from './lark/rate-limiter.ts';
import { createSender, type Sender } from './lark/sender.ts';
import { type ConnectionStatus, connectionProblem } from './lark/ws.ts';
import type { Logger } from './logger.ts';
import type { Job } from './scheduler/job.ts';
import { createScheduler, type Scheduler } from './scheduler/scheduler.ts';
import type { Store } from './store/port.ts';

export interface BotDeps {
  mode: string;
  encryptKey: string;
  verificationToken: string;
  adminToken: string | undefined;
  org: OrgIndex;
  calendar: Calendar;
  /**
   * CALENDAR_FILE: with a live calendar (loadCalendar), the file is watched while the bot runs and a new
   * arrangement is applied without a restart.
   */
  calendarFile?: string;
  /** How often the file is looked at (5 s unless a test says otherwise). */
  calendarPollMs?: number;
  store: Store;
  gateway: LarkGateway;
  logger: Logger;
  commands: Command<unknown>[];
  cardActions: CardAction<unknown>[];
  jobs: Job[];
  clock?: () => Date;
  senderConcurrency?: number;
  /** Lark's send limits by default; benchmarks lift them to measure the bot's own handling time. */
  sendLimits?: RateLimits;
  floodLimits?: FloodLimits;
  /** Contact change events go here (the org sync); without it they are acknowledged and dropped. */
  onDirectoryChange?: (e: { eventType: string; eventId: string }) => void;
  /** The long connection's state, when the bot receives events through it (read by /healthz). */
  connection?: () => ConnectionStatus | undefined;
  /** How long it may be away before /healthz answers 503 (a minute by default). */
  connectionAlertAfterMs?: number;
}

export interface Bot {
  http: Koa;
  intake: Intake;
  dispatcher: Dispatcher;
  sender: Sender;
  scheduler: Scheduler;
  botOpenId(): string;
  /** Learns the bot's own open_id, resumes unfinished work and starts the sender (not the cron). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Wires the bot from its dependencies; no I/O until `start`. Used by main and by the tests alike. */
export function createBot(d: BotDeps): Bot {
  const clock = d.clock ?? (() => new Date());
  let botOpenId = '';
  const sender = createSender({
    store: d.store,
    gateway: d.gateway,
    logger: d.logger,
    now: () => Date.now(),
    concurrency: d.senderConcurrency,
    limits: d.sendLimits,
    drawPatch: (ref) => {
      const now = clock();
      return drawPatch(d.store.data, ref, { now, today: beijingDate(now), org: d.org });
    },
  });
  const commands = createRegistry(d.commands);
  const dispatcher = createDispatcher({
    org: d.org,
    calendar: d.calendar,
    store: d.store,
    commands,
    cardActions: d.cardActions,
    logger: d.logger,
    clock,
    onQueued: () => sender.wake(),
    floodLimits: d.floodLimits,
    onDirectoryChange: d.onDirectoryChange,
  });
  const intake = createIntake({ store: d.store, dispatcher, logger: d.logger });
  const scheduler = createScheduler({
    jobs: d.jobs,
    store: d.store,
    org: d.org,
    calendar: d.calendar,
    logger: d.logger,
    clock,
    onQueued: () => sender.wake(),
  });
  const http = createHttpApp({
    encryptKey: d.encryptKey,
    verificationToken: d.verificationToken,
    adminToken: d.adminToken,
    intake,
    botOpenId: () => botOpenId,
    logger: d.logger,
    tick: (at) => scheduler.tick(at),
    health: () => {
      const c = d.connection?.();
      return {
        mode: d.mode,
        store: d.store.kind,
        items: Object.keys(d.store.data.items).length,
        inbox: d.store.data.inbox.length,
        outbox: sender.stats(),
        calendar: calendarHealth(d.calendar, beijingDate(clock())),
        ...(c ? { longConnection: { state: c.state, since: new Date(c.since).toISOString() } } : {}),
      };
    },
    problems: () => {
      const c = d.connection?.();
      const problem = c && connectionProblem(c, Date.now(), d.connectionAlertAfterMs);
      return problem ? [problem] : [];
    },
  });
  let unwatch: (() => void) | undefined;

  return {
    http,
    intake,
    dispatcher,
    sender,
    scheduler,
    botOpenId: () => botOpenId,
    async start() {
      for (let attempt = 1; ; attempt++) {
        try {
          botOpenId = (await d.gateway.botInfo()).openId;
          break;
        } catch (err) {
          if (attempt >= 5) throw err;
          d.logger.warn({ err, attempt }, 'could not read the bot info yet; retrying');
          await new Promise((r) => setTimeout(r, 500 * attempt));
        }
      }
      sender.start();
      await intake.resume();
      const outlook = calendarOutlook(d.calendar, beijingDate(clock()));
      for (const w of outlook.warnings) d.logger.warn({ calendar: outlook.years }, w);
      const live = d.calendar as Partial<LiveCalendar>;
      if (d.calendarFile && typeof live.replace === 'function') {
        unwatch = watchCalendar(d.calendarFile, live as LiveCalendar, d.logger, d.calendarPollMs);
      }
    },
    async stop() {
      unwatch?.();
      scheduler.stop();
      await intake.idle();
      await sender.stop();
      await d.store.close();
    },
  };
}

/**
 * /healthz's `calendar` field: `ok` while this year and the next have the State Council's arrangement,
 * `provisional` while one of them is computed from the statutory holidays only, `missing` when one of them
 * is not known at all (Monday–Friday). `years` gives each year's status (Calendar.yearStatus).
 */
export function calendarHealth(
  calendar: Calendar,
  today: string,
): { status: 'ok' | 'provisional' | 'missing'; years: Record<number, string>; warnings: string[] } {
  const { years, warnings } = calendarOutlook(calendar, today);
  const statuses = Object.values(years);
  const status = statuses.includes('none')
    ? 'missing'
    : statuses.includes('provisional')
      ? 'provisional'
      : 'ok';
  return { status, years, warnings };
}
