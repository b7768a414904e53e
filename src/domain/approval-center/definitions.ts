import type { DefinitionKind } from './types.ts';

export interface DefinitionText {
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
}

/** The definitions the bot keeps in the Approval Center, with what officials read there. */
export const DEFINITIONS: Record<DefinitionKind, DefinitionText> = {
  leave: {
    name: '请假/离阜报备',
    nameEn: 'Leave and absence filing',
    description: '在政务督办助手中发送 /请假 办理（§8、§42、§71）',
    descriptionEn: 'File with /leave in the governance bot (§8, §42, §71)',
  },
  topic: {
    name: '会议议题申报',
    nameEn: 'Meeting topic submission',
    description: '在政务督办助手中发送 /议题 办理（§37–§41、§50）',
    descriptionEn: 'Submit with /topic in the governance bot (§37–§41, §50)',
  },
  instruction: {
    name: '领导批示办理（审定与销号）',
    nameEn: "Leader's instruction: reviews and close-out",
    description: '批示的报告审定与销号，在政务督办助手中办理（§56–§58）',
    descriptionEn: "Report reviews and close-out of a leader's instruction (§56–§58)",
  },
  extension: {
    name: '批示事项延期申请',
    nameEn: 'Extension request',
    description: '在政务督办助手中发送 /延期 申请（§58）',
    descriptionEn: 'Ask with /extend in the governance bot (§58)',
  },
  minutes: {
    name: '会议纪要审核签发',
    nameEn: 'Meeting minutes review and sign-off',
    description: '会议纪要的审核、会签与签发（§38–§41）',
    descriptionEn: 'Review, consultation and sign-off of meeting minutes (§38–§41)',
  },
};

export const DEFINITION_KINDS = Object.keys(DEFINITIONS) as DefinitionKind[];

/** The group the definitions stand under in the Approval Center's 发起审批 page. */
export const GROUP_NAME = { zh: '政务督办', en: 'Government supervision' };
