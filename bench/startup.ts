import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchResult, summary } from './stats.ts';

/** Wall time from spawning `tsx src/main.ts` (sandbox mode) until /healthz answers; process start included. */
async function once(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-bench-start-'));
  const t0 = performance.now();
  const child = spawn('node_modules/.bin/tsx', ['src/main.ts'], {
    env: { ...process.env, TZ: 'Asia/Shanghai', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: tsx runs node as a child, and both must go when we kill.
    detached: true,
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    for (;;) {
      const r = await fetch(`${url}/readyz`).catch(() => undefined);
      if (r?.ok) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now() - t0;
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchStartup(runs = 5): Promise<BenchResult> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once());
  const s = summary(samples);
  return {
    name: 'start-up to /healthz (sandbox, tsx)',
    metrics: { runs, median_ms: s.median, max_ms: s.max },
  };
}
