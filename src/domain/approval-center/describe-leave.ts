import type { WorkflowItem } from '../engine/types.ts';
import { leaveRoute } from '../leave/route.ts';
import { LEAVE_TYPE_LABEL, type LeaveFields, MEETING_LABEL } from '../leave/types.ts';
import { diffDays, formatCn } from '../time.ts';
import { line, personName } from './lines.ts';
import type { DescribeEnv, InstancePart } from './types.ts';

/** 请假: when, what, who, the §71 advance (late marked), and who is told (§71 filing, §8 acting). */
export function describeLeave(item: WorkflowItem, env: DescribeEnv): InstancePart[] {
  const f = item.fields as LeaveFields;
  const who = env.org.person(item.submitter);
  const days = diffDays(f.start, f.end) + 1;
  const lines = [
    line('时间', 'When', `${formatCn(f.start, env.today)}至${formatCn(f.end, env.today)}（${days}天）`),
    line('事由', 'What', `${LEAVE_TYPE_LABEL[f.type]} · ${f.destination} · ${f.reason}`),
    line('申请人', 'Who', `${who?.name ?? item.submitter}（${who?.title ?? ''}）`),
    line(
      '报备',
      'Filed',
      f.late
        ? `逾期报备：离开前 ${f.advanceDays} 天才报备（§71 要求至少提前 3 天）`
        : `离开前 ${f.advanceDays} 天报备（§71）`,
    ),
  ];
  if (f.meeting) {
    lines.push(
      line(
        '会议',
        'Meeting',
        `${MEETING_LABEL[f.meeting.kind]} · 由 ${personName(env, f.meeting.deputy)} 代为参会`,
      ),
    );
  }
  // §71: the government office files every leave when it is filed; once it stands, whoever acts is told.
  const cc = [{ person: env.org.departmentByFunction('government_office').mainHead, at: item.createdAt }];
  if (item.status === 'approved' && item.closedAt) {
    const route = leaveRoute(env.org, item.submitter, f.type);
    const acting =
      route === 'vice_head' ? (env.org.abPartner(item.submitter)?.id ?? env.org.head().id) : undefined;
    const deputy = route === 'meeting' ? f.meeting?.deputy : undefined;
    for (const person of [acting, deputy]) if (person) cc.push({ person, at: item.closedAt });
  }
  return [
    {
      suffix: '',
      definition: 'leave',
      title: f.late ? `${item.title}（逾期报备）` : item.title,
      submitter: item.submitter,
      steps: item.steps,
      lines,
      cc,
    },
  ];
}
