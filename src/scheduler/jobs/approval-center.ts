import { reconcileApprovalCenter } from '../../bot/approval-reconcile.ts';
import type { ApprovalCenter } from '../../lark/approval-center.ts';
import type { Job } from '../job.ts';
import { jobRenderEnv } from './env.ts';

/**
 * The Approval Center's consistency pass, every few minutes: brings every open item's instance up to
 * date, then asks `external_instances/check` about what was not verified since it last changed (the
 * platform's advice: compare the recent ones every 5 minutes) and syncs again whatever drifted.
 */
export function approvalCenterJob(center: Pick<ApprovalCenter, 'queueChecks'>, everyMs = 5 * 60_000): Job {
  let last: number | undefined;
  let fullYear: string | undefined;
  return {
    name: 'approval-center',
    time: '00:00',
    workingDaysOnly: false,
    oncePerDay: false,
    async run(ctx) {
      const t = ctx.at.getTime();
      if (last !== undefined && t >= last && t - last < everyMs) return { skipped: 'checked recently' };
      last = t;
      // Everything once after a start and once a year (the forms' dates gain their year); otherwise what moved.
      const full = fullYear !== ctx.today.slice(0, 4);
      fullYear = ctx.today.slice(0, 4);
      return ctx.transact((data) => {
        const r = reconcileApprovalCenter(data, jobRenderEnv(ctx), { full });
        return { ...r, checks: center.queueChecks(data, t) };
      });
    },
  };
}
