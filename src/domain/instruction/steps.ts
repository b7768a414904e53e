import type { Deadline } from '../deadline.ts';
import type { Env } from '../engine/engine.ts';
import { waitingStep } from '../engine/steps.ts';
import type { Step, WorkflowItem } from '../engine/types.ts';
import { defaultStepDeadline } from '../step-limits.ts';

// Step ids stay short (card values cap them): a0 = the lead department's 签收, r1.2 = the first
// co-department's second report, v1.2 = its main head's review, c3 = the leader's verdict on the lead's
// third report, x1 = the first extension request.
export type StepRef =
  | { type: 'ack'; part: number }
  | { type: 'report'; part: number; n: number }
  | { type: 'review'; part: number; n: number }
  | { type: 'accept'; n: number }
  | { type: 'extension'; n: number };

export const stepId = {
  ack: (part: number) => `a${part}`,
  report: (part: number, n: number) => `r${part}.${n}`,
  review: (part: number, n: number) => `v${part}.${n}`,
  accept: (n: number) => `c${n}`,
  extension: (n: number) => `x${n}`,
};

export function parseStepId(id: string): StepRef | undefined {
  const m = /^([arvcx])(\d+)(?:\.(\d+))?$/.exec(id);
  if (!m) return undefined;
  const a = Number(m[2]);
  const b = m[3] === undefined ? undefined : Number(m[3]);
  switch (m[1]) {
    case 'a':
      return b === undefined ? { type: 'ack', part: a } : undefined;
    case 'r':
      return b === undefined ? undefined : { type: 'report', part: a, n: b };
    case 'v':
      return b === undefined ? undefined : { type: 'review', part: a, n: b };
    case 'c':
      return b === undefined ? { type: 'accept', n: a } : undefined;
    default:
      return b === undefined ? { type: 'extension', n: a } : undefined;
  }
}

/** A step that starts now (instruction steps open as the work reaches them, several at once). */
export function openStep(o: {
  id: string;
  kind: Step['kind'];
  title: string;
  party: string;
  rule: string;
  at: string;
  deadline?: Deadline;
  /** Who may not hold or decide it: the author of what it judges (nobody decides their own case). */
  recused?: string[];
}): Step {
  return waitingStep(o.id, o.kind, o.title, [o.party], o.rule, {
    status: 'active',
    ...(o.deadline ? { deadline: o.deadline } : {}),
    ...(o.recused ? { recused: o.recused } : {}),
    activatedAt: o.at,
  });
}

/** A leader's decision step (销号, 延期审批) gets its kind's default limit (§62, STEP_LIMIT_DEFAULTS). */
export function withDefaultDeadline(item: WorkflowItem, step: Step, env: Env): Step {
  const deadline = defaultStepDeadline(item, step, env.today, env.calendar, env.org);
  return deadline ? { ...step, deadline } : step;
}
