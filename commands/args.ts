import { z } from 'zod';

/** Commands that take no arguments ignore trailing text rather than refusing it. */
export const noArgs = z.string();
