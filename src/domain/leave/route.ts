import { approveStep } from '../engine/steps.ts';
import type { Step } from '../engine/types.ts';
import type { OrgIndex } from '../org.ts';
import type { LeaveType } from './types.ts';

/** How a leave is handled, by who files it (RULES.md, Workflow 1). */
export type LeaveRoute =
  /** Department main head: supervising vice head → head; filed with the government office (§71). */
  | 'department_head'
  /** Vice head or executive vice head: head; leaders notified, AB partner acts (§71, §8). */
  | 'vice_head'
  /** The head: recorded, not approved; the executive vice head presides (§8). */
  | 'head'
  /** Excused from a plenary / standing / head's office meeting: the convener decides (§42). */
  | 'meeting'
  /**
   * Everyone else (deputies, staff, the office director). The rules set no route; we send it to the
   * person above them (the department's main head, or the office director's supervising leader).
   */
  | 'other';

export function leaveRoute(org: OrgIndex, submitter: string, type: LeaveType): LeaveRoute {
  if (type === 'meeting_excuse') return 'meeting';
  const kind = org.primaryRole(submitter)?.kind;
  if (kind === 'head') return 'head';
  if (kind === 'executive_vice_head' || kind === 'vice_head') return 'vice_head';
  // The office director heads the government office: §71 binds him like any unit's main head.
  if (kind === 'department_main_head' || kind === 'office_director') return 'department_head';
  return 'other';
}

/** The unit a person answers for: the government office for its director, else the unit they belong to. */
export function homeUnit(org: OrgIndex, person: string) {
  if (person === org.officeDirector().id) return org.departmentByFunction('government_office');
  return org.departmentOf(person);
}

export function leaveSteps(org: OrgIndex, submitter: string, route: LeaveRoute): Step[] {
  const head = org.head().id;
  switch (route) {
    case 'department_head': {
      const dept = homeUnit(org, submitter)!;
      return [
        approveStep('s1', '分管副区长审批', org.supervisingViceHead(dept.id).id, '§71'),
        approveStep('s2', '区长审批', head, '§71'),
      ];
    }
    case 'vice_head':
      return [approveStep('s1', '区长审批', head, '§71')];
    case 'meeting':
      // The head convenes these meetings; when the head is away the executive vice head acts (§8).
      return [approveStep('s1', '会议召集人审批', head, '§42')];
    case 'head':
      return [];
    case 'other': {
      const dept = org.departmentOf(submitter);
      const above =
        dept && dept.mainHead !== submitter ? dept.mainHead : org.supervisingLeaderOf(submitter)?.id;
      return [
        approveStep(
          's1',
          dept && dept.mainHead !== submitter ? '单位主要负责人审批' : '分管领导审批',
          above ?? head,
          '—',
        ),
      ];
    }
  }
}
