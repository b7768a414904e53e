import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { beijingDate } from '../domain/time.ts';
import type { OutboxEntry } from '../lark/outbox.ts';
import type { CalendarStatusFn, ConnectionStatus, ConnectionStatusFn } from './status.ts';

/** One named check of /healthz: ok, and a line for the operator either way. */
export interface CheckResult {
  ok: boolean;
  detail: string;
}

export interface HealthCheck {
  name: string;
  run(nowMs: number): CheckResult | Promise<CheckResult>;
}

export interface HealthReport {
  ok: boolean;
  /** The failing checks' lines, for the 503 body and the log. */
  reasons: string[];
  checks: Record<string, CheckResult>;
}

const minutes = (ms: number) => Math.max(0, Math.round(ms / 60_000));

/** How long the long connection may be away before /healthz calls the bot unhealthy. */
export const CONNECTION_ALERT_AFTER_MS = 60_000;

/** The reason /healthz gives when the long connection has been away too long; undefined while it is fine. */
export function connectionProblem(
  s: ConnectionStatus,
  now: number,
  alertAfterMs = CONNECTION_ALERT_AFTER_MS,
): string | undefined {
  if (s.state === 'connected' || now - s.since <= alertAfterMs) return undefined;
  const seconds = Math.round((now - s.since) / 1000);
  const what = s.state === 'connecting' ? `${seconds} 秒仍未建立` : `已断开 ${seconds} 秒`;
  return `飞书长连接${what}，收不到消息和卡片点击（long connection ${s.state} since ${new Date(s.since).toISOString()}）`;
}

/** Lark's long connection: it may drop and come back; down (or never up) for longer than a minute is not. */
export function connectionCheck(
  status: ConnectionStatusFn,
  alertAfterMs = CONNECTION_ALERT_AFTER_MS,
): HealthCheck {
  return {
    name: 'long-connection',
    run(now) {
      const s = status();
      const problem = connectionProblem(s, now, alertAfterMs);
      if (problem) return { ok: false, detail: problem };
      return { ok: true, detail: `${s.state} for ${Math.round((now - s.since) / 1000)} s` };
    },
  };
}

/** Messages waiting too long: Lark is unreachable, rate limits are hit, or the sender is stuck. */
export function outboxAgeCheck(outbox: () => readonly OutboxEntry[], maxAgeMs: number): HealthCheck {
  return {
    name: 'outbox',
    run(now) {
      let oldest: number | undefined;
      let pending = 0;
      for (const e of outbox()) {
        if (e.status !== 'pending') continue;
        pending += 1;
        if (oldest === undefined || e.createdAt < oldest) oldest = e.createdAt;
      }
      const age = oldest === undefined ? 0 : now - oldest;
      const ok = age <= maxAgeMs;
      return {
        ok,
        detail: `${pending} pending, oldest ${minutes(age)} min${ok ? '' : ` (more than ${minutes(maxAgeMs)} min: messages are not getting out)`}`,
      };
    },
  };
}

/** Messages Lark refused for good: someone was not told; the office must look (GET /admin/outbox). */
export function failedMessagesCheck(outbox: () => readonly OutboxEntry[]): HealthCheck {
  return {
    name: 'failed-messages',
    run() {
      const failed = outbox().filter((e) => e.status === 'failed');
      if (failed.length === 0) return { ok: true, detail: 'none' };
      const codes = [...new Set(failed.map((e) => e.lastError?.split(' ')[0] ?? '?'))].slice(0, 5);
      return {
        ok: false,
        detail: `${failed.length} message(s) failed for good (codes ${codes.join(', ')}): see GET /admin/outbox, retry with POST /admin/outbox/retry`,
      };
    },
  };
}

/** The data folder takes a durable write (disk full, read-only remount, permissions) and the store's last write went through. */
export function dataFolderCheck(
  dir: string,
  lastWriteError: () => Error | undefined,
  timeoutMs = 5000,
): HealthCheck {
  return {
    name: 'data-folder',
    async run() {
      const failed = lastWriteError();
      if (failed) return { ok: false, detail: `the last write failed: ${failed.message}` };
      const probe = join(dir, `.health-${randomBytes(4).toString('hex')}.tmp`);
      const attempt = (async () => {
        const fh = await open(probe, 'w', 0o600);
        try {
          await fh.writeFile('ok');
          await fh.sync();
        } finally {
          await fh.close();
          await unlink(probe).catch(() => undefined);
        }
      })();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from the disk in ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([attempt, timeout]);
        return { ok: true, detail: `${dir} is writable` };
      } catch (err) {
        return { ok: false, detail: `${dir} is not writable: ${(err as Error).message}` };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Working-day deadlines need the holiday calendar: this year always, next year from December on (a
 * deadline set then can end in January; the State Council publishes the next year's arrangement in
 * October or November, so asking for it earlier would fail every day of the year).
 */
export function calendarCheck(status: CalendarStatusFn, nextYearFromMonth = 12): HealthCheck {
  return {
    name: 'calendar',
    run(now) {
      const today = beijingDate(new Date(now));
      const year = Number(today.slice(0, 4));
      const month = Number(today.slice(5, 7));
      const years = month >= nextYearFromMonth ? [year, year + 1] : [year];
      const states = years.map((y) => ({ y, s: status(y) }));
      const missing = states.filter((x) => x.s === 'none').map((x) => x.y);
      const detail = states.map((x) => `${x.y} ${x.s}`).join(', ');
      return missing.length === 0
        ? { ok: true, detail }
        : {
            ok: false,
            detail: `no holiday calendar for ${missing.join(', ')} (${detail}): working-day deadlines fall back to Monday–Friday; add the year to CALENDAR_FILE`,
          };
    },
  };
}

export async function runChecks(checks: HealthCheck[], nowMs: number): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        return [c.name, await c.run(nowMs)] as const;
      } catch (err) {
        return [c.name, { ok: false, detail: `check failed: ${(err as Error).message}` }] as const;
      }
    }),
  );
  const checksOut = Object.fromEntries(results);
  const reasons = results.filter(([, r]) => !r.ok).map(([name, r]) => `${name}: ${r.detail}`);
  return { ok: reasons.length === 0, reasons, checks: checksOut };
}
