import type { Step, WorkflowItem } from '../engine/types.ts';
import { parseStepId } from '../instruction/steps.ts';
import { CLASS_LABEL, type InstructionFields, SOURCE_LABEL, SOURCE_NOUN } from '../instruction/types.ts';
import { formatCn } from '../time.ts';
import { deptName, line } from './lines.ts';
import type { DescribeEnv, InstancePart, InstanceStatus } from './types.ts';

const typeOf = (s: Step) => parseStepId(s.id)?.type;

function extensionStatus(step: Step): InstanceStatus {
  if (step.status === 'active') return 'PENDING';
  const r = step.responses[0];
  if (step.status === 'done' && r) return r.answer === 'approve' ? 'APPROVED' : 'REJECTED';
  return 'CANCELED';
}

/**
 * 领导批示: the reviews of reports (§56) and the close-out (销号, §58) stand as one instance; each
 * extension request (§58) as one of its own, with its own verdict. 签收 and writing a report are not
 * decisions and stay in the chat.
 */
export function describeInstruction(item: WorkflowItem, env: DescribeEnv): InstancePart[] {
  const f = item.fields as InstructionFields;
  const units = f.parts.map((p) => `${deptName(env, p.dept)}${p.role === 'lead' ? '（牵头）' : ''}`);
  const kind = f.class ? `${SOURCE_LABEL[f.source]} · ${CLASS_LABEL[f.class]}` : SOURCE_LABEL[f.source];
  const main: InstancePart = {
    suffix: '',
    definition: 'instruction',
    title: item.title,
    submitter: item.submitter,
    steps: item.steps.filter((s) => typeOf(s) === 'review' || typeOf(s) === 'accept'),
    lines: [
      // A meeting decision, a major decision's implementation or a rectification shows where it comes from.
      line(SOURCE_NOUN[f.source], 'Instruction', f.text),
      ...(f.source !== 'leader' && f.reference
        ? [line('来源', 'Source', `${SOURCE_LABEL[f.source]} ${f.reference}`)]
        : []),
      line('承办单位', 'Departments', units.join('、')),
      line('时限', 'Due', `${formatCn(f.deadline.due, env.today)}（${kind}，${f.deadline.rule}）`),
    ],
    // §57: the supervision office keeps the ledger of every instruction; it is told, it does not decide.
    cc: [{ person: env.org.departmentByFunction('supervision').mainHead, at: item.createdAt }],
  };
  const extensions = f.extensions.flatMap((ext): InstancePart[] => {
    const step = item.steps.find((s) => s.id === `x${ext.n}`);
    if (!step) return [];
    return [
      {
        suffix: step.id,
        definition: 'extension',
        title: `延期申请：${item.title}`,
        submitter: ext.by,
        steps: [step],
        status: extensionStatus(step),
        ...(step.completedAt ? { endedAt: step.completedAt } : {}),
        lines: [
          line(
            '申请延至',
            'New date',
            `${formatCn(ext.to, env.today)}（原定 ${formatCn(ext.from, env.today)}）`,
          ),
          line('理由', 'Reason', ext.reason),
          line('申请单位', 'Department', deptName(env, ext.dept)),
        ],
        cc: [],
      },
    ];
  });
  return [main, ...extensions];
}
