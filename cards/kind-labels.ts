import type { ItemKind } from '../src/domain/engine/types.ts';

/** How officials call each kind of work. */
export const KIND_LABEL: Record<ItemKind, string> = {
  leave: '请假报备',
  topic: '会议议题',
  minutes: '会议纪要',
  instruction: '领导批示',
  duty: '报送事项',
};
