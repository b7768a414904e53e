export type RateTargetKind = 'chat' | 'user' | 'app';

export interface RateViolation {
  kind: RateTargetKind;
  id: string;
  /** The most sends seen within any sliding 1-second window. */
  maxPerSecond: number;
}

export interface RateMonitor {
  record(targets: Array<{ kind: RateTargetKind; id: string }>, at: number): void;
  violations(limits?: { perTarget?: number; perApp?: number }): RateViolation[];
}

const WINDOW_MS = 1000;

function maxInWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= WINDOW_MS) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export function createRateMonitor(): RateMonitor {
  const sends = new Map<string, { kind: RateTargetKind; id: string; times: number[] }>();
  return {
    record(targets, at) {
      for (const { kind, id } of targets) {
        const key = `${kind}:${id}`;
        const entry = sends.get(key) ?? { kind, id, times: [] };
        entry.times.push(at);
        sends.set(key, entry);
      }
    },
    violations({ perTarget = 5, perApp = 50 } = {}) {
      const found: RateViolation[] = [];
      for (const { kind, id, times } of sends.values()) {
        const maxPerSecond = maxInWindow(times);
        if (maxPerSecond > (kind === 'app' ? perApp : perTarget)) found.push({ kind, id, maxPerSecond });
      }
      return found;
    },
  };
}
