import { LEAVE_TYPE_LABEL, MEETING_LABEL } from '../src/domain/leave/types.ts';
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
  const dept = o.org.departmentOf(o.submitter);
  const deputies = (dept?.deputies ?? []).filter((d) => d !== o.submitter);
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
        `部门主要负责人离阜外出须提前${RULE_LIMITS.absenceFilingNotice.amount}天（不含出行当日）报备（${RULE_LIMITS.absenceFilingNotice.rule}）。会议请假须指定代为参会的分管负责同志（§42）。`,
      ),
    );
  }
  elements.push(
    form(
      'leave_form',
      [
        select(
          'type',
          '请假类型',
          Object.entries(LEAVE_TYPE_LABEL).map(([value, label]) => ({ value, label })),
          { initial: v.type && Object.hasOwn(LEAVE_TYPE_LABEL, v.type) ? v.type : 'out_of_city' },
        ),
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
        select(
          'meetingKind',
          '会议请假：不能参加的会议',
          Object.entries(MEETING_LABEL).map(([value, label]) => ({ value, label })),
          {
            initial: v.meetingKind && Object.hasOwn(MEETING_LABEL, v.meetingKind) ? v.meetingKind : undefined,
          },
        ),
        select(
          'deputy',
          '会议请假：代为参会的分管负责同志',
          deputies.map((d) => ({ value: d, label: o.org.person(d)?.name ?? d })),
          { initial: v.deputy && deputies.includes(v.deputy) ? v.deputy : undefined },
        ),
      ],
      { label: '提交', value: { action: LEAVE_ACTIONS.submit } },
    ),
  );
  return card('请假 / 离阜报备', o.problems?.length ? 'red' : 'blue', elements);
}
