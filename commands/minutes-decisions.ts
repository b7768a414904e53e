import { applyTransition } from '../src/bot/apply.ts';
import { registerFollowUp } from '../src/bot/follow-ups.ts';
import { issueInstruction } from '../src/domain/instruction/instruction.ts';
import { decisionsToIssue } from '../src/domain/minutes/decisions.ts';
import { isMinutes, MINUTES_STEP } from '../src/domain/minutes/types.ts';
import { isTopic } from '../src/domain/topic/types.ts';
import { nextId } from '../src/store/schema.ts';

/**
 * §56 “区政府重要会议议定事项…明确相关责任人负责落实”: when the minutes are signed, each decision becomes
 * a supervised item, exactly like a leader's instruction (签收, reports, 销号, the ledger); a major
 * decision's once it has been reported to the district Party committee (§65). The topics it decided
 * record the collective decision (§22) and the report (§65).
 */
registerFollowUp('minutes', (data, out, item, before, env, render) => {
  if (!isMinutes(item)) return;
  const done = (id: string, it: { steps: Array<{ id: string; status: string }> } = item) =>
    it.steps.find((s) => s.id === id)?.status === 'done';
  for (const { index, spec } of decisionsToIssue(item, env)) {
    const id = nextId(data, 'I');
    const t = issueInstruction(id, spec.leader, spec, env);
    if (!t.ok) {
      // Not expected (the form checked the decision); if it happens the office is told, with the decision's
      // text, so it can be issued by hand (/批示) rather than silently missing from the ledger.
      const d = item.fields.decisions[index]!;
      out.send(
        { chatId: env.org.chat('governmentOffice').chatId },
        `${item.id} 议定事项${index + 1}未能转为督办事项（${t.detail ?? t.reason}），请以 /批示 交办：${d.text}`,
      );
      continue;
    }
    applyTransition(data, out, t.item, t.effects, render);
    item.fields.decisions[index]!.item = id;
  }
  const signedNow = done(MINUTES_STEP.sign) && !done(MINUTES_STEP.sign, before);
  const reportedNow = done(MINUTES_STEP.party) && !done(MINUTES_STEP.party, before);
  if (!signedNow && !reportedNow) return;
  for (const t of item.fields.topics) {
    const topic = Object.hasOwn(data.items, t.id) ? data.items[t.id] : undefined;
    if (!topic || !isTopic(topic) || !topic.fields.major) continue;
    const next = structuredClone(topic);
    if (signedNow) next.fields.decidedOn = item.fields.issuedOn ?? env.today;
    if (reportedNow) next.fields.reportedOn = env.today;
    next.updatedAt = env.now.toISOString();
    applyTransition(data, out, next, [{ type: 'refresh', itemId: next.id }], render);
  }
});
