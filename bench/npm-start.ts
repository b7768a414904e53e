import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxLark } from '../src/sandbox/lark-server.ts';
import { sandboxDirectory } from '../src/sandbox-directory.ts';
import { type BenchResult, summary } from './stats.ts';

// Issue 13: `npm start` before (npm → sh → scripts/tz.mjs → tsx → node, the sources compiled at every
// start) and after (npm → node scripts/start.mjs running dist/, and plain `node dist/main.js` as the
// systemd unit and the image run it), in sandbox and webhook mode, side by side in one run: wall time
// from spawn to /readyz 200, and the resident memory of every process of the tree at that moment.

const APP_ID = 'cli_0123456789abcdef';
const APP_SECRET = 'bench-secret';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The process tree under `pid` (itself included) and the sum of its RSS, from /proc. */
function treeRss(pid: number): { processes: number; rssMb: number } {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const parent = new Map<number, number>();
  for (const d of all) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [c, p] of parent) if (p === tree[i]) tree.push(c);
  let kb = 0;
  for (const p of tree) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return { processes: tree.length, rssMb: Math.round(kb / 1024) };
}

type Path = { name: string; cmd: string; args: string[] };
const PATHS: Path[] = [
  {
    name: 'before: npm → sh → tz.mjs → tsx',
    cmd: 'npm',
    args: ['exec', '--', 'node', 'scripts/tz.mjs', 'tsx', 'src/main.ts'],
  },
  { name: 'after: npm start (node, dist/)', cmd: 'npm', args: ['start'] },
  { name: 'after: node dist/main.js (systemd, image)', cmd: process.execPath, args: ['dist/main.js'] },
];

async function once(
  path: Path,
  env: Record<string, string>,
): Promise<{ ms: number; rssMb: number; processes: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-bench-npm-'));
  const port = await freePort();
  const t0 = performance.now();
  const child: ChildProcess = spawn(path.cmd, path.args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => {
    err += b.toString();
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error(`${path.name} exited during start-up: ${err}`);
      const r = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (r?.status === 200) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - t0;
    return { ms, ...treeRss(child.pid!) };
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchNpmStart(runs = 3): Promise<BenchResult[]> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
  const d = sandboxDirectory('data/org.example.json');
  const lark = createSandboxLark({
    appId: APP_ID,
    appSecret: APP_SECRET,
    botOpenId: 'ou_bench_bot_0000000000000000000000',
    botName: '政务督办助手',
    directory: d.people,
    chats: d.chats,
  });
  const larkUrl = await lark.listen();
  const modes: Array<[string, Record<string, string>]> = [
    ['sandbox', {}],
    [
      'webhook',
      {
        LARK_APP_ID: APP_ID,
        LARK_APP_SECRET: APP_SECRET,
        LARK_TRANSPORT: 'webhook',
        LARK_ENCRYPT_KEY: 'bench-encrypt-key-0123456789',
        LARK_DOMAIN: larkUrl,
        ORG_FILE: 'data/org.example.json',
      },
    ],
  ];
  const out: BenchResult[] = [];
  try {
    for (const [mode, env] of modes) {
      const samples = new Map<string, Array<{ ms: number; rssMb: number; processes: number }>>();
      // Alternating, so a busy moment of the machine does not land on one path only.
      for (let i = 0; i < runs; i++) {
        for (const p of PATHS) samples.set(p.name, [...(samples.get(p.name) ?? []), await once(p, env)]);
      }
      for (const p of PATHS) {
        const s = samples.get(p.name)!;
        out.push({
          name: `start to /readyz, ${mode}: ${p.name}`,
          metrics: {
            runs,
            median_ms: summary(s.map((x) => x.ms)).median,
            max_ms: summary(s.map((x) => x.ms)).max,
            rss_mb: summary(s.map((x) => x.rssMb)).median,
            processes: summary(s.map((x) => x.processes)).median,
          },
        });
      }
    }
  } finally {
    await lark.close();
  }
  return out;
}
