import type { Job } from './job.ts';
import { closeConsultationsJob } from './jobs/close-consultations.ts';
import { dailyDigestJob } from './jobs/daily-digest.ts';
import { monthlyDocumentsJob } from './jobs/monthly-documents.ts';
import { nagsJob } from './jobs/nags.ts';
import { returnsOverdueJob } from './jobs/returns-overdue.ts';
import { weeklySummaryJob } from './jobs/weekly-summary.ts';

/**
 * Every scheduled job (one module each under jobs/), in the order a tick runs them: close expired
 * consultations first so the digest and the nags see the route as it now stands.
 */
export const jobs: Job[] = [
  closeConsultationsJob,
  monthlyDocumentsJob,
  dailyDigestJob,
  weeklySummaryJob,
  nagsJob,
  returnsOverdueJob,
];
