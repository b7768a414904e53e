import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A port nobody listens on right now (the bot must come back on the same one after each kill). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface ChildBot {
  readonly pid: number;
  /** stderr and stdout so far (start-up failures print there). */
  output(): string;
  /** SIGKILL to the whole process group: tsx runs node as its own child, and both must die at once. */
  kill9(): Promise<void>;
  readonly exited: Promise<number | null>;
}

/** Starts the real bot (`tsx src/main.ts`) with `env`, in its own process group. */
export function spawnBot(env: Record<string, string>): ChildBot {
  const child: ChildProcess = spawn('node_modules/.bin/tsx', ['src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const pid = child.pid;
  if (!pid) throw new Error('could not spawn the bot');
  return {
    pid,
    output: () => out,
    exited,
    async kill9() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    },
  };
}

/**
 * Polls GET /readyz until it answers 200 (start-up done; /healthz may rightly say 503 for reasons of its
 * own, e.g. no holiday calendar for next year); throws with the child's output after `timeoutMs`.
 */
export async function waitHealthy(url: string, bot: ChildBot, timeoutMs = 30_000): Promise<unknown> {
  const until = Date.now() + timeoutMs;
  let dead = false;
  void bot.exited.then(() => {
    dead = true;
  });
  while (Date.now() < until) {
    if (dead) throw new Error(`the bot exited during start-up:\n${bot.output()}`);
    const r = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
    if (r?.status === 200) return (await fetch(`${url}/healthz`)).json();
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`no /readyz after ${timeoutMs} ms:\n${bot.output()}`);
}
