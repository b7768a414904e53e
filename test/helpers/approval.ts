import { expect } from 'vitest';
import { awayOf } from '../../src/bot/away.ts';
import { actingFor } from '../../src/domain/engine/acting.ts';
import { owing } from '../../src/domain/engine/engine.ts';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import { beijingDate } from '../../src/domain/time.ts';
import type { SandboxInstance } from '../../src/sandbox/approval-model.ts';
import { buttons } from './cards.ts';
import type { Harness } from './harness.ts';

type Json = Record<string, unknown>;

const DECISION = new Set(['approve', 'countersign']);
const INSTANCE_STATUS: Record<string, string> = {
  in_progress: 'PENDING',
  approved: 'APPROVED',
  recorded: 'APPROVED',
  closed: 'APPROVED',
  rejected: 'REJECTED',
  withdrawn: 'CANCELED',
};

/** The external instance of an item in the sandbox's Approval Center. */
export function instanceOf(h: Harness, key: string): SandboxInstance {
  const rec = h.store.data.approvalInstances[key];
  expect(rec, `no Approval Center record for ${key}`).toBeDefined();
  const inst = h.lark.approvals.instances.get(rec!.instanceId);
  expect(inst, `the Approval Center has no instance ${rec!.instanceId}`).toBeDefined();
  return inst!;
}

/** A person's 待办 in the sandbox's Approval Center, as `item/step` (the task's node). */
export function todoOf(h: Harness, personId: string): string[] {
  return h.lark
    .approvalCenterOf(h.who(personId).openId)
    .todo.map((e) => {
      const task = h.lark.approvals.instances.get(e.instanceId)!.tasks.get(e.task!.id)!;
      return `${itemOfInstance(h, e.instanceId)}/${task.nodeId}`;
    })
    .sort();
}

function itemOfInstance(h: Harness, instanceId: string): string {
  return (
    Object.values(h.store.data.approvalInstances).find((r) => r.instanceId === instanceId)?.itemId ?? '?'
  );
}

/** The decide buttons a person has in the chat for an item: `step` of each card still answerable. */
function openCardSteps(h: Harness, personId: string, itemId: string): string[] {
  return h.inbox(personId).flatMap((m) =>
    buttons(m.content)
      .map((b) => (b.behaviors as Array<{ value?: Json }> | undefined)?.[0]?.value)
      .filter((v): v is Json => v?.action === 'step.decide' && v.item === itemId)
      .map((v) => String(v.step)),
  );
}

/** Taps 同意 / 拒绝 in a person's Approval Center on the task of `itemId`'s step. */
export async function quick(
  h: Harness,
  personId: string,
  itemId: string,
  stepId: string,
  action: 'APPROVE' | 'REJECT',
  reason?: string,
) {
  const me = h.who(personId).openId;
  const entry = h.lark
    .approvalCenterOf(me)
    .todo.find(
      (e) =>
        itemOfInstance(h, e.instanceId) === itemId &&
        h.lark.approvals.instances.get(e.instanceId)!.tasks.get(e.task!.id)!.nodeId === stepId,
    );
  expect(entry, `${personId} has no 待办 for ${itemId}/${stepId}`).toBeDefined();
  const r = await h.lark.quickApprove({
    openId: me,
    instanceId: entry!.instanceId,
    taskId: entry!.task!.id,
    action,
    ...(reason ? { reason } : {}),
  });
  await h.settle();
  return r;
}

/**
 * The chat and the Approval Center tell the same story of an item: the instance's status is the item's;
 * the tasks waiting are exactly its owing parties' — held by whoever acts for them today (§8) — and each
 * of those holders has an answerable card in the chat; every decision stands as a finished task of the
 * one who took it; no card in the chat is still answerable for a step that no longer waits on its holder.
 */
export function expectAgreement(h: Harness, itemId: string, now: Date): void {
  const item = h.store.data.items[itemId] as WorkflowItem;
  expect(instanceOf(h, itemId).status).toBe(INSTANCE_STATUS[item.status]);
  // An item may stand as more than one instance (an instruction's extension requests): all its tasks.
  const all = Object.values(h.store.data.approvalInstances)
    .filter((r) => r.itemId === itemId)
    .map((r) => instanceOf(h, r.key));
  const today = beijingDate(now);
  const away = awayOf(h.store.data);
  const waiting =
    item.status !== 'in_progress'
      ? []
      : item.steps
          .filter((s) => s.status === 'active' && DECISION.has(s.kind))
          .flatMap((s) => owing(s).map((p) => `${actingFor(p, today, h.org, away).person}:${s.id}`));
  const tasks = all.flatMap((i) => [...i.tasks.values()]);
  const person = (openId: string) => h.org.personByOpenId(openId)!.id;
  expect(
    tasks
      .filter((t) => t.status === 'PENDING')
      .map((t) => `${person(t.openId)}:${t.nodeId}`)
      .sort(),
  ).toEqual([...waiting].sort());
  for (const w of waiting) {
    const [who, step] = w.split(':') as [string, string];
    expect(openCardSteps(h, who, itemId), `${who} has no card to answer ${itemId}/${step}`).toContain(step);
  }
  for (const s of item.steps.filter((x) => DECISION.has(x.kind))) {
    for (const r of s.responses.filter((x) => x.actor !== 'system')) {
      const yes = ['approve', 'agree', 'agree_with_comments'].includes(r.answer);
      const done = tasks.find(
        (t) => t.nodeId === s.id && person(t.openId) === r.actor && t.status !== 'DONE',
      );
      expect(done?.status, `${r.actor}'s decision on ${itemId}/${s.id}`).toBe(yes ? 'APPROVED' : 'REJECTED');
    }
  }
  const waitingSteps = new Set(waiting);
  for (const p of h.org.people().filter((x) => x.openId)) {
    for (const step of openCardSteps(h, p.id, itemId)) {
      const s = item.steps.find((x) => x.id === step);
      const owed = s && item.status === 'in_progress' && s.status === 'active' && owing(s).length > 0;
      // The away party keeps the card sent before they left (they may still answer, §8): only a step that
      // waits on nobody any more must have no answerable card left.
      if (DECISION.has(s?.kind ?? ''))
        expect(owed || waitingSteps.has(`${p.id}:${step}`), `${p.id}'s card for ${itemId}/${step}`).toBe(
          true,
        );
    }
  }
}
