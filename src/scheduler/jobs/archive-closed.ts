import { isSettled } from '../../domain/settled.ts';
import type { Job } from '../job.ts';

/**
 * Nightly: items settled more than `keepDays` ago move from the hot data file to the per-year archive,
 * so a write's cost follows open work, not history. The archive is written first and is idempotent,
 * so a crash between the two steps leaves the item in both places, never in neither.
 */
export function archiveClosedJob(keepDays: number): Job {
  return {
    name: 'archive-closed',
    time: '02:00',
    workingDaysOnly: false,
    oncePerDay: true,
    async run(ctx) {
      const settled = Object.values(ctx.store.data.items).filter((it) => isSettled(it, ctx.today, keepDays));
      // Nothing to move: no write, and no walk over every card and nag record.
      if (settled.length === 0) return { archived: 0 };
      await ctx.store.archive.add(structuredClone(settled));
      const ids = new Set(settled.map((i) => i.id));
      const result = await ctx.transact((data) => {
        for (const id of ids) delete data.items[id];
        for (const [ref, rec] of Object.entries(data.cards)) if (ids.has(rec.itemId)) delete data.cards[ref];
        for (const key of Object.keys(data.nags)) if (ids.has(key.split(':')[0] ?? '')) delete data.nags[key];
        return { archived: ids.size };
      });
      // The snapshot on disk still holds what just left: rewrite it now, so a restart reads only the hot data.
      if (ids.size > 0) await ctx.store.compact();
      return result;
    },
  };
}
