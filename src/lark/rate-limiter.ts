/**
 * Sliding one-second windows: Lark allows 5 messages a second to one user or one chat and 50 a second
 * per app (reference/lark-platform.md §7). `take` reserves a slot or says how long to wait.
 */
export interface RateLimits {
  perKey: number;
  perApp: number;
  windowMs: number;
}

// The window is a little longer than Lark's second: requests started a second apart can arrive closer
// together, and Lark counts arrivals.
export const LARK_SEND_LIMITS: RateLimits = { perKey: 5, perApp: 50, windowMs: 1200 };

export function createRateLimiter(limits: RateLimits = LARK_SEND_LIMITS) {
  const byKey = new Map<string, number[]>();
  // Lark limits each API separately per app (send, patch, urgent, upload), so the app window is per API.
  const byApi = new Map<string, number[]>();

  const trim = (list: number[], now: number) => {
    while (list.length > 0 && now - list[0]! >= limits.windowMs) list.shift();
  };

  return {
    /** ms until the app-wide window of `api` has room (0: it has); reserves nothing. */
    appWait(api: string, now: number): number {
      const app = byApi.get(api);
      if (!app) return 0;
      trim(app, now);
      return app.length >= limits.perApp ? limits.windowMs - (now - app[0]!) : 0;
    },
    /** 0 when a slot was taken; otherwise ms until one frees up (nothing reserved). */
    take(key: string, now: number, api = 'send'): number {
      const list = byKey.get(key) ?? [];
      const app = byApi.get(api) ?? [];
      trim(list, now);
      trim(app, now);
      if (list.length >= limits.perKey) return limits.windowMs - (now - list[0]!);
      if (app.length >= limits.perApp) return limits.windowMs - (now - app[0]!);
      list.push(now);
      app.push(now);
      byKey.set(key, list);
      byApi.set(api, app);
      return 0;
    },
  };
}
