import { applyTransition } from '../src/bot/apply.ts';
import '../cards/duty.ts';
import { nagsJob } from '../src/scheduler/jobs/nags.ts';
import { startHarness } from '../test/helpers/harness.ts';
import { openItems } from './digest.ts';
import type { BenchResult } from './stats.ts';
import { writeSyntheticOrg } from './synthetic-org.ts';

/**
 * 200 nags at the rate limits: 200 overdue steps owed by 200 different people, each escalated to one
 * of six vice heads (≈33 messages each, so the 5-per-second per-user limit is what sets the pace).
 */
export async function benchNags(count = 200): Promise<BenchResult> {
  const departments = 50;
  const orgFile = writeSyntheticOrg(departments, 2);
  const today = '2026-11-26';
  const h = await startHarness({
    orgFile,
    jobs: [nagsJob],
    clock: () => new Date(`${today}T09:00:00+08:00`),
  });
  try {
    const people = [...h.org.people()].filter((p) => p.id.startsWith('d'));
    const items = openItems(count, departments, today).map((it, i) => {
      const step = it.steps[0]!;
      step.parties = [people[i % people.length]!.id];
      step.deadline = { ...step.deadline!, due: '2026-11-20' }; // overdue by 4 working days: red light
      return it;
    });
    await h.store.transact((data) => {
      for (const it of items) data.items[it.id] = it;
    });
    const t0 = performance.now();
    const r = (await h.tick(`${today}T09:00:00+08:00`)) as {
      result: Array<{ result?: Record<string, number> }>;
    };
    const ms = performance.now() - t0;
    if (process.env.DEBUG_BENCH) console.log(JSON.stringify(r));
    const sent = h.lark.messages.length;
    return {
      name: `${count} nags (+ escalations, buzz) delivered through the outbox at Lark's limits`,
      metrics: {
        nags: r.result[0]?.result?.nagged ?? 0,
        escalations: r.result[0]?.result?.escalated ?? 0,
        messages_delivered: sent,
        seconds_to_deliver: Math.round(ms / 10) / 100,
        rate_violations: h.lark.rateViolations().length,
      },
      note: 'bounded below by 5 msgs/s to one user (escalations to six leaders) and 50/s per app',
    };
  } finally {
    await h.stop();
    void applyTransition;
  }
}
