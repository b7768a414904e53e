import { DATE_WINDOWS, windowOf } from '../date-windows.ts';
import { endOnWorkday, fixedDate } from '../deadline.ts';
import { actingFor } from '../engine/acting.ts';
import type { Env } from '../engine/engine.ts';
import { type DateStr, isValidDate } from '../time.ts';
import { decideStep, leaderDecision, partFor, record, refuse } from './decision.ts';
import { openStep, stepId, withDefaultDeadline } from './steps.ts';
import type { InstructionItem, InstructionTransition } from './types.ts';

/** 延期申请: a department asks the issuing leader for a later date, with a reason. */
export function requestExtension(
  current: InstructionItem,
  a: { actor: string; to: DateStr; reason: string; part?: number },
  env: Env,
): InstructionTransition {
  if (current.status !== 'in_progress') return refuse('closed');
  if (a.part !== undefined && !current.fields.parts[a.part]) return refuse('stale');
  const i = partFor(current, a.actor, env, a.part);
  if (i < 0) return refuse('not_member', current.fields.parts[a.part ?? 0]?.dept);
  const reason = a.reason.trim();
  if (!reason) return refuse('reason_required');
  if (!isValidDate(a.to) || a.to <= current.fields.deadline.due) return refuse('bad_date', a.to);
  if (a.to > windowOf(DATE_WINDOWS.extension, env.today).to) return refuse('bad_date', a.to);
  if (current.fields.extensions.some((e) => !e.decision)) return refuse('extension_pending');

  const item = structuredClone(current);
  const f = item.fields;
  const at = env.now.toISOString();
  const n = f.extensions.length + 1;
  f.extensions.push({ n, dept: f.parts[i]!.dept, by: a.actor, at, reason, from: f.deadline.due, to: a.to });
  const id = stepId.extension(n);
  item.steps.push(
    withDefaultDeadline(
      item,
      openStep({
        id,
        kind: 'approve',
        title: '交办领导审批延期申请',
        party: f.leader,
        rule: '§58',
        at,
        recused: [a.actor],
      }),
      env,
    ),
  );
  record(item, env, {
    actor: a.actor,
    action: 'extension_request',
    stepId: id,
    comment: `${a.to} ${reason}`,
  });
  const acting = actingFor(f.leader, env.today, env.org, env.away, [a.actor]);
  return {
    ok: true,
    item,
    effects: [
      { type: 'ask', itemId: item.id, stepId: id, to: acting.person, onBehalfOf: acting.onBehalfOf },
      { type: 'refresh', itemId: item.id },
    ],
  };
}

/** The issuing leader (or whoever acts for them, §8) grants the date asked for, or refuses with a reason. */
export function decideExtension(
  current: InstructionItem,
  a: { stepId: string; actor: string; grant: boolean; comment?: string },
  env: Env,
): InstructionTransition {
  const ok = leaderDecision(current, { ...a, yes: a.grant }, 'extension', env, false);
  if (!ok.ok) return ok;
  const { ref, comment } = ok;
  const who = { onBehalfOf: ok.onBehalfOf };

  const item = structuredClone(current);
  const f = item.fields;
  const ext = f.extensions[ref.n - 1]!;
  const d = { stepId: a.stepId, actor: a.actor, onBehalfOf: who.onBehalfOf, yes: a.grant, comment };
  const signed = decideStep(item, d, env, a.grant ? 'extension_granted' : 'extension_refused');
  ext.decision = { ...signed, granted: a.grant };
  if (a.grant) {
    // The ledger keeps the original date (originalDue) and the new one; open steps move to the new date.
    const old = f.deadline.due;
    // 《民法典》第二百零三条: a date granted on a day off ends on the next working day.
    f.deadline = endOnWorkday(env.calendar, fixedDate(f.deadline.rule, f.issuedOn, ext.to));
    for (const s of item.steps) {
      if (s.status === 'active' && s.deadline?.due === old && /^[rv]/.test(s.id)) s.deadline = f.deadline;
    }
  }
  return {
    ok: true,
    item,
    effects: [
      { type: 'inform', itemId: item.id, to: { person: ext.by }, about: `extension:${ref.n}` },
      { type: 'refresh', itemId: item.id },
    ],
  };
}
