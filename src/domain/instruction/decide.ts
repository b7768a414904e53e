import type { Act, Env, Refusal, Transition } from '../engine/engine.ts';
import { acknowledge, decideAcceptance, decideExtension, reviewReport } from './instruction.ts';
import { parseStepId } from './steps.ts';
import type {
  InstructionFields,
  InstructionItem,
  InstructionRefusal,
  InstructionTransition,
} from './types.ts';

/** Our refusals, said in the engine's closed set for the generic step card (its texts are generic too). */
const AS_ENGINE: Record<InstructionRefusal, Refusal> = {
  closed: 'closed',
  stale: 'stale',
  already_done: 'already_decided',
  not_member: 'not_assignee',
  not_main_head: 'not_assignee',
  not_issuer: 'not_assignee',
  not_in_department: 'not_assignee',
  not_acknowledged: 'not_active',
  review_pending: 'not_active',
  co_pending: 'not_active',
  extension_pending: 'not_active',
  reason_required: 'reason_required',
  text_required: 'reason_required',
  bad_date: 'wrong_answer',
  own_case: 'own_case',
};

function asEngine(t: InstructionTransition): Transition<InstructionFields> {
  return t.ok ? t : { ok: false, reason: AS_ENGINE[t.reason], ...(t.detail ? { detail: t.detail } : {}) };
}

/**
 * An answer given through the generic `step.decide` card action (e.g. an edited or older card): approve /
 * reject on a review, a close-out or an extension; 签收 names the signer as the responsible person.
 * A report needs its text, so it only comes through the instruction's own card or /反馈.
 */
export function decideInstruction(item: InstructionItem, a: Act, env: Env): Transition<InstructionFields> {
  const ref = parseStepId(a.stepId);
  if (!ref) return { ok: false, reason: 'stale' };
  const yes = a.answer === 'approve';
  const approveOrReject = a.answer === 'approve' || a.answer === 'reject';
  const base = { stepId: a.stepId, actor: a.actor, comment: a.comment };
  switch (ref.type) {
    case 'ack':
      if (a.answer !== 'acknowledged') return { ok: false, reason: 'wrong_answer' };
      return asEngine(acknowledge(item, { part: ref.part, actor: a.actor }, env));
    case 'review':
      if (!approveOrReject) return { ok: false, reason: 'wrong_answer' };
      return asEngine(reviewReport(item, { ...base, approve: yes }, env));
    case 'accept':
      if (!approveOrReject) return { ok: false, reason: 'wrong_answer' };
      return asEngine(decideAcceptance(item, { ...base, accept: yes }, env));
    case 'extension':
      if (!approveOrReject) return { ok: false, reason: 'wrong_answer' };
      return asEngine(decideExtension(item, { ...base, grant: yes }, env));
    case 'report':
      return { ok: false, reason: 'wrong_answer' };
  }
}
