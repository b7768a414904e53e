/** mulberry32: a seedable PRNG, so a failing fault schedule can be replayed with the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: () => number, list: readonly T[]): T {
  const v = list[Math.floor(rng() * list.length)];
  if (v === undefined) throw new Error('pick from an empty list');
  return v;
}

/** Fisher–Yates with the given PRNG. */
export function shuffle<T>(rng: () => number, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The seed from FAULT_SEED (to replay a run) or a fixed default. */
export function seedFromEnv(fallback: number): number {
  const s = Number(process.env.FAULT_SEED);
  return Number.isInteger(s) ? s : fallback;
}

/**
 * How many cases a fuzz property tries: FUZZ_RUNS when set (the mutation run uses fewer, since it runs
 * a property once per mutant), else the suite's own number.
 */
export function runsFromEnv(fallback: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
