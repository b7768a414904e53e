import { DATE_WINDOWS } from '../src/domain/date-windows.ts';
import type { InstructionItem, InstructionRefusal } from '../src/domain/instruction/types.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { formatCn, isValidDate } from '../src/domain/time.ts';
import { deptName } from './instruction-facts.ts';
import { nameOf } from './progress.ts';

/** An instruction refusal in words an official understands, saying who may act where it helps. */
export function instructionRefusalText(
  reason: InstructionRefusal,
  detail: string | undefined,
  item: InstructionItem | undefined,
  org: OrgIndex,
): string {
  switch (reason) {
    case 'closed':
      return '该事项已销号，无需再办理。';
    case 'stale':
      return '这张卡片已失效，请发送 /我的待办 查看最新事项。';
    case 'already_done':
      return `这一步已经办理过了${detail ? `（${nameOf(org, detail)}）` : ''}，无需重复操作。`;
    case 'not_member':
      return `只有${detail ? deptName(org, detail) : '承办部门'}的同志可以办理这一步。`;
    case 'not_main_head':
      return `这份报告须由${detail ? ` ${nameOf(org, detail)} ` : '本单位主要负责人'}审定（§56）。`;
    case 'not_issuer':
      return `只有交办领导${detail ? ` ${nameOf(org, detail)} ` : ''}可以办理（验收销号也可由督查室办理）。`;
    case 'not_in_department':
      return '责任人须是本单位的同志。';
    case 'not_acknowledged':
      return '本单位尚未签收，请先在签收卡片上签收并明确责任人。';
    case 'review_pending':
      return detail === 'leader'
        ? '办理情况已报交办领导，正待验收。'
        : '上一份报告正待本单位主要负责人审定，请等待审定结果。';
    case 'co_pending': {
      const names = (detail ?? '')
        .split(',')
        .filter(Boolean)
        .map((d) => deptName(org, d))
        .join('、');
      return `协办部门${names ? ` ${names} ` : ''}的办理情况尚未经其主要负责人审定报来，暂不能汇总上报（§56）。可先报送进展情况。`;
    }
    case 'reason_required':
      return '退回、不同意或申请延期时请填写理由。';
    case 'text_required':
      return '请填写报告内容。';
    case 'bad_date':
      return `延期日期须是有效日期，晚于现在的办结时限${item ? `（${formatCn(item.fields.deadline.due, '0000-01-01')}）` : ''}，且${DATE_WINDOWS.extension.rule}${detail && isValidDate(detail) ? `；您申请的是${formatCn(detail, '0000-01-01')}` : ''}。`;
    case 'extension_pending':
      return '已有一份延期申请正待交办领导审批，请等待审批结果。';
    case 'own_case':
      return '这是您本人报送的报告或申请，按规定应当回避，不能由您审定、验收或审批；已交由其他领导办理。';
  }
}
