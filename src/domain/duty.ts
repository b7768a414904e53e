import type { Env, Transition } from './engine/engine.ts';
import { start } from './engine/engine.ts';
import { acknowledgeStep, dueOf } from './engine/steps.ts';
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
      acknowledgeStep('s1', '报送上月上级部门来文目录', dept.mainHead, limit.rule, { due: dueOf(limit) }),
    ],
    round: 1,
    trail: [],
    createdAt: env.now.toISOString(),
    updatedAt: env.now.toISOString(),
  };
  return start(draft, env);
}
