import { type AwayLookup, actingFor, recusedFrom } from '../engine/acting.ts';
import { owing } from '../engine/engine.ts';
import type { ItemKind, WorkflowItem } from '../engine/types.ts';
import type { OrgIndex } from '../org.ts';
import type { DateStr } from '../time.ts';
import { type WorkClass, workClassOf } from '../work-class.ts';

/** One step waiting on a person (待办), whatever the workflow. */
export interface Waiting {
  itemId: string;
  kind: ItemKind;
  /** Labelled as the digest counts it (§46 and §31 work apart from 领导批示). */
  workClass: WorkClass;
  title: string;
  stepId: string;
  stepTitle: string;
  /** Who owes it by the route; differs from the person when they act for them (§8). */
  party: string;
  onBehalfOf?: string;
  since: string;
  due?: DateStr;
}

/**
 * Every active step that waits on `person`, in every workflow: steps they owe themselves, and those
 * they owe today as the stand-in of someone away (§8). Oldest first.
 */
export function waitingOn(
  items: Iterable<WorkflowItem>,
  person: string,
  env: { today: DateStr; org: OrgIndex; away: AwayLookup },
): Waiting[] {
  const out: Waiting[] = [];
  for (const item of items) {
    if (item.status !== 'in_progress') continue;
    for (const step of item.steps) {
      if (step.status !== 'active') continue;
      const recused = recusedFrom(item, step);
      if (recused.includes(person)) continue;
      for (const party of owing(step)) {
        const mine = party === person;
        if (!mine && actingFor(party, env.today, env.org, env.away, recused).person !== person) continue;
        out.push({
          itemId: item.id,
          kind: item.kind,
          workClass: workClassOf(item),
          title: item.title,
          stepId: step.id,
          stepTitle: step.title,
          party,
          ...(mine ? {} : { onBehalfOf: party }),
          since: step.activatedAt ?? item.createdAt,
          ...(step.deadline ? { due: step.deadline.due } : {}),
        });
      }
    }
  }
  return out.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.itemId < b.itemId ? -1 : 1));
}

/** Whether a step of an item waits on `person` now (the todo button re-checks before re-sending a card). */
export function waitsOn(
  item: WorkflowItem,
  stepId: string,
  person: string,
  env: { today: DateStr; org: OrgIndex; away: AwayLookup },
): boolean {
  return waitingOn([item], person, env).some((w) => w.stepId === stepId);
}
