import { registerKind } from '../src/bot/render.ts';
import { decideInstruction } from '../src/domain/instruction/decide.ts';
import type { InstructionItem } from '../src/domain/instruction/types.ts';
import { buildInstructionOverviewCard, buildInstructionStepCard } from './instruction.ts';
import { instructionNotice } from './instruction-notices.ts';

// 领导批示, 市级会议 reports (§46) and 建议提案 (§31) are all items of kind 'instruction'.
registerKind('instruction', {
  card(item, rec, env) {
    const it = item as InstructionItem;
    return rec.view === 'overview'
      ? buildInstructionOverviewCard(it, rec, env)
      : buildInstructionStepCard(it, rec, env);
  },
  inform: (item, about, env, detail) => instructionNotice(item as InstructionItem, about, env, detail),
  decide: (item, a, env) => decideInstruction(item as InstructionItem, a, env),
});
