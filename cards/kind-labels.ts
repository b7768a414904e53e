import type { ItemKind } from '../src/domain/engine/types.ts';
import type { WorkClass } from '../src/domain/work-class.ts';

/** How officials call each kind of work. */
export const KIND_LABEL: Record<ItemKind, string> = {
  leave: '请假报备',
  topic: '会议议题',
  meeting: '会议通知',
  minutes: '会议纪要',
  instruction: '领导批示',
  duty: '报送事项',
};

/**
 * Each class of work as its cards name it — the digest, the weekly summary and /我的待办 count with the
 * same words: §46 reports and §31 suggestions and proposals are not 领导批示.
 */
export const WORK_LABEL: Record<WorkClass, string> = {
  ...KIND_LABEL,
  city_meeting: '市级会议报告',
  npc: '人大代表建议',
  cppcc: '政协委员提案',
  meeting_decision: '会议议定事项',
  major_decision: '重大决策执行',
  rectification: '审计督查整改',
};
