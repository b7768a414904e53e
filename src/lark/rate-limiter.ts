/**
 * Sliding windows: Lark allows 5 messages a second to one user or one chat, and per app 50 a second and
 * 1000 a minute for each message API (reference/lark-platform.md §7: "1000 次/分钟、50 次/秒"; hitting
 * either window throttles). `take` reserves a slot or says how long to wait.
 */
export interface RateLimits {
  perKey: number;
  perApp: number;
  windowMs: number;
  /** Per app and API in a minute (Lark: 1000); unset for no minute window (benchmarks). */
  perAppMinute?: number;
}

// The window is a little longer than Lark's second (and minute): requests started a window apart can
// arrive closer together, and Lark counts arrivals.
export const LARK_SEND_LIMITS: RateLimits = { perKey: 5, perApp: 50, windowMs: 1200, perAppMinute: 1000 };
const MINUTE_MS = 61_000;

export function createRateLimiter(limits: RateLimits = LARK_SEND_LIMITS) {
  const byKey = new Map<string, number[]>();
  // Lark limits each API separately per app (send, patch, urgent, upload), so the app window is per API.
  // The Approval Center's calls (outbox op 'approval') share one: its 1000/min and 50/s are the same.
  const byApi = new Map<string, number[]>();
  const byApiMinute = new Map<string, number[]>();

  const trim = (list: number[], now: number, windowMs: number) => {
    let i = 0;
    while (i < list.length && now - list[i]! >= windowMs) i++;
    if (i > 0) list.splice(0, i);
  };

  /** ms until `api` has room in both app windows (0: it has). */
  const appWaitMs = (api: string, now: number): number => {
    let wait = 0;
    const sec = byApi.get(api);
    if (sec) {
      trim(sec, now, limits.windowMs);
      if (sec.length >= limits.perApp) wait = limits.windowMs - (now - sec[0]!);
    }
    const min = limits.perAppMinute ? byApiMinute.get(api) : undefined;
    if (min && limits.perAppMinute) {
      trim(min, now, MINUTE_MS);
      if (min.length >= limits.perAppMinute) wait = Math.max(wait, MINUTE_MS - (now - min[0]!));
    }
    return wait;
  };

  return {
    /** ms until the app-wide windows of `api` have room (0: they have); reserves nothing. */
    appWait: appWaitMs,
    /** 0 when a slot was taken; otherwise ms until one frees up (nothing reserved). */
    take(key: string, now: number, api = 'send'): number {
      const list = byKey.get(key) ?? [];
      trim(list, now, limits.windowMs);
      if (list.length >= limits.perKey) return limits.windowMs - (now - list[0]!);
      const app = appWaitMs(api, now);
      if (app > 0) return app;
      list.push(now);
      byKey.set(key, list);
      const sec = byApi.get(api) ?? [];
      sec.push(now);
      byApi.set(api, sec);
      if (limits.perAppMinute) {
        const min = byApiMinute.get(api) ?? [];
        min.push(now);
        byApiMinute.set(api, min);
      }
      return 0;
    },
  };
}
