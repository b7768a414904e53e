import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export { freePort } from '../helpers/faults-child.ts';

/** The repository as a fresh clone would have it: tracked and new files, nothing ignored (no node_modules, no dist). */
export function cleanCopy(dest: string, from = process.cwd()): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: from,
  });
  const files = out
    .toString('utf8')
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(from, f)));
  for (const f of files) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    copyFileSync(join(from, f), join(dest, f));
  }
  return files;
}

export interface Proc {
  child: ChildProcess;
  readonly pid: number;
  output(): string;
  readonly exited: Promise<number | null>;
  /** Resolves with the first match of `re` in the output; rejects if the process exits first. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** Runs a command the way an operator would, with only the environment given (plus PATH and HOME). */
export function start(
  cmd: string,
  args: string[],
  o: { cwd?: string; env?: Record<string, string> } = {},
): Proc {
  const child = spawn(cmd, args, {
    cwd: o.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const add = (b: Buffer) => {
    out += b.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  if (!child.pid) throw new Error(`could not start ${cmd}`);
  return {
    child,
    pid: child.pid,
    output: () => out,
    exited,
    waitFor(re, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(out);
          if (m) {
            done();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${re} after ${timeoutMs} ms:\n${out}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then((code) => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`exited (${code}) before ${re}:\n${out}`));
        });
        check();
      });
    },
  };
}

/** Runs to completion; resolves with the exit code and the output. */
export async function run(
  cmd: string,
  args: string[],
  o: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; output: string }> {
  const p = start(cmd, args, o);
  const code = await p.exited;
  return { code, output: p.output() };
}

/** GET until it answers `status` (or throws with the process output). */
export async function waitStatus(
  url: string,
  status: number,
  proc?: Proc,
  timeoutMs = 60_000,
): Promise<Response> {
  const until = Date.now() + timeoutMs;
  let dead = false;
  void proc?.exited.then(() => {
    dead = true;
  });
  while (Date.now() < until) {
    if (dead) throw new Error(`the process exited before ${url} answered ${status}:\n${proc?.output()}`);
    const r = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    if (r?.status === status) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms:\n${proc?.output() ?? ''}`);
}

/** Every process below `pid`, with its command line (from /proc). */
export function descendants(pid: number): Array<{ pid: number; ppid: number; cmd: string }> {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
        return [{ pid: Number(d), ppid, cmd }];
      } catch {
        return [];
      }
    });
  const found: Array<{ pid: number; ppid: number; cmd: string }> = [];
  const walk = (p: number) => {
    for (const c of all.filter((x) => x.ppid === p)) {
      found.push(c);
      walk(c.pid);
    }
  };
  walk(pid);
  return found;
}

/**
 * The calendar overrides file the started bots read (CALENDAR_FILE), with nothing overridden. Next year
 * needs no entry for /healthz in December: a year the package does not know yet is provisional (its
 * statutory holidays are computed), and only a year with no calendar at all fails the check.
 */
export function calendarOverrides(): string {
  return JSON.stringify({ holidays: {}, workdays: {}, years: [] });
}
