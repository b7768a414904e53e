import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowItem } from '../src/domain/engine/types.ts';
import type { LeaveItem } from '../src/domain/leave/types.ts';
import { emptyData, type StoreData } from '../src/store/schema.ts';

/**
 * Items for the benchmarks' data files, shaped as the bot writes them, for the synthetic district of
 * bench/synthetic-org.ts (`DEPARTMENTS` units: `d<N>-main` heads, `vice-<N>` vice heads, `head`).
 */
export const DEPARTMENTS = 60;

/** An open leave of a department main head, waiting on the supervising vice head (step s1). */
export function openLeave(i: number): LeaveItem {
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

/**
 * A finished leave that the archive job may move (domain/settled.ts): approved, the absence over and
 * reported back, closed on `closedAt` (by default in 2025, long past ARCHIVE_AFTER_DAYS).
 */
export function closedLeave(i: number, closedAt = '2025-06-01T02:00:00.000Z'): LeaveItem {
  const open = openLeave(i);
  const day = closedAt.slice(0, 10);
  return {
    ...open,
    id: `A${i}`,
    status: 'approved',
    fields: { ...open.fields, start: day, end: day, filedOn: day, returnedOn: day },
    steps: open.steps.map((s) => ({
      ...s,
      status: 'done' as const,
      responses: [{ party: s.parties[0]!, actor: s.parties[0]!, answer: 'approve' as const, at: closedAt }],
      activatedAt: closedAt,
      completedAt: closedAt,
    })),
    updatedAt: closedAt,
    closedAt,
  };
}

/** The three cards the bot records per open item (approver, tracker, filing), so patches can find them. */
export function cardsOf(item: WorkflowItem): StoreData['cards'] {
  const cards: StoreData['cards'] = {};
  for (const view of ['step', 'tracker', 'filed']) {
    cards[`${item.id}/${view}`] = {
      itemId: item.id,
      view,
      stepId: 's1',
      person: item.steps[0]!.parties[0],
      messageId: `om_${item.id}_${view}`,
      sentAt: item.createdAt,
    };
  }
  return cards;
}

/** A data file (snapshot, no journal) as the lowdb store reads it at start-up. */
export function writeHotFile(dataDir: string, data: Partial<StoreData>): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'bot-data.json');
  writeFileSync(file, JSON.stringify({ ...emptyData(), ...data }));
  return file;
}

/** `<dataDir>/archive/archive-<year>.json` with `count` closed items (ids A0…), closed on `closedAt`. */
export function writeArchive(dataDir: string, count: number, closedAt: string): string {
  mkdirSync(join(dataDir, 'archive'), { recursive: true });
  const items: Record<string, WorkflowItem> = {};
  for (let i = 0; i < count; i++) items[`A${i}`] = closedLeave(i, closedAt);
  const file = join(dataDir, 'archive', `archive-${closedAt.slice(0, 4)}.json`);
  writeFileSync(file, JSON.stringify({ items }));
  return file;
}
