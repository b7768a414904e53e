import type { ItemKind, WorkflowItem } from './engine/types.ts';
import { isInstruction } from './instruction/types.ts';

/**
 * 工作类别 — what officials call a piece of work: the item's kind, except that the supervised items other
 * than a leader's instruction (§46 city-meeting reports, §31 suggestions and proposals, §56 meeting
 * decisions, §25 major decisions, §32 rectifications) are each a class of their own. A meeting decision is
 * `meeting_decision`, apart from the kind `meeting` (a meeting's notice, waiting on the units' replies).
 */
export type WorkClass =
  | ItemKind
  | 'city_meeting'
  | 'npc'
  | 'cppcc'
  | 'meeting_decision'
  | 'major_decision'
  | 'rectification';

/** The order the digest and the weekly summary list the classes in. */
export const WORK_CLASSES: readonly WorkClass[] = [
  'instruction',
  'meeting_decision',
  'major_decision',
  'rectification',
  'city_meeting',
  'npc',
  'cppcc',
  'topic',
  'meeting',
  'minutes',
  'leave',
  'duty',
];

export function workClassOf(item: WorkflowItem): WorkClass {
  if (isInstruction(item) && item.fields.source === 'meeting') return 'meeting_decision';
  if (isInstruction(item) && item.fields.source !== 'leader') return item.fields.source;
  return item.kind;
}
