import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowItem } from '../src/domain/engine/types.ts';
import { beijingDate } from '../src/domain/time.ts';
import { p2pChatId } from '../src/sandbox/lark-server.ts';
import { createJobs } from '../src/scheduler/jobs.ts';
import type { StoreData } from '../src/store/schema.ts';
import { cardsOf, DEPARTMENTS, openLeave, writeArchive, writeHotFile } from './fixtures.ts';
import { type BenchResult, summary } from './stats.ts';
import { syntheticOrg, writeSyntheticOrg } from './synthetic-org.ts';

/** A request that reads this year's archive: the ledger of closed items (commands/ledger.ts). */
const LEDGER = '/台账 已销号';
const HEAD_CHAT = p2pChatId(syntheticOrg(DEPARTMENTS).people.find((p) => p.id === 'head')!.openId!);
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Today's once-a-day jobs marked as run, as after a restart in the middle of a day: the start-up's
 * catch-up tick then does not send today's digest over 10,000 items, which would measure the time of
 * day the benchmark happens to run at rather than the start-up.
 */
function ranToday(): StoreData['jobRuns'] {
  const now = new Date();
  const today = beijingDate(now);
  const runs: StoreData['jobRuns'] = {};
  for (const j of createJobs()) {
    if (j.oncePerDay)
      runs[`${j.name}:${today}`] = { job: j.name, date: today, at: now.toISOString(), late: false };
  }
  return runs;
}

/**
 * A data folder with `open` open items (three cards each) in the hot file and `archived` closed ones
 * in this year's archive file (the ledger reads the current year's archive).
 */
function prepareDataDir(open: number, archived: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-bench-big-'));
  const items: Record<string, WorkflowItem> = {};
  const cards: StoreData['cards'] = {};
  for (let i = 0; i < open; i++) {
    const it = openLeave(i);
    items[it.id] = it;
    Object.assign(cards, cardsOf(it));
  }
  writeHotFile(dir, { items, cards, jobRuns: ranToday() });
  const year = beijingDate(new Date()).slice(0, 4);
  if (archived > 0) writeArchive(dir, archived, `${year}-01-05T02:00:00.000Z`);
  return dir;
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: round(kb('VmRSS') / 1024), peak: round(kb('VmHWM') / 1024) };
}

/**
 * tsx runs the bot in a child node process (the spawned one only forwards signals): the bot is that
 * child, the one whose command line has tsx's loader and src/main.ts.
 */
function botPid(wrapper: number): number {
  const children = readFileSync(`/proc/${wrapper}/task/${wrapper}/children`, 'utf8').trim().split(/\s+/);
  for (const c of children) {
    const cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8').split('\0');
    if (cmd.includes('src/main.ts') && cmd.some((a) => a.includes('tsx/dist/loader'))) return Number(c);
  }
  throw new Error(`no bot process under tsx (${wrapper}): children ${children.join(', ')}`);
}

interface Run {
  startMs: number;
  mainMs: number;
  rss: number;
  ledgerMs: number;
  rssAfterLedger: number;
  peak: number;
}

/** Spawns the sandbox bot on a copy of `template`, as bench/startup.ts does, and measures it. */
async function once(template: string, orgFile: string): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-bench-big-run-'));
  cpSync(template, dataDir, { recursive: true });
  const t0 = performance.now();
  const child = spawn('node_modules/.bin/tsx', ['src/main.ts'], {
    env: {
      ...process.env,
      TZ: 'Asia/Shanghai',
      PORT: '0',
      DATA_DIR: dataDir,
      ORG_FILE: orgFile,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: tsx runs node as a child, and both must go when we kill.
    detached: true,
  });
  try {
    // The banner gives the URL and the bot's own start-up time (main() to ready: no process start).
    const { url, mainMs } = await new Promise<{ url: string; mainMs: number }>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 60_000);
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        const ms = /Started in (\d+) ms/.exec(out);
        if (m && ms) {
          clearTimeout(timer);
          resolve({ url: m[0], mainMs: Number(ms[1]) });
        }
      });
      child.stderr.on('data', (b: Buffer) => {
        out += b.toString();
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    for (;;) {
      const r = await fetch(`${url}/readyz`).catch(() => undefined);
      if (r?.ok) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const startMs = performance.now() - t0;
    const pid = botPid(child.pid!);
    const atHealthz = memory(pid);

    // The head asks for the closed items' ledger through the sandbox page; done when the reply lands.
    const t1 = performance.now();
    const sent = await fetch(`${url}/sandbox/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // (The chat is named: the page's send action passes an absent chatId on as '', not the p2p chat.)
      body: JSON.stringify({ as: 'head', text: LEDGER, chatId: HEAD_CHAT }),
    });
    if (!sent.ok) throw new Error(`sandbox send: ${sent.status} ${await sent.text()}`);
    const { messageId } = (await sent.json()) as { messageId: string };
    for (let i = 0; ; i++) {
      const r = (await (await fetch(`${url}/sandbox/api/messages`)).json()) as {
        messages: Array<{ replyTo?: string }>;
      };
      if (r.messages.some((m) => m.replyTo === messageId)) break;
      if (i > 6000) throw new Error('no answer to the ledger request in 60 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    const ledgerMs = performance.now() - t1;
    const afterLedger = memory(pid);
    return {
      startMs,
      mainMs,
      rss: atHealthz.rss,
      ledgerMs,
      rssAfterLedger: afterLedger.rss,
      peak: afterLedger.peak,
    };
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Issue 8: start-up time (spawn → /healthz) and resident memory of the real bot (sandbox mode) with
 * `open` open items in the hot file and `archived` in the archive, against an empty data folder in the
 * same run; `runs` runs each, alternating, medians.
 */
export async function benchStartupBig(open: number, archived: number, runs = 3): Promise<BenchResult[]> {
  const orgFile = writeSyntheticOrg(DEPARTMENTS);
  const empty = prepareDataDir(0, 0);
  const big = prepareDataDir(open, archived);
  const results = { empty: [] as Run[], big: [] as Run[] };
  try {
    for (let i = 0; i < runs; i++) {
      results.empty.push(await once(empty, orgFile));
      results.big.push(await once(big, orgFile));
    }
  } finally {
    rmSync(empty, { recursive: true, force: true });
    rmSync(big, { recursive: true, force: true });
  }
  const med = (rs: Run[], k: keyof Run) => summary(rs.map((r) => r[k])).median;
  const row = (name: string, rs: Run[], base?: Run[]) => ({
    name,
    metrics: {
      runs,
      start_ms: Math.round(med(rs, 'startMs')),
      in_main_ms: Math.round(med(rs, 'mainMs')),
      rss_MB: med(rs, 'rss'),
      ledger_ms: Math.round(med(rs, 'ledgerMs')),
      rss_after_ledger_MB: med(rs, 'rssAfterLedger'),
      peak_rss_MB: med(rs, 'peak'),
      ...(base
        ? {
            start_vs_empty: round(med(rs, 'startMs') / med(base, 'startMs')),
            in_main_vs_empty: round(med(rs, 'mainMs') / med(base, 'mainMs')),
            rss_vs_empty: round(med(rs, 'rss') / med(base, 'rss')),
            rss_after_ledger_vs_empty: round(med(rs, 'rssAfterLedger') / med(base, 'rssAfterLedger')),
          }
        : {}),
    },
  });
  return [
    row('start-up (sandbox, tsx), empty data folder', results.empty),
    row(`start-up (sandbox, tsx), ${open} open + ${archived} archived`, results.big, results.empty),
  ];
}
