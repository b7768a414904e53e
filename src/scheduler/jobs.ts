import type { Job } from './job.ts';

/** Every scheduled job; each workflow adds its own. */
export const jobs: Job[] = [];
