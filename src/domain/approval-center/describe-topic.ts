import type { WorkflowItem } from '../engine/types.ts';
import { formatCn } from '../time.ts';
import { MEETING_KIND_LABEL, type TopicFields } from '../topic/types.ts';
import { deptName, line } from './lines.ts';
import type { DescribeEnv, InstancePart } from './types.ts';

/** 议题: the meeting, the submitting unit, what must be decided, its flags (§25) and the units consulted. */
export function describeTopic(item: WorkflowItem, env: DescribeEnv): InstancePart[] {
  const f = item.fields as TopicFields;
  const when = f.meetingDate ? `，拟 ${formatCn(f.meetingDate, env.today)} 上会` : '';
  const flags = [f.major ? '重大决策' : '', f.legal ? '涉及法律问题' : ''].filter(Boolean);
  const lines = [
    line('会议', 'Meeting', `${MEETING_KIND_LABEL[f.meeting]}${when}`),
    line('提请单位', 'Submitted by', deptName(env, f.unit)),
    line('需解决的事项', 'To decide', f.matters),
  ];
  if (flags.length > 0) lines.push(line('标记', 'Flags', `${flags.join('、')}（§25）`));
  if (f.affected.length > 0) {
    lines.push(line('涉及单位', 'Units consulted', f.affected.map((d) => deptName(env, d)).join('、')));
  }
  return [
    {
      suffix: '',
      definition: 'topic',
      title: item.title,
      submitter: item.submitter,
      steps: item.steps,
      lines,
      cc: [],
    },
  ];
}
