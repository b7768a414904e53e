import type { ItemKind, WorkflowItem } from './engine/types.ts';
import { isInstruction } from './instruction/types.ts';

/**
 * 工作类别 — what officials call a piece of work: the item's kind, except that §46 city-meeting reports and
 * §31 suggestions and proposals, tracked as instructions, are each a class of their own.
 */
export type WorkClass =
  | ItemKind
  | 'city_meeting'
  | 'npc'
  | 'cppcc'
  | 'meeting'
  | 'major_decision'
  | 'rectification';

/** The order the digest and the weekly summary list the classes in. */
export const WORK_CLASSES: readonly WorkClass[] = [
  'instruction',
  'meeting',
  'major_decision',
  'rectification',
  'city_meeting',
  'npc',
  'cppcc',
  'topic',
  'minutes',
  'leave',
  'duty',
];

export function workClassOf(item: WorkflowItem): WorkClass {
  if (isInstruction(item) && item.fields.source !== 'leader') return item.fields.source;
  return item.kind;
}
