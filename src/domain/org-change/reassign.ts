import { actingFor, recusedFrom } from '../engine/acting.ts';
import type { Effect } from '../engine/effects.ts';
import type { Env } from '../engine/engine.ts';
import type { Step, WorkflowItem } from '../engine/types.ts';
import type { OrgIndex } from '../org.ts';
import { stepRoles } from './step-roles.ts';

/** 岗位移交 — a waiting step that followed its role to the role's new holder. */
export interface StepMove {
  itemId: string;
  stepId: string;
  title: string;
  role: string;
  from: string;
  /** Undefined when the role's holder left a group (a vice head no longer one) and the step went on without them. */
  to?: string;
}

/** 待办无人接手 — a step still waiting on someone who is no longer in the org. */
export interface StrandedStep {
  itemId: string;
  itemTitle: string;
  stepId: string;
  title: string;
  person: string;
}

export interface Reassigned {
  item: WorkflowItem;
  effects: Effect[];
  moves: StepMove[];
}

const OPEN: ReadonlyArray<Step['status']> = ['waiting', 'active'];
const SETTLED: ReadonlyArray<WorkflowItem['status']> = ['withdrawn', 'closed', 'approved', 'recorded'];

/**
 * After the org changed from `prev` to `env.org`: the steps of an item that wait on a role (a unit's main
 * head's 签收 or review, a consultation countersign, the head's approval, …) and whose party held that role
 * before now wait on whoever holds it after. A party who already answered keeps their answer; a step asked
 * of a person (a named responsible person, the issuing leader) stays theirs. Undefined when nothing moved.
 */
export function reassignItem(current: WorkflowItem, prev: OrgIndex, env: Env): Reassigned | undefined {
  if (SETTLED.includes(current.status)) return undefined;
  const next = env.org;
  let item: WorkflowItem | undefined;
  const effects: Effect[] = [];
  const moves: StepMove[] = [];
  current.steps.forEach((step0, i) => {
    if (!OPEN.includes(step0.status)) return;
    const roles = stepRoles(current, step0, prev);
    if (!roles) return;
    // Nobody decides their own case: neither the step's recused (the author of what it judges, the person
    // whose absence it is) nor, on a decision, the item's submitter takes the role's step over.
    const recused = recusedFrom(current, step0);
    const barred = (p: string) =>
      recused.includes(p) || (p === current.submitter && step0.kind !== 'acknowledge');
    const answered = new Set(step0.responses.map((r) => r.party));
    const parties = [...step0.parties];
    const found: StepMove[] = [];
    const add = (p: string) => {
      if (!parties.includes(p)) parties.push(p);
    };
    for (const role of roles) {
      if (role.kind === 'one') {
        const from = role.holder(prev);
        const to = role.holder(next);
        if (!from || !to || from === to || !step0.parties.includes(from) || answered.has(from)) continue;
        // Nobody approves their own item; the government office sees the step listed instead.
        if (barred(to)) continue;
        found.push({ itemId: current.id, stepId: step0.id, title: step0.title, role: role.label, from, to });
        add(to);
      } else {
        const before = new Set(role.members(prev));
        const after = role.members(next);
        for (const p of after) {
          if (before.has(p) || barred(p)) continue;
          found.push({
            itemId: current.id,
            stepId: step0.id,
            title: step0.title,
            role: role.label,
            from: '',
            to: p,
          });
          add(p);
        }
        for (const p of before) {
          if (after.includes(p) || !step0.parties.includes(p) || answered.has(p)) continue;
          found.push({ itemId: current.id, stepId: step0.id, title: step0.title, role: role.label, from: p });
        }
      }
    }
    if (found.length === 0) return;
    // Whoever still holds one of the step's roles stays (a main head of two consulted units lost one).
    const holders = new Set(
      roles.flatMap((r) => (r.kind === 'one' ? [r.holder(next)] : r.members(next))).filter(Boolean),
    );
    const gone = new Set(found.flatMap((m) => (m.from && !holders.has(m.from) ? [m.from] : [])));
    const kept = parties.filter((p) => !gone.has(p));
    if (kept.length === 0) return;
    item ??= structuredClone(current);
    const step = item.steps[i]!;
    step.parties = kept;
    moves.push(...found);
    for (const m of found) {
      item.trail.push({
        at: env.now.toISOString(),
        round: item.round,
        actor: 'system',
        action: 'reassign',
        stepId: step.id,
        comment: `${m.role}：${m.from ? (prev.person(m.from)?.name ?? m.from) : '—'} → ${m.to ? (next.person(m.to)?.name ?? m.to) : '—'}`,
      });
      if (step.status === 'active' && m.to) {
        const acting = actingFor(m.to, env.today, next, env.away, recused);
        effects.push({
          type: 'ask',
          itemId: item.id,
          stepId: step.id,
          to: acting.person,
          onBehalfOf: acting.onBehalfOf,
        });
      }
    }
  });
  if (escalationMoves(current, prev, next)) {
    item ??= structuredClone(current);
    moveEscalations(item, prev, next);
  }
  if (!item) return undefined;
  item.updatedAt = env.now.toISOString();
  effects.push({ type: 'refresh', itemId: item.id });
  return { item, effects, moves };
}

/** §24, §50: a disagreement that stands goes to the unit's supervising vice head of the day. */
function supervisors(item: WorkflowItem, prev: OrgIndex, next: OrgIndex) {
  const unit = item.kind === 'topic' ? item.departmentId : undefined;
  return {
    from: unit ? prev.department(unit)?.supervisor : undefined,
    to: unit ? next.department(unit)?.supervisor : undefined,
  };
}

const escalationMoves = (item: WorkflowItem, prev: OrgIndex, next: OrgIndex): boolean => {
  const { from, to } = supervisors(item, prev, next);
  return (
    !!from &&
    !!to &&
    from !== to &&
    item.steps.some((s) => OPEN.includes(s.status) && s.escalate?.party === from)
  );
};

function moveEscalations(item: WorkflowItem, prev: OrgIndex, next: OrgIndex): void {
  const { from, to } = supervisors(item, prev, next);
  for (const s of item.steps)
    if (from && to && OPEN.includes(s.status) && s.escalate?.party === from)
      s.escalate = { ...s.escalate, party: to };
}

/** Steps that still wait on someone the org no longer has: the government office follows them up. */
export function strandedSteps(items: Iterable<WorkflowItem>, org: OrgIndex): StrandedStep[] {
  const out: StrandedStep[] = [];
  for (const item of items) {
    if (SETTLED.includes(item.status)) continue;
    for (const step of item.steps) {
      if (!OPEN.includes(step.status)) continue;
      const answered = new Set(step.responses.map((r) => r.party));
      for (const p of step.parties) {
        if (answered.has(p) || org.person(p)) continue;
        out.push({ itemId: item.id, itemTitle: item.title, stepId: step.id, title: step.title, person: p });
      }
    }
  }
  return out;
}
