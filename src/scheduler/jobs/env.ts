import { awayOf } from '../../bot/away.ts';
import type { RenderEnv } from '../../bot/render.ts';
import type { Env } from '../../domain/engine/engine.ts';
import type { StoreData } from '../../store/schema.ts';
import type { JobContext } from '../job.ts';

/** The engine's view of the world as of the job's instant. */
export function jobEnv(ctx: JobContext, data: StoreData): Env {
  return {
    now: ctx.at,
    today: ctx.today,
    org: ctx.org,
    calendar: ctx.calendar,
    away: awayOf(data),
  };
}

export function jobRenderEnv(ctx: JobContext): RenderEnv {
  return { now: ctx.at, today: ctx.today, org: ctx.org };
}
