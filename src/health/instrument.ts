import type { CardAction } from '../bot/card-action.ts';
import type { Command } from '../bot/command.ts';
import type { Intake } from '../bot/intake.ts';
import { LarkError, toLarkError } from '../lark/errors.ts';
import type { LarkGateway } from '../lark/gateway.ts';
import type { Job } from '../scheduler/job.ts';
import type { Metrics } from './metrics.ts';

/**
 * Counting at the seams: each wrapper keeps the wrapped part's behaviour and only observes it, so the
 * dispatcher, the commands and the jobs stay unaware of metrics.
 */

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export function instrumentIntake(intake: Intake, m: Metrics): Intake {
  return {
    ...intake,
    async accept(inb, answering) {
      const t0 = performance.now();
      const r = await intake.accept(inb, answering);
      m.event(inb.kind, r.duplicate);
      m.acked(inb.kind, seconds(t0));
      return r;
    },
    resume: () => intake.resume(),
    idle: () => intake.idle(),
  };
}

export function instrumentCommands(commands: Command<unknown>[], m: Metrics): Command<unknown>[] {
  return commands.map((c) => ({
    ...c,
    async run(ctx, args) {
      try {
        await c.run(ctx, args);
        m.command(c.name, 'ok');
      } catch (err) {
        m.command(c.name, 'error');
        throw err;
      }
    },
  }));
}

export function instrumentCardActions(actions: CardAction<unknown>[], m: Metrics): CardAction<unknown>[] {
  return actions.map((a) => ({
    ...a,
    async run(ctx, value) {
      const t0 = performance.now();
      try {
        return await a.run(ctx, value);
      } finally {
        m.tap(a.action, seconds(t0));
      }
    },
  }));
}

export function instrumentJobs(jobs: Job[], m: Metrics): Job[] {
  return jobs.map((j) => ({
    ...j,
    async run(ctx) {
      try {
        const r = await j.run(ctx);
        m.job(j.name, typeof r?.skipped === 'string' ? 'skipped' : 'ran');
        return r;
      } catch (err) {
        m.job(j.name, 'failed');
        throw err;
      }
    },
  }));
}

/**
 * Every Open API call by API (the gateway method: send, reply, patch, urgent, uploadFile…, and the
 * Approval Center's under `approval.`) and result code. A proxy, so a method added to a gateway later is
 * counted too.
 */
export function instrumentGateway<G extends object = LarkGateway>(g: G, m: Metrics, prefix = ''): G {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(g, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof v !== 'function' || typeof key !== 'string') return v;
      let w = wrapped.get(key);
      if (!w) {
        w = async (...a: unknown[]) => {
          try {
            const r = await (v as (...x: unknown[]) => Promise<unknown>).apply(target, a);
            m.larkCall(prefix + key, '0');
            return r;
          } catch (err) {
            const le = err instanceof LarkError ? err : toLarkError(err);
            m.larkCall(prefix + key, String(le.code));
            throw err;
          }
        };
        wrapped.set(key, w);
      }
      return w;
    },
  });
}
