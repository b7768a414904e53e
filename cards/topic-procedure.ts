import type { OrgIndex } from '../src/domain/org.ts';
import { type DateStr, formatCn } from '../src/domain/time.ts';
import {
  MEETING_KIND_LABEL,
  PROCEDURE_KEYS,
  PROCEDURE_LABEL,
  TOPIC_STEP,
  type TopicItem,
} from '../src/domain/topic/types.ts';
import { esc } from './markdown.ts';
import { nameOf, when } from './progress.ts';

/**
 * 重大决策法定程序 (§22) as every card of a major decision shows it: the three steps recorded at
 * submission (a not-applicable one with its reason), the legality review (§25), the collective decision
 * (§23) and the report to the district Party committee before issue (§65).
 */
export function procedureLines(item: TopicItem, org: OrgIndex, today: DateStr, max = 200): string[] {
  const f = item.fields;
  if (!f.major) return [];
  const lines = ['**重大决策法定程序（§22）**'];
  PROCEDURE_KEYS.forEach((key, i) => {
    const s = f.procedure?.[key];
    const label =
      key === 'risk' && f.publicInterest
        ? `${PROCEDURE_LABEL[key]}（含社会稳定风险评估，§24）`
        : PROCEDURE_LABEL[key];
    if (!s) lines.push(`${i + 1}. ${label}：未填写`);
    else if (s.done) {
      lines.push(
        `${i + 1}. ${label}：✅ ${esc(s.what, { max })}（${esc(s.by, { max: 60 })}，${formatCn(s.on, today)}；材料：${esc(s.material, { max })}）`,
      );
    } else lines.push(`${i + 1}. ${label}：⊘ 不适用，理由：${esc(s.reason, { max })}`);
  });
  const review = item.steps.find((s) => s.id === TOPIC_STEP.legality);
  const r = review?.responses.at(-1);
  const legality = !review
    ? '未列入'
    : review.status === 'done' && r
      ? `✅ ${nameOf(org, r.actor)} 审查通过（${when(r.at, today)}）`
      : review.status === 'rejected'
        ? '❌ 审查未通过'
        : '⏳ 待司法局审查';
  lines.push(`4. 合法性审查（§25）：${legality}`);
  const meeting = MEETING_KIND_LABEL[f.meeting];
  lines.push(
    `5. 集体讨论决定（§23）：${f.decidedOn ? `✅ ${formatCn(f.decidedOn, today)}${meeting}讨论决定${f.heldIn ? `（纪要 ${f.heldIn}）` : ''}` : `待${meeting}讨论决定`}`,
  );
  lines.push(
    `6. 报区委（§65）：${f.reportedOn ? `✅ ${formatCn(f.reportedOn, today)}已向区委请示报告` : '决定后、出台前须向区委请示报告'}`,
  );
  return lines;
}

/** §25: every failed review of the topic, shown to every later approver in red. */
export function failedReviewLines(item: TopicItem, org: OrgIndex, today: DateStr, max = 200): string[] {
  return (item.fields.failedReviews ?? []).map((r) => {
    const who = `${nameOf(org, r.by)}${r.onBehalfOf ? `（代 ${nameOf(org, r.onBehalfOf)}）` : ''}`;
    const where = r.topic && r.topic !== item.id ? `议题 ${r.topic} ` : '';
    return `<font color='red'>⚠ ${where}第${r.round}轮合法性审查未通过（${formatCn(r.on, today)}，司法局 ${who}：${esc(r.comment, { max })}），须经司法局重新审查通过方可继续（§25）</font>`;
  });
}
