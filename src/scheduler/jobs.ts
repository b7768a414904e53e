import type { Job } from './job.ts';
import { actingHandoverJob } from './jobs/acting-handover.ts';
import { archiveClosedJob } from './jobs/archive-closed.ts';
import { calendarSyncJob } from './jobs/calendar-sync.ts';
import { closeConsultationsJob } from './jobs/close-consultations.ts';
import { closeMeetingsJob } from './jobs/close-meetings.ts';
import { dailyDigestJob } from './jobs/daily-digest.ts';
import { monthlyDocumentsJob } from './jobs/monthly-documents.ts';
import { nagsJob } from './jobs/nags.ts';
import { returnsOverdueJob } from './jobs/returns-overdue.ts';
import { weeklySummaryJob } from './jobs/weekly-summary.ts';

export interface JobOptions {
  /** Days a settled item stays in the hot data before it is archived. */
  archiveAfterDays: number;
}

export const DEFAULT_JOB_OPTIONS: JobOptions = { archiveAfterDays: 30 };

/**
 * Every scheduled job (one module each under jobs/), in the order a tick runs them: deadlines follow the
 * calendar first, then expired consultations close, so the digest and the nags see the route as it now stands.
 */
export function createJobs(o: JobOptions = DEFAULT_JOB_OPTIONS): Job[] {
  return [
    calendarSyncJob(),
    closeConsultationsJob,
    closeMeetingsJob,
    actingHandoverJob,
    monthlyDocumentsJob,
    dailyDigestJob,
    weeklySummaryJob,
    nagsJob,
    returnsOverdueJob,
    archiveClosedJob(o.archiveAfterDays),
  ];
}
