import { Router } from '@koa/router';
import Koa from 'koa';
import { toast } from '../bot/card-action.ts';
import { normalise } from '../bot/inbound.ts';
import type { Intake } from '../bot/intake.ts';
import { DUPLICATE_TAP } from '../bot/replies.ts';
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
  health: () => Record<string, unknown>;
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
    const r = await d.intake.accept(inbound);
    if (r.duplicate) {
      ctx.body = inbound.kind === 'card' ? toast('info', DUPLICATE_TAP) : {};
      return;
    }
    ctx.body = r.reply ?? {};
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

  router.get('/healthz', (ctx) => {
    ctx.body = { ok: true, ...d.health() };
  });

  router.post('/admin/tick', async (ctx) => {
    if (!d.adminToken) {
      ctx.status = 404;
      return;
    }
    if (ctx.get('authorization') !== `Bearer ${d.adminToken}`) {
      ctx.status = 401;
      ctx.body = { error: 'bad admin token' };
      return;
    }
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
