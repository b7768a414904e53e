import type { Env, Transition } from './engine/engine.ts';
import { start } from './engine/engine.ts';
import type { WorkflowItem } from './engine/types.ts';
import type { Department } from './org.ts';
import { RULE_LIMITS } from './rule-limits.ts';

/** 报送事项 — a recurring duty tracked like any step: who owes it and by when. */
export interface DutyFields {
  duty: 'monthly_document_list';
  /** The month the duty is about, YYYY-MM (§70: documents received last month). */
  period: string;
}

export type DutyItem = WorkflowItem<DutyFields>;

/** §70: each department sends the list of documents received from higher-level departments last month. */
export function startMonthlyDocumentList(
  id: string,
  dept: Department,
  period: string,
  env: Env,
): Transition<DutyFields> {
  const limit = RULE_LIMITS.monthlyDocumentList;
  const draft: DutyItem = {
    id,
    kind: 'duty',
    title: `${dept.name} ${period.replace('-', '年')}月上级来文目录`,
    submitter: dept.mainHead,
    departmentId: dept.id,
    fields: { duty: 'monthly_document_list', period },
    status: 'draft',
    steps: [
      {
        id: 's1',
        kind: 'acknowledge',
        title: '报送上月上级部门来文目录',
        rule: limit.rule,
        parties: [dept.mainHead],
        status: 'waiting',
        due: { rule: limit.rule, unit: limit.unit, amount: limit.amount },
        responses: [],
      },
    ],
    round: 1,
    trail: [],
    createdAt: env.now.toISOString(),
    updatedAt: env.now.toISOString(),
  };
  return start(draft, env);
}
