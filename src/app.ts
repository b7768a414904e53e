import type Koa from 'koa';
import { drawPatch } from './bot/apply.ts';
import { createApprovalCallback } from './bot/approval-callback.ts';
import type { CardAction } from './bot/card-action.ts';
import { type Command, createRegistry } from './bot/command.ts';
import { createDispatcher, type Dispatcher } from './bot/dispatch.ts';
import type { FloodLimits } from './bot/flood.ts';
import { createIntake, type Intake } from './bot/intake.ts';
import { watchCalendar } from './calendar-loader.ts';
import { type Calendar, calendarOutlook, type LiveCalendar } from './domain/calendar.ts';
import type { OrgIndex } from './domain/org.ts';
import { beijingDate } from './domain/time.ts';
import {
  calendarCheck,
  connectionCheck,
  dataFolderCheck,
  failedMessagesCheck,
  type HealthCheck,
  type HealthReport,
  outboxAgeCheck,
  runChecks,
} from './health/checks.ts';
import {
  instrumentCardActions,
  instrumentCommands,
  instrumentGateway,
  instrumentIntake,
  instrumentJobs,
} from './health/instrument.ts';
import { createMetrics, type Metrics } from './health/metrics.ts';
import type { CalendarStatusFn, ConnectionStatusFn } from './health/status.ts';
import { createHttpApp } from './http/server.ts';
import { type ApprovalCenter, createApprovalCenter } from './lark/approval-center.ts';
import type { ApprovalGateway } from './lark/approval-gateway.ts';
import type { ApprovalSettings } from './lark/approval-payload.ts';
import type { LarkGateway } from './lark/gateway.ts';
import { dismissFailed, failedMessages, retryFailed } from './lark/outbox-admin.ts';
import type { RateLimits } from './lark/rate-limiter.ts';
import { createSender, type Sender } from './lark/sender.ts';
import type { Logger } from './logger.ts';
import type { Job } from './scheduler/job.ts';
import { approvalCenterJob } from './scheduler/jobs/approval-center.ts';
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
  /** Feeds /healthz: the long connection's state, when the bot receives events through it. */
  connection?: ConnectionStatusFn;
  /** How long it may be away before /healthz answers 503 (a minute by default). */
  connectionAlertAfterMs?: number;
  /** Feeds /healthz: the folder the store writes to, and the store's last write failure. */
  dataFolder?: { dir: string; lastWriteError(): Error | undefined };
  /** /healthz fails when the oldest message still to send is older than this (default 10 minutes). */
  outboxMaxAgeMs?: number;
  /** How each year of the holiday calendar stands (default: Calendar.yearStatus). */
  calendarStatus?: CalendarStatusFn;
  /** Node's own process metrics (memory, event loop) on /metrics: main turns them on, tests leave them off. */
  processMetrics?: boolean;
  /** Start-up and shutdown as main sees them (GET /readyz); default: ready once start() is done. */
  ready?: () => { ready: boolean; state: string };
  /** The Approval Center (三方审批), with APPROVAL_CENTER=on; without it nothing of it runs. */
  approvalCenter?: { gateway: ApprovalGateway; settings: ApprovalSettings };
}

export interface Bot {
  http: Koa;
  intake: Intake;
  dispatcher: Dispatcher;
  sender: Sender;
  scheduler: Scheduler;
  metrics: Metrics;
  /** The named checks of /healthz, run now. */
  health(): Promise<HealthReport>;
  approvalCenter?: ApprovalCenter;
  botOpenId(): string;
  /** Learns the bot's own open_id, resumes unfinished work and starts the sender (not the cron). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Wires the bot from its dependencies; no I/O until `start`. Used by main and by the tests alike. */
export function createBot(d: BotDeps): Bot {
  const clock = d.clock ?? (() => new Date());
  let botOpenId = '';
  let phase = 'starting';
  const metrics = createMetrics({ outbox: () => d.store.data.outbox, processMetrics: d.processMetrics });
  const center = d.approvalCenter
    ? createApprovalCenter({
        store: d.store,
        logger: d.logger,
        ...d.approvalCenter,
        // Counted on /metrics by API like every other Open API call (approval.syncInstance, …).
        gateway: instrumentGateway(d.approvalCenter.gateway, metrics, 'approval.'),
      })
    : undefined;
  const sender = createSender({
    store: d.store,
    gateway: instrumentGateway(d.gateway, metrics),
    logger: d.logger,
    now: () => Date.now(),
    concurrency: d.senderConcurrency,
    limits: d.sendLimits,
    drawPatch: (ref) => {
      const now = clock();
      return drawPatch(d.store.data, ref, { now, today: beijingDate(now), org: d.org });
    },
    ...(center ? { approval: center } : {}),
  });
  const commands = createRegistry(instrumentCommands(d.commands, metrics));
  const dispatcher = createDispatcher({
    org: d.org,
    calendar: d.calendar,
    store: d.store,
    commands,
    cardActions: instrumentCardActions(d.cardActions, metrics),
    logger: d.logger,
    clock,
    onQueued: () => sender.wake(),
    floodLimits: d.floodLimits,
    onDirectoryChange: d.onDirectoryChange,
  });
  const intake = instrumentIntake(createIntake({ store: d.store, dispatcher, logger: d.logger }), metrics);
  const scheduler = createScheduler({
    jobs: instrumentJobs(center ? [...d.jobs, approvalCenterJob(center)] : d.jobs, metrics),
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
        // The process zone main set (Asia/Shanghai whatever the host's): the rules' dates depend on it.
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        store: d.store.kind,
        items: Object.keys(d.store.data.items).length,
        inbox: d.store.data.inbox.length,
        outbox: sender.stats(),
        // A provisional year is a warning here, not a failed check: its deadlines are computed from the
        // statutory holidays, only the make-up working days are unknown (the calendar check fails on none).
        calendar: calendarHealth(d.calendar, beijingDate(clock())),
        ...(c ? { longConnection: { state: c.state, since: new Date(c.since).toISOString() } } : {}),
      };
    },
    checks: () => health(),
    ready: d.ready ?? (() => ({ ready: phase === 'ready', state: phase })),
    metrics,
    outbox: {
      failed: () => failedMessages(d.store.data),
      async retry(ids) {
        const n = await d.store.transact((data) => retryFailed(data, ids, Date.now()));
        if (n > 0) sender.wake();
        return n;
      },
      dismiss: (ids) => d.store.transact((data) => dismissFailed(data, ids)),
    },
    ...(center?.settings.callback
      ? {
          approvalCallback: {
            token: center.settings.callback.token,
            key: center.settings.callback.key,
            handle: createApprovalCallback({
              store: d.store,
              intake,
              org: d.org,
              logger: d.logger,
              openIdOf: (u) => center.openIdOf(u),
            }).handle,
          },
        }
      : {}),
  });
  let unwatch: (() => void) | undefined;

  const outbox = () => d.store.data.outbox;
  const checks: HealthCheck[] = [
    ...(d.connection ? [connectionCheck(d.connection, d.connectionAlertAfterMs)] : []),
    outboxAgeCheck(outbox, d.outboxMaxAgeMs ?? 10 * 60_000),
    failedMessagesCheck(outbox),
    ...(d.dataFolder ? [dataFolderCheck(d.dataFolder.dir, d.dataFolder.lastWriteError)] : []),
    calendarCheck(d.calendarStatus ?? ((year) => d.calendar.yearStatus(year))),
  ];
  // Checks run on the real clock: a test that moves the bot's clock still has a real disk and socket.
  const health = () => runChecks(checks, Date.now());

  return {
    http,
    intake,
    dispatcher,
    sender,
    scheduler,
    metrics,
    health,
    ...(center ? { approvalCenter: center } : {}),
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
      await center?.start();
      sender.start();
      await intake.resume();
      const outlook = calendarOutlook(d.calendar, beijingDate(clock()));
      for (const w of outlook.warnings) d.logger.warn({ calendar: outlook.years }, w);
      const live = d.calendar as Partial<LiveCalendar>;
      if (d.calendarFile && typeof live.replace === 'function') {
        unwatch = watchCalendar(d.calendarFile, live as LiveCalendar, d.logger, d.calendarPollMs);
      }
      phase = 'ready';
    },
    async stop() {
      phase = 'stopping';
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
