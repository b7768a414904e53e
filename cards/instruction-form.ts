import { CLASS_LABEL } from '../src/domain/instruction/types.ts';
import type { InstructionInput } from '../src/domain/instruction/validate.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { RULE_LIMITS } from '../src/domain/rule-limits.ts';
import {
  CARD_INPUT_MAX,
  type Card,
  card,
  datePicker,
  type Element,
  form,
  input,
  md,
  multiSelect,
  select,
} from './card.ts';
import { INSTRUCTION_ACTIONS } from './instruction.ts';
import { esc } from './markdown.ts';

/**
 * The /批示 form. A leader issues in their own name; the supervision office picks the leader it issues
 * for. It comes back filled, with the problems listed, when a submission is refused.
 */
export function buildInstructionFormCard(o: {
  org: OrgIndex;
  forLeader: boolean;
  values?: InstructionInput;
  problems?: string[];
}): Card {
  const v = o.values ?? {};
  const depts = o.org.departments().map((d) => ({ value: d.id, label: d.name }));
  const intro = o.problems?.length
    ? `<font color='red'>请修改以下内容后再提交：</font>\n${o.problems.map((p) => `- ${esc(p)}`).join('\n')}`
    : `“710”时限（${RULE_LIMITS.ordinaryInstruction.rule}）：一般事项${RULE_LIMITS.ordinaryInstruction.amount}天内办结、复杂事项${RULE_LIMITS.complexInstruction.amount}个月内有结果、年度事项年底清零，均从交办当日算起；紧急事项以督查通知为准。`;
  const fields: Element[] = [];
  if (o.forLeader) {
    fields.push(
      select(
        'leader',
        '交办领导（督查室代为交办）',
        o.org.leaders().map((p) => ({ value: p.id, label: `${p.name}（${p.title}）` })),
        { initial: v.leader, required: true },
      ),
    );
  }
  fields.push(
    input('text', '批示内容', { value: v.text, multiline: true, maxLength: CARD_INPUT_MAX, required: true }),
    select('lead', '牵头部门', depts, { initial: v.lead, required: true }),
    multiSelect('co', '协办部门（可多选）', depts, v.co),
    select(
      'class',
      '事项类别',
      Object.entries(CLASS_LABEL).map(([value, label]) => ({ value, label })),
      { initial: v.class ?? 'ordinary' },
    ),
    datePicker('urgentDue', '紧急事项办结时限', { initial: v.urgentDue }),
    select(
      'progress',
      '是否需报送进展情况',
      [
        { value: 'no', label: '只报办理结果' },
        { value: 'yes', label: '需及时报告重要进展' },
      ],
      { initial: v.progress ? 'yes' : 'no' },
    ),
  );
  return card('交办领导批示', o.problems?.length ? 'red' : 'blue', [
    md(intro),
    form('instruction_form', fields, { label: '交办', value: { action: INSTRUCTION_ACTIONS.submit } }),
  ]);
}
