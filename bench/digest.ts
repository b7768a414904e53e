import { buildDigestCard } from '../cards/digest.ts';
import { createCalendar } from '../src/domain/calendar.ts';
import type { WorkflowItem } from '../src/domain/engine/types.ts';
import { awayLookup } from '../src/domain/leave/absences.ts';
import { indexOrg, parseOrg } from '../src/domain/org.ts';
import { computeDigest } from '../src/domain/reminders.ts';
import { addDays } from '../src/domain/time.ts';
import { type BenchResult, summary } from './stats.ts';
import { syntheticOrg } from './synthetic-org.ts';

/** `count` open items over every department, with deadlines from 60 days ago to 20 days ahead. */
export function openItems(count: number, departments: number, today: string): WorkflowItem[] {
  return Array.from({ length: count }, (_, i) => {
    const d = i % departments;
    const due = addDays(today, (i % 80) - 60);
    const started = addDays(due, -5);
    return {
      id: `B${i}`,
      kind: 'duty',
      title: `基准事项 ${i}`,
      submitter: `d${d}-main`,
      departmentId: `dept-${d}`,
      fields: { duty: 'monthly_document_list', period: '2026-10' },
      status: 'in_progress',
      round: 1,
      trail: [],
      createdAt: `${started}T01:00:00.000Z`,
      updatedAt: `${started}T01:00:00.000Z`,
      steps: [
        {
          id: 's1',
          kind: 'acknowledge',
          title: '报送',
          parties: [i % 3 === 0 ? `d${d}-staff-0` : `d${d}-main`],
          status: 'active',
          responses: [],
          activatedAt: `${started}T01:00:00.000Z`,
          deadline: { rule: '§70', unit: 'working_days', amount: 5, from: started, due, warnings: [] },
        },
      ],
    } satisfies WorkflowItem;
  });
}

export async function benchDigest(items = 5000, departments = 60, runs = 20): Promise<BenchResult> {
  const parsed = parseOrg(syntheticOrg(departments));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const org = indexOrg(parsed.org);
  const calendar = createCalendar();
  const today = '2026-11-26';
  const all = openItems(items, departments, today);
  const samples: number[] = [];
  let size = 0;
  let overdue = 0;
  for (let i = 0; i < runs + 3; i++) {
    const t0 = performance.now();
    const d = computeDigest(all, today, org, calendar, awayLookup(all));
    const card = buildDigestCard(d, org);
    const ms = performance.now() - t0;
    if (i >= 3) samples.push(ms);
    size = Buffer.byteLength(JSON.stringify(card));
    overdue = d.overdue.length;
  }
  const s = summary(samples);
  return {
    name: `digest: compute + card for ${items} open items, ${departments} departments`,
    metrics: { median_ms: s.median, p95_ms: s.p95, overdue, card_bytes: size },
  };
}
