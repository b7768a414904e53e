import { LEAVE_TYPE_LABEL } from '../src/domain/leave/types.ts';
import { LEAVE_LIMITS, type LeaveInput } from '../src/domain/leave/validate.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { RULE_LIMITS } from '../src/domain/rule-limits.ts';
import { isValidDate } from '../src/domain/time.ts';
import { type Card, card, datePicker, form, input, md, select } from './card.ts';
import { LEAVE_ACTIONS } from './leave.ts';
import { esc, plainText } from './markdown.ts';

/**
 * The /请假 form. It comes back filled with what was typed, and the problems listed, when a
 * submission is refused — nothing the official typed is lost.
 */
export function buildLeaveFormCard(o: {
  org: OrgIndex;
  submitter: string;
  values?: LeaveInput;
  problems?: string[];
}): Card {
  const v = o.values ?? {};
  // Lark refuses a card whose input default exceeds its max_length or whose date picker holds a
  // non-date: what comes back is cut to the limit (the problems say by how much) and bad dates dropped.
  // Angle brackets become look-alikes, so a typed `<at id=all>` never travels back in a card.
  const cut = (s: string | undefined, max: number) => s && plainText([...s].slice(0, max).join(''), max);
  const date = (s: string | undefined) => (isValidDate(s) ? s : undefined);
  // §8: the head names the vice head who presides while the executive vice head is away too.
  const head = o.submitter === o.org.head().id;
  const exec = o.org.executiveViceHead().id;
  const presiders = o.org
    .viceHeads()
    .filter((p) => p.id !== exec)
    .map((p) => ({ value: p.id, label: `${p.name}（${p.title}）` }));
  // A meeting excuse is asked on the meeting's notice (§42); the form files absences only.
  const types = Object.entries(LEAVE_TYPE_LABEL)
    .filter(([value]) => value !== 'meeting_excuse')
    .map(([value, label]) => ({ value, label }));
  const elements = [];
  if (o.problems?.length) {
    elements.push(
      md(
        `<font color='red'>请修改以下内容后再提交：</font>\n${o.problems.map((p) => `- ${esc(p)}`).join('\n')}`,
      ),
    );
  } else {
    elements.push(
      md(
        head
          ? `区长离阜期间由常务副区长主持日常工作；区长、常务副区长均不在阜时，由区长指定的副区长主持（§8）。`
          : `部门主要负责人离阜外出须提前${RULE_LIMITS.absenceFilingNotice.amount}天（不含出行当日）报备（${RULE_LIMITS.absenceFilingNotice.rule}）。会议请假请在会议通知卡片上办理（§42）。`,
      ),
    );
  }
  elements.push(
    form(
      'leave_form',
      [
        select('type', '请假类型', types, {
          initial: v.type && types.some((t) => t.value === v.type) ? v.type : 'out_of_city',
        }),
        datePicker('start', '开始日期', { initial: date(v.start) }),
        datePicker('end', '结束日期', { initial: date(v.end) }),
        input('destination', '去向', {
          value: cut(v.destination, LEAVE_LIMITS.destination),
          placeholder: '例如：北京',
          maxLength: LEAVE_LIMITS.destination,
        }),
        input('reason', '事由', {
          value: cut(v.reason, LEAVE_LIMITS.reason),
          placeholder: '例如：参加省厅培训',
          multiline: true,
          maxLength: LEAVE_LIMITS.reason,
        }),
        ...(head
          ? [
              select(
                'presider',
                `常务副区长不在阜时主持日常工作的副区长（默认${o.org.designatedPresider().name}）`,
                presiders,
                {
                  initial:
                    v.presider && presiders.some((p) => p.value === v.presider) ? v.presider : undefined,
                },
              ),
            ]
          : []),
      ],
      { label: '提交', value: { action: LEAVE_ACTIONS.submit } },
    ),
  );
  return card('请假 / 离阜报备', o.problems?.length ? 'red' : 'blue', elements);
}
