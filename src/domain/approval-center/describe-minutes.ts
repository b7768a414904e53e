import type { WorkflowItem } from '../engine/types.ts';
import { decidesMajor, type MinutesFields, totalFunds } from '../minutes/types.ts';
import { formatCn } from '../time.ts';
import { MEETING_KIND_LABEL } from '../topic/types.ts';
import { line } from './lines.ts';
import type { DescribeEnv, InstancePart } from './types.ts';

/** 会议纪要: which meeting, what it decided (and the funds), the topics, and the issue limit (§38–§40). */
export function describeMinutes(item: WorkflowItem, env: DescribeEnv): InstancePart[] {
  const f = item.fields as MinutesFields;
  const funds = totalFunds(f);
  const lines = [
    line('会议', 'Meeting', `${MEETING_KIND_LABEL[f.meeting]} · ${formatCn(f.heldOn, env.today)}召开`),
    line(
      '议定事项',
      'Decisions',
      `${f.decisions.length} 项${funds > 0 ? `，涉及资金 ${funds.toLocaleString('zh-CN')} 元` : ''}`,
    ),
    line('印发时限', 'Issue by', `${formatCn(f.issueBy.due, env.today)}（${f.issueBy.rule}）`),
  ];
  // §65: a major decision is reported to the district Party committee before it is issued.
  if (decidesMajor(f))
    lines.push(
      line(
        '报区委',
        'Party report',
        f.reportedOn
          ? `${formatCn(f.reportedOn, env.today)}已报告（§65）`
          : '重大决策出台前须向区委请示报告（§65）',
      ),
    );
  if (f.topics.length > 0) lines.push(line('议题', 'Topics', f.topics.map((t) => t.title).join('；')));
  return [
    {
      suffix: '',
      definition: 'minutes',
      title: item.title,
      submitter: item.submitter,
      steps: item.steps,
      lines,
      cc: [],
    },
  ];
}
