import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from '@koa/router';
import Koa from 'koa';
import { answerInbound } from '../bot/answer.ts';
import { normalise } from '../bot/inbound.ts';
import type { Intake } from '../bot/intake.ts';
import type { HealthReport } from '../health/checks.ts';
import type { FailedMessage } from '../lark/outbox-admin.ts';
import type { Logger } from '../logger.ts';
import { type QuickApproval, verifyApprovalCallback } from './approval-verify.ts';
import { BodyTooLarge, readRawBody } from './raw-body.ts';
import { verifyRequest } from './verify.ts';

export interface HttpDeps {
  encryptKey: string;
  verificationToken: string;
  adminToken: string | undefined;
  intake: Intake;
  botOpenId: () => string;
  /** Facts shown on /healthz whatever its verdict (mode, store, backlog). */
  health: () => Record<string, unknown>;
  /** The named checks behind /healthz's verdict (503 with the reasons when one fails). */
  checks?: () => Promise<HealthReport>;
  /** Start-up finished and not shutting down (GET /readyz). */
  ready?: () => { ready: boolean; state: string };
  metrics?: { render(): Promise<string>; contentType: string };
  /** The government office's view of messages that failed for good. */
  outbox?: {
    failed(): FailedMessage[];
    retry(ids: string[] | undefined): Promise<number>;
    dismiss(ids: string[]): Promise<number>;
  };
  /** Runs every scheduled job as if the clock read `at`. */
  tick: (at: Date) => Promise<unknown>;
  logger: Logger;
  now?: () => number;
  bodyLimit?: number;
  /** The Approval Center's quick-approval callback (APPROVAL_CENTER=on with a callback); unset → 404. */
  approvalCallback?: {
    token: string;
    key?: string;
    handle(a: QuickApproval): Promise<{ status: number; body: unknown }>;
  };
}

/**
 * The admin token compared in constant time: how long a comparison takes must not tell how much of a
 * guess was right. Hashing first makes the lengths equal, as timingSafeEqual needs.
 */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The HTTP transport: verify, decrypt, answer the challenge, de-duplicate, hand over. Nothing else. */
export function createHttpApp(d: HttpDeps): Koa {
  const now = d.now ?? Date.now;
  const app = new Koa();
  const router = new Router();

  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        ctx.status = 413;
        ctx.body = { error: 'request body too large' };
        return;
      }
      // Never a 500 to Lark: it would re-push the event. Log and answer 200 with nothing done twice.
      d.logger.error({ err, path: ctx.path }, 'request failed');
      ctx.status = ctx.path === '/lark/events' ? 200 : 500;
      ctx.type = 'application/json';
      ctx.body = ctx.path === '/lark/events' ? {} : { error: 'internal error' };
    }
  });

  router.post('/lark/events', async (ctx) => {
    const raw = await readRawBody(ctx.req, d.bodyLimit ?? 1024 * 1024);
    const v = verifyRequest(raw, ctx.req.headers, {
      encryptKey: d.encryptKey,
      verificationToken: d.verificationToken,
      nowMs: now(),
    });
    ctx.type = 'application/json';
    if (!v.ok) {
      d.logger.warn({ reason: v.reason, ip: ctx.ip }, 'refused event request');
      ctx.status = v.status;
      ctx.body = { error: v.reason };
      return;
    }
    if (v.kind === 'challenge') {
      ctx.body = { challenge: v.challenge };
      return;
    }
    const inbound = normalise(v.envelope, d.botOpenId());
    if (!inbound) {
      ctx.body = {};
      return;
    }
    ctx.body = await answerInbound(d.intake, inbound, { logger: d.logger });
  });

  router.post('/lark/approval-callback', async (ctx) => {
    if (!d.approvalCallback) {
      ctx.status = 404;
      return;
    }
    const raw = await readRawBody(ctx.req, 64 * 1024);
    const v = verifyApprovalCallback(raw, d.approvalCallback);
    ctx.type = 'application/json';
    if (!v.ok) {
      d.logger.warn({ reason: v.reason, ip: ctx.ip }, 'refused approval callback');
      ctx.status = v.status;
      ctx.body = { message: v.reason };
      return;
    }
    const r = await d.approvalCallback.handle(v.action);
    ctx.status = r.status;
    ctx.body = r.body;
  });

  router.get('/healthz', async (ctx) => {
    const report = d.checks ? await d.checks() : { ok: true, reasons: [], checks: {} };
    ctx.status = report.ok ? 200 : 503;
    ctx.body = { ok: report.ok, reasons: report.reasons, checks: report.checks, ...d.health() };
  });

  router.get('/readyz', (ctx) => {
    const r = d.ready?.() ?? { ready: true, state: 'ready' };
    ctx.status = r.ready ? 200 : 503;
    ctx.body = r;
  });

  router.get('/metrics', async (ctx) => {
    if (!d.metrics) {
      ctx.status = 404;
      return;
    }
    ctx.type = d.metrics.contentType;
    ctx.body = await d.metrics.render();
  });

  /** The admin routes answer 404 without ADMIN_TOKEN (they do not exist) and 401 to a wrong token. */
  const admin = (ctx: Koa.Context): boolean => {
    if (!d.adminToken) {
      ctx.status = 404;
      return false;
    }
    if (!sameSecret(ctx.get('authorization'), `Bearer ${d.adminToken}`)) {
      ctx.status = 401;
      ctx.body = { error: 'bad admin token' };
      return false;
    }
    return true;
  };

  router.get('/admin/outbox', (ctx) => {
    if (!admin(ctx) || !d.outbox) return;
    const failed = d.outbox.failed();
    ctx.body = { failed: failed.length, messages: failed };
  });

  const idsOf = async (ctx: Koa.Context): Promise<{ ids?: string[] } | undefined> => {
    const raw = await readRawBody(ctx.req, 256 * 1024);
    if (raw.length === 0) return {};
    try {
      const body = JSON.parse(raw.toString('utf8')) as { ids?: unknown };
      if (body.ids === undefined) return {};
      if (Array.isArray(body.ids) && body.ids.every((x) => typeof x === 'string')) return { ids: body.ids };
    } catch {
      // answered below
    }
    ctx.status = 400;
    ctx.body = { error: 'body must be JSON like {"ids":["<id from GET /admin/outbox>"]} (or empty for all)' };
    return undefined;
  };

  router.post('/admin/outbox/retry', async (ctx) => {
    if (!admin(ctx) || !d.outbox) return;
    const b = await idsOf(ctx);
    if (!b) return;
    const retried = await d.outbox.retry(b.ids);
    d.logger.info({ retried, ids: b.ids ?? 'all' }, 'failed messages put back in line');
    ctx.body = { retried };
  });

  router.post('/admin/outbox/dismiss', async (ctx) => {
    if (!admin(ctx) || !d.outbox) return;
    const b = await idsOf(ctx);
    if (!b) return;
    if (!b.ids) {
      ctx.status = 400;
      ctx.body = { error: 'name the messages to dismiss: {"ids":[…]}' };
      return;
    }
    const dismissed = await d.outbox.dismiss(b.ids);
    d.logger.warn({ dismissed, ids: b.ids }, 'failed messages dismissed by the office');
    ctx.body = { dismissed };
  });

  router.post('/admin/tick', async (ctx) => {
    if (!admin(ctx)) return;
    const raw = await readRawBody(ctx.req, 64 * 1024);
    let at = new Date(now());
    if (raw.length > 0) {
      let body: { at?: unknown };
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        ctx.status = 400;
        ctx.body = { error: 'body must be JSON like {"at":"2026-12-01T08:30:00+08:00"}' };
        return;
      }
      if (body.at !== undefined) {
        at = new Date(String(body.at));
        if (Number.isNaN(at.getTime())) {
          ctx.status = 400;
          ctx.body = { error: `"at" is not an ISO instant: ${JSON.stringify(body.at)}` };
          return;
        }
      }
    }
    ctx.body = { at: at.toISOString(), result: await d.tick(at) };
  });

  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
