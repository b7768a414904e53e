import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowItem } from '../src/domain/engine/types.ts';
import { DATA_FILE, JOURNAL_FILE } from '../src/store/lowdb.ts';
import { type Harness, startHarness } from '../test/helpers/harness.ts';
import { cardsOf, closedLeave, DEPARTMENTS, openLeave, writeHotFile } from './fixtures.ts';
import { type BenchResult, summary } from './stats.ts';
import { writeSyntheticOrg } from './synthetic-org.ts';

const OPEN = 200;
const WRITES = 200;
/** 02:30 Beijing: the archive job's time (02:00) has passed, the digest's and the nags' have not. */
const ARCHIVE_TICK = '2026-11-27T02:30:00+08:00';
const round = (n: number) => Math.round(n * 100) / 100;
const mb = (bytes: number) => round(bytes / 1024 / 1024);

/** Bytes of the hot data on disk: the snapshot and the journal beside it (what a restart reads). */
function hotBytes(dataDir: string): { snapshot: number; journal: number } {
  const size = (f: string) => (existsSync(join(dataDir, f)) ? statSync(join(dataDir, f)).size : 0);
  return { snapshot: size(DATA_FILE), journal: size(JOURNAL_FILE) };
}

/** `WRITES` durable one-item changes, one after another, each of a different open item: ms each. */
async function writes(h: Harness, round: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const id = `L${i % OPEN}`;
    const at = new Date(Date.UTC(2026, 10, 26, 3, round, i)).toISOString();
    const t0 = performance.now();
    await h.store.transact((d) => {
      const it = d.items[id] as WorkflowItem;
      // Records are frozen: a change replaces the item, as the bot's transitions do.
      d.items[id] = {
        ...it,
        updatedAt: at,
        trail: [...it.trail, { at, actor: 'head', action: 'remind', round: 1 }],
      };
    });
    ms.push(performance.now() - t0);
  }
  return ms;
}

async function once(closed: number, orgFile: string): Promise<BenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-bench-writes-'));
  try {
    const items: Record<string, WorkflowItem> = {};
    const cards: Record<string, unknown> = {};
    for (let i = 0; i < closed; i++) items[`A${i}`] = closedLeave(i);
    for (let i = 0; i < OPEN; i++) {
      const it = openLeave(i);
      items[it.id] = it;
      Object.assign(cards, cardsOf(it));
    }
    writeHotFile(dataDir, { items, cards: cards as never });
    const start = performance.now();
    const h = await startHarness({
      store: 'lowdb',
      dataDir,
      orgFile,
      clock: () => new Date('2026-11-26T10:00:00+08:00'),
    });
    const startMs = performance.now() - start;
    try {
      const hot0 = hotBytes(dataDir);
      const before = summary(await writes(h, 0));
      const t0 = performance.now();
      const { result: tick } = (await h.tick(ARCHIVE_TICK)) as {
        result: Array<{ job: string; ran: boolean; result?: unknown }>;
      };
      const archiveMs = performance.now() - t0;
      const job = tick.find((r) => r.job === 'archive-closed');
      const moved = (job?.result as { archived?: number } | undefined)?.archived;
      if (!job?.ran || moved !== closed) throw new Error(`archive job: ${JSON.stringify(job)}`);
      await h.store.settled();
      const hot1 = hotBytes(dataDir);
      const after = summary(await writes(h, 1));
      await h.store.settled();
      const hot2 = hotBytes(dataDir);
      return {
        name: `one-item write, ${closed} closed + ${OPEN} open in the hot file`,
        metrics: {
          start_ms: Math.round(startMs),
          before_p50_ms: before.median,
          before_p99_ms: before.p99,
          hot_MB_before: mb(hot0.snapshot + hot0.journal),
          archive_job_ms: Math.round(archiveMs),
          after_p50_ms: after.median,
          after_p99_ms: after.p99,
          // What is on disk once archived: the snapshot is rewritten only when the journal outgrows it.
          hot_MB_after: mb(hot1.snapshot + hot1.journal),
          snapshot_MB_after: mb(hot2.snapshot),
          journal_MB_after: mb(hot2.journal),
          p50_ratio: round(after.median / before.median),
        },
      };
    } finally {
      await h.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Issue 8: the durable cost of one small change against the history in the hot file (lowdb store):
 * `closed` items closed in 2025 plus 200 open ones, measured before the archive job runs and after it
 * has moved the closed items to the per-year archive; the aim is a cost that stays flat as history grows.
 */
export async function benchWrites(sizes: number[]): Promise<BenchResult[]> {
  const orgFile = writeSyntheticOrg(DEPARTMENTS);
  const out: BenchResult[] = [];
  for (const n of sizes) {
    process.stderr.write(`  writes: ${n} closed…\n`);
    out.push(await once(n, orgFile));
  }
  return out;
}
