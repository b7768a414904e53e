/** Per-person limits on what the bot will handle: a typing accident or a script must not drown everyone else. */
export interface FloodLimits {
  messagesPerMinute: number;
  tapsPerMinute: number;
}

export const FLOOD_LIMITS: FloodLimits = {
  /** Commands (messages and menu clicks) per person per minute. */
  messagesPerMinute: 20,
  /** Card taps per person per minute (a leader may approve many cards in a row). */
  tapsPerMinute: 120,
};

export type FloodVerdict = 'ok' | 'warn' | 'drop';

/** Sliding one-minute windows per person; the first refusal in a window is answered, the rest dropped. */
export function createFloodGuard(limits: FloodLimits = FLOOD_LIMITS) {
  const seen = new Map<string, { times: number[]; warnedAt: number }>();
  return {
    check(key: string, kind: 'message' | 'tap', now: number): FloodVerdict {
      const limit = kind === 'tap' ? limits.tapsPerMinute : limits.messagesPerMinute;
      const id = `${kind}:${key}`;
      const s = seen.get(id) ?? { times: [], warnedAt: 0 };
      while (s.times.length > 0 && now - s.times[0]! >= 60_000) s.times.shift();
      seen.set(id, s);
      if (s.times.length < limit) {
        s.times.push(now);
        return 'ok';
      }
      if (now - s.warnedAt >= 60_000) {
        s.warnedAt = now;
        return 'warn';
      }
      return 'drop';
    },
  };
}
