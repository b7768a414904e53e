import type { Job } from './job.ts';
import { closeConsultationsJob } from './jobs/close-consultations.ts';

/** Every scheduled job (one module each under jobs/). */
export const jobs: Job[] = [closeConsultationsJob];
