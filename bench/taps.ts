import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STEP_DECIDE } from '../cards/step-card.ts';
import type { WorkflowItem } from '../src/domain/engine/types.ts';
import type { LeaveItem } from '../src/domain/leave/types.ts';
import { startHarness } from '../test/helpers/harness.ts';
import { type BenchResult, summary } from './stats.ts';
import { writeSyntheticOrg } from './synthetic-org.ts';

const DEPARTMENTS = 60;

/** An open leave of a department main head, waiting on the supervising vice head (step s1). */
function openLeave(i: number): LeaveItem {
  const d = i % DEPARTMENTS;
  const at = '2026-11-20T02:00:00.000Z';
  return {
    id: `L${i}`,
    kind: 'leave',
    title: `局长${d} 离阜外出`,
    submitter: `d${d}-main`,
    departmentId: `dept-${d}`,
    fields: {
      type: 'out_of_city',
      start: '2026-12-10',
      end: '2026-12-11',
      destination: '北京',
      reason: '参加培训',
      filedOn: '2026-11-20',
      advanceDays: 20,
      late: false,
      conflicts: [],
    },
    status: 'in_progress',
    round: 1,
    trail: [{ at, actor: `d${d}-main`, action: 'submit', round: 1 }],
    createdAt: at,
    updatedAt: at,
    steps: [
      {
        id: 's1',
        kind: 'approve',
        title: '分管副区长审批',
        rule: '§71',
        parties: [`vice-${d % 6}`],
        status: 'active',
        responses: [],
        activatedAt: at,
      },
      {
        id: 's2',
        kind: 'approve',
        title: '区长审批',
        rule: '§71',
        parties: ['head'],
        status: 'waiting',
        responses: [],
      },
    ],
  };
}

function closedItem(i: number): WorkflowItem {
  const item = openLeave(i);
  return { ...item, id: `A${i}`, status: 'approved', closedAt: '2025-06-01T02:00:00.000Z' };
}

/**
 * Card taps through POST /lark/events with `open` items in the hot file and `archived` in the archive:
 * p50/p99 of the tap's JSON answer (the decision is durable before it is sent), at `concurrency` taps at once.
 */
export async function benchTaps(
  open: number,
  archived: number,
  concurrencies: number[],
): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-bench-taps-'));
  mkdirSync(join(dataDir, 'archive'), { recursive: true });
  const items: Record<string, WorkflowItem> = {};
  for (let i = 0; i < archived; i++) items[`A${i}`] = closedItem(i);
  writeFileSync(join(dataDir, 'archive', 'archive-2025.json'), JSON.stringify({ items }));
  const h = await startHarness({
    store: 'lowdb',
    dataDir,
    orgFile: writeSyntheticOrg(DEPARTMENTS),
    clock: () => new Date('2026-11-26T10:00:00+08:00'),
    floodLimits: { messagesPerMinute: 1e9, tapsPerMinute: 1e9 },
    // Delivery is not what is measured: let the outbox drain at once between rounds.
    sendLimits: { perKey: 1e9, perApp: 1e9, windowMs: 1000 },
  });
  const out: BenchResult[] = [];
  try {
    await h.store.transact((data) => {
      for (let i = 0; i < open; i++) {
        const it = openLeave(i);
        data.items[it.id] = it;
        // Three cards per item, as in real use (approver, tracker, filing).
        for (const view of ['step', 'tracker', 'filed']) {
          data.cards[`${it.id}/${view}`] = {
            itemId: it.id,
            view,
            stepId: 's1',
            person: it.steps[0]!.parties[0],
            messageId: `om_${it.id}_${view}`,
            sentAt: it.createdAt,
          };
        }
      }
    });
    let next = 0;
    for (const c of concurrencies) {
      const latencies: number[] = [];
      const taps = Array.from({ length: c }, () => {
        const it = openLeave(next++);
        const approver = h.who(it.steps[0]!.parties[0]!).openId;
        const t0 = performance.now();
        return h.events
          .tapCard({
            operator: approver,
            messageId: `om_${it.id}_step`,
            chatId: `oc_p2p_${approver}`,
            value: { action: STEP_DECIDE, item: it.id, step: 's1', round: 1, answer: 'approve' },
          })
          .then((r) => {
            latencies.push(performance.now() - t0);
            const toast = (r.response.json as { toast?: { type?: string } })?.toast;
            if (toast?.type !== 'success') throw new Error(`tap refused: ${r.response.text}`);
          });
      });
      await Promise.all(taps);
      const s = summary(latencies);
      out.push({
        name: `card taps, ${c} at once, ${open} open + ${archived} archived`,
        metrics: { p50_ms: s.median, p99_ms: s.p99, max_ms: s.max },
      });
      await h.settle();
    }
  } finally {
    await h.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}
