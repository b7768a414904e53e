import type Koa from 'koa';
import { drawPatch } from './bot/apply.ts';
import { createApprovalCallback } from './bot/approval-callback.ts';
import type { CardAction } from './bot/card-action.ts';
import { type Command, createRegistry } from './bot/command.ts';
import { createDispatcher, type Dispatcher } from './bot/dispatch.ts';
import type { FloodLimits } from './bot/flood.ts';
import { createIntake, type Intake } from './bot/intake.ts';
import type { Calendar } from './domain/calendar.ts';
import type { OrgIndex } from './domain/org.ts';
import { beijingDate } from './domain/time.ts';
import { createHttpApp } from './http/server.ts';
import { type ApprovalCenter, createApprovalCenter } from './lark/approval-center.ts';
import type { ApprovalGateway } from './lark/approval-gateway.ts';
import type { ApprovalSettings } from './lark/approval-payload.ts';
import type { LarkGateway } from './lark/gateway.ts';
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
  /** The Approval Center (三方审批), with APPROVAL_CENTER=on; without it nothing of it runs. */
  approvalCenter?: { gateway: ApprovalGateway; settings: ApprovalSettings };
}

export interface Bot {
  http: Koa;
  intake: Intake;
  dispatcher: Dispatcher;
  sender: Sender;
  scheduler: Scheduler;
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
  const center = d.approvalCenter
    ? createApprovalCenter({ store: d.store, logger: d.logger, ...d.approvalCenter })
    : undefined;
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
    ...(center ? { approval: center } : {}),
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
  });
  const intake = createIntake({ store: d.store, dispatcher, logger: d.logger });
  const scheduler = createScheduler({
    jobs: center ? [...d.jobs, approvalCenterJob(center)] : d.jobs,
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
    health: () => ({
      mode: d.mode,
      store: d.store.kind,
      items: Object.keys(d.store.data.items).length,
      inbox: d.store.data.inbox.length,
      outbox: sender.stats(),
    }),
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

  return {
    http,
    intake,
    dispatcher,
    sender,
    scheduler,
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
    },
    async stop() {
      scheduler.stop();
      await intake.idle();
      await sender.stop();
      await d.store.close();
    },
  };
}
