import { actingFor, recusedFrom } from '../engine/acting.ts';
import type { Answer, Step, StepKind, StepResponse, WorkflowItem } from '../engine/types.ts';
import { formatCn } from '../time.ts';
import type { DescribeEnv, QuickAction, TaskView } from './types.ts';

/** Steps that wait on a decision (approve / reject, agree / disagree); 签收 and 知会 are not decisions. */
export const isDecisionStep = (s: Step): boolean => s.kind === 'approve' || s.kind === 'countersign';

const YES: ReadonlySet<Answer> = new Set(['approve', 'agree', 'agree_with_comments']);
const WORD: Partial<Record<Answer, string>> = {
  approve: '同意',
  reject: '不同意',
  agree: '同意',
  agree_with_comments: '原则同意',
  disagree: '不同意',
};

/** A task per (round, step, party, holder): the holder may change while the step waits (§8 acting). */
export function taskId(round: number, stepId: string, party: string, holder: string): string {
  return holder === party ? `t${round}.${stepId}.${party}` : `t${round}.${stepId}.${party}.by.${holder}`;
}

/** What a tap in the Approval Center means on a step of this kind (undefined: not offered there). */
export function answerFor(
  kind: StepKind,
  action: QuickAction,
  reason: string | undefined,
): Answer | undefined {
  const commented = Boolean(reason?.trim());
  if (kind === 'approve') return action === 'APPROVE' ? 'approve' : 'reject';
  if (kind === 'countersign') {
    if (action === 'REJECT') return 'disagree';
    // §50 has three answers; the quick approval two: an approval with an opinion is 原则同意.
    return commented ? 'agree_with_comments' : 'agree';
  }
  return undefined;
}

function name(env: DescribeEnv, id: string): string {
  return env.org.person(id)?.name ?? id;
}

function decided(step: Step, r: StepResponse, item: WorkflowItem, env: DescribeEnv): TaskView {
  const round = item.round;
  const behalf = r.onBehalfOf ? `（代 ${name(env, r.onBehalfOf)}）` : '';
  return {
    id: taskId(round, step.id, r.party, r.actor),
    stepId: step.id,
    round,
    party: r.party,
    holder: r.actor,
    ...(r.onBehalfOf ? { onBehalfOf: r.onBehalfOf } : {}),
    title: `${step.title} · ${name(env, r.actor)}${behalf || ' '}${WORD[r.answer] ?? '已办理'}`,
    nodeId: step.id,
    nodeName: step.title,
    status: YES.has(r.answer) ? 'APPROVED' : 'REJECTED',
    createdAt: step.activatedAt ?? r.at,
    endedAt: r.at,
    ...(step.deadline ? { due: step.deadline.due } : {}),
    actions: [],
  };
}

/**
 * The tasks a step stands for now: one per party — decided by whoever answered (代 when they answered
 * for the party), or, while the step waits, held by whoever acts for the party today (§8). A holder
 * who no longer holds (the party came back, someone else decided) has no task here: the sync closes it.
 */
export function tasksOf(step: Step, item: WorkflowItem, env: DescribeEnv): TaskView[] {
  const round = item.round;
  if (!isDecisionStep(step) || step.status === 'waiting') return [];
  return step.parties.flatMap((party): TaskView[] => {
    const r = step.responses.find((x) => x.party === party);
    // Silence recorded as no objection (§50) is nobody's decision: the holder's task just ends.
    if (r) return r.actor === 'system' || !WORD[r.answer] ? [] : [decided(step, r, item, env)];
    if (item.status !== 'in_progress' || step.status !== 'active') return [];
    // The same holder as the chat card's (§8, and never one barred from the item: nobody decides their own case).
    const acting = actingFor(party, env.today, env.org, env.away, recusedFrom(item, step));
    const behalf = acting.person === party ? '' : `（代 ${name(env, party)}）`;
    const due = step.deadline?.due;
    return [
      {
        id: taskId(round, step.id, party, acting.person),
        stepId: step.id,
        round,
        party,
        holder: acting.person,
        ...(acting.person === party ? {} : { onBehalfOf: party }),
        title: `${step.title}${behalf}${due ? ` · ${formatCn(due, env.today)}前` : ''}`,
        nodeId: step.id,
        nodeName: step.title,
        status: 'PENDING',
        createdAt: step.activatedAt ?? item.createdAt,
        ...(due ? { due } : {}),
        actions: ['APPROVE', 'REJECT'],
      },
    ];
  });
}
