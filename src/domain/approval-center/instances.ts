import type { WorkflowItem } from '../engine/types.ts';
import { DESCRIBERS } from './describers.ts';
import { isDecisionStep, tasksOf } from './tasks.ts';
import type {
  CcView,
  DescribeEnv,
  FormLine,
  InstancePart,
  InstanceStatus,
  InstanceView,
  TaskView,
} from './types.ts';

const STATUS: Record<WorkflowItem['status'], InstanceStatus> = {
  draft: 'PENDING',
  in_progress: 'PENDING',
  approved: 'APPROVED',
  recorded: 'APPROVED',
  closed: 'APPROVED',
  rejected: 'REJECTED',
  withdrawn: 'CANCELED',
};

const name = (env: DescribeEnv, id: string) => env.org.person(id)?.name ?? id;

/** §8: while a task is held by someone acting for the party, the form says so on its own line. */
function actingLine(tasks: TaskView[], env: DescribeEnv): FormLine[] {
  const acting = tasks.filter((t) => t.status === 'PENDING' && t.onBehalfOf);
  if (acting.length === 0) return [];
  const who = acting.map((t) => `${name(env, t.holder)} 代 ${name(env, t.onBehalfOf!)}`);
  return [{ label: '代批', labelEn: 'Acting', value: `${[...new Set(who)].join('；')}（§8）` }];
}

function ccsOf(item: WorkflowItem, part: InstancePart): CcView[] {
  const told = new Map<string, string>();
  // The parties of the item's notify steps (知会) are told and nothing more: CCs by definition.
  for (const s of item.steps) {
    if (s.kind !== 'notify') continue;
    for (const r of s.responses) if (!told.has(r.party)) told.set(r.party, r.at);
  }
  for (const c of part.cc) if (!told.has(c.person)) told.set(c.person, c.at);
  return [...told].map(([person, at]) => ({ id: `cc-${person}`, person, title: part.title, at }));
}

function instanceOf(item: WorkflowItem, part: InstancePart, env: DescribeEnv): InstanceView {
  const tasks = part.steps.flatMap((s) => tasksOf(s, item, env));
  const status = part.status ?? STATUS[item.status];
  const endedAt = status === 'PENDING' ? undefined : (part.endedAt ?? item.closedAt ?? item.updatedAt);
  return {
    key: part.suffix ? `${item.id}/${part.suffix}` : item.id,
    itemId: item.id,
    definition: part.definition,
    title: part.title,
    submitter: part.submitter,
    status,
    startedAt: item.createdAt,
    ...(endedAt ? { endedAt } : {}),
    lines: [...part.lines, ...actingLine(tasks, env)],
    tasks,
    ccs: ccsOf(item, part),
  };
}

/**
 * The external instances an item stands as in the Approval Center (三方审批): none for a kind without a
 * describer or for a part that has no decision to take; otherwise one per part its describer names.
 */
export function instancesOf(item: WorkflowItem, env: DescribeEnv): InstanceView[] {
  const describe = Object.hasOwn(DESCRIBERS, item.kind) ? DESCRIBERS[item.kind] : undefined;
  if (!describe || item.status === 'draft') return [];
  return describe(item, env)
    .filter((part) => part.steps.some(isDecisionStep))
    .map((part) => instanceOf(item, part, env));
}
