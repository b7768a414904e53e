import { larkError, type Reply } from './types.ts';

export type FaultKind = 'http500' | 'rate429' | 'chat230020' | 'code11232' | 'timeout';
export type FaultOp = 'create' | 'reply' | 'patch' | 'urgent' | 'file' | 'contact' | 'approval';

export interface RandomFaults {
  rate: number;
  kinds: FaultKind[];
  seed?: number;
}

export interface InjectedFault {
  op: FaultOp;
  kind: FaultKind;
  at: number;
}

export interface Faults {
  /** Fail the next `count` calls (optionally only of the given operations) with `kind`. */
  failNext(kind: FaultKind, count?: number, ops?: FaultOp[]): void;
  setRandom(config: RandomFaults): void;
  clear(): void;
  readonly injected: readonly InjectedFault[];
  /** Decides whether this call fails; consumes one queued fault or one random draw. */
  draw(op: FaultOp): FaultKind | undefined;
}

// mulberry32: tiny, seedable, good enough to make fault schedules reproducible.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createFaults(): Faults {
  let queue: Array<{ kind: FaultKind; ops?: FaultOp[] }> = [];
  let random: { rate: number; kinds: FaultKind[]; next: () => number } | undefined;
  const injected: InjectedFault[] = [];

  const pick = (op: FaultOp): FaultKind | undefined => {
    const index = queue.findIndex((f) => !f.ops || f.ops.includes(op));
    if (index !== -1) return queue.splice(index, 1)[0]?.kind;
    if (!random || random.kinds.length === 0 || random.next() >= random.rate) return undefined;
    return random.kinds[Math.floor(random.next() * random.kinds.length)];
  };

  return {
    failNext(kind, count = 1, ops) {
      for (let i = 0; i < count; i++) queue.push(ops ? { kind, ops } : { kind });
    },
    setRandom({ rate, kinds, seed = 1 }) {
      random = { rate, kinds: [...kinds], next: prng(seed) };
    },
    clear() {
      queue = [];
      random = undefined;
    },
    injected,
    draw(op) {
      const kind = pick(op);
      if (kind) injected.push({ op, kind, at: Date.now() });
      return kind;
    },
  };
}

/** The failure as Lark sends it; `timeout` is handled by the caller (the work happens, the answer never comes). */
export function faultReply(kind: Exclude<FaultKind, 'timeout'>): Reply {
  switch (kind) {
    case 'http500':
      return larkError(500, 500, 'sandbox: injected internal server error');
    case 'rate429':
      return {
        status: 429,
        headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '1' },
        body: { code: 99991400, msg: 'request trigger frequency limit' },
      };
    case 'chat230020':
      return larkError(400, 230020, 'This operation triggers the frequency limit, ext=chat rate limit');
    case 'code11232':
      return larkError(200, 11232, 'frequency limited, please retry later');
  }
}
