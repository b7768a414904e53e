import type { WorkflowItem } from '../engine/types.ts';
import type { OrgIndex } from '../org.ts';
import { isMember } from './parties.ts';
import { type InstructionItem, isInstruction } from './types.ts';

export interface OwedReport {
  item: InstructionItem;
  part: number;
  stepId: string;
  /** The person is the named responsible person (not just someone of the department). */
  mine: boolean;
}

/** Open instructions where the person's department owes a report now, theirs first, oldest first. */
export function reportsOwedBy(items: Iterable<WorkflowItem>, person: string, org: OrgIndex): OwedReport[] {
  const out: OwedReport[] = [];
  for (const it of items) {
    if (!isInstruction(it) || it.status !== 'in_progress') continue;
    it.fields.parts.forEach((p, i) => {
      const step = it.steps.find((s) => s.status === 'active' && s.id.startsWith(`r${i}.`));
      if (step && isMember(org.department(p.dept), person)) {
        out.push({ item: it, part: i, stepId: step.id, mine: step.parties.includes(person) });
      }
    });
  }
  return out.sort(
    (a, b) => Number(b.mine) - Number(a.mine) || (a.item.createdAt < b.item.createdAt ? -1 : 1),
  );
}

/** Open instructions the person's department takes part in (for /延期 without a number). */
export function openInstructionsOf(
  items: Iterable<WorkflowItem>,
  person: string,
  org: OrgIndex,
): InstructionItem[] {
  return [...items].filter(
    (it): it is InstructionItem =>
      isInstruction(it) &&
      it.status === 'in_progress' &&
      it.fields.parts.some((p) => isMember(org.department(p.dept), person)),
  );
}

/** Who reviews the report `author` just sent (§56): their main head, or the supervising vice head for the main head's own. */
export function reviewerOf(item: InstructionItem, author: string): string | undefined {
  const step = item.steps.findLast((s) => s.id.startsWith('v') && s.recused?.includes(author));
  return step?.status === 'active' ? step.parties[0] : undefined;
}
