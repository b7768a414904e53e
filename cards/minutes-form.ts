import { MINUTES_LIMITS, type MinutesInput } from '../src/domain/minutes/validate.ts';

/** The longest unit name typed in a field of the form, and a list of co-units. */
const UNIT_NAME_MAX = 60;
const CO_MAX = 300;

import type { OrgIndex } from '../src/domain/org.ts';
import { RULE_LIMITS } from '../src/domain/rule-limits.ts';
import { isValidDate } from '../src/domain/time.ts';
import { MEETING_KIND_LABEL, MEETING_KINDS, type TopicItem } from '../src/domain/topic/types.ts';
import { type Card, card, datePicker, type Element, form, input, md, multiSelect, select } from './card.ts';
import { esc, plainText } from './markdown.ts';
import { MINUTES_ACTIONS } from './minutes.ts';

const YES_NO = [
  { value: 'no', label: '不涉及法律事务' },
  { value: 'yes', label: '涉及法律事务，送司法局审核（§41）' },
];

/**
 * The /会议纪要 form: the meeting held, the topics it took up (those on the agenda), and up to five
 * decisions with their lead unit and funds. It comes back filled, with the problems, when refused.
 *
 * Units are typed by name (区财政局, 财政局, 住建局…), never picked from a list of every unit: a card
 * holds at most 200 elements and each option is one, so a list per row went over the limit in any
 * district of 20 units (issue 12). What it holds is bounded by the rows, the vice heads and the 40
 * topics offered, whatever the size of the district.
 */
export function buildMinutesFormCard(o: {
  org: OrgIndex;
  scheduled: readonly TopicItem[];
  values?: MinutesInput;
  problems?: string[];
}): Card {
  const v = o.values ?? {};
  const cut = (s: string | undefined, max: number) => s && plainText([...s].slice(0, max).join(''), max);
  // A unit as the official wrote it, or its name when the form carries its id.
  const unit = (v?: string) => (v ? (o.org.department(v)?.name ?? v) : undefined);
  // The next meetings' topics first; a select this long already covers any one meeting.
  const next = [...o.scheduled]
    .sort((a, b) => ((a.fields.meetingDate ?? '') < (b.fields.meetingDate ?? '') ? -1 : 1))
    .slice(0, MINUTES_LIMITS.topicOptions);
  const topics = next.map((t) => ({
    value: t.id,
    label: `${t.id} ${MEETING_KIND_LABEL[t.fields.meeting]}：${plainText([...t.title].slice(0, 30).join(''))}`,
  }));
  const viceHeads = o.org.viceHeads().map((p) => ({ value: p.id, label: `${p.name}（${p.title}）` }));
  const pick = (id: string | undefined, list: Array<{ value: string }>) =>
    id && list.some((x) => x.value === id) ? id : undefined;
  const rows: Element[] = [];
  for (let i = 0; i < MINUTES_LIMITS.rows; i++) {
    const d = v.decisions?.[i] ?? {};
    const n = i + 1;
    rows.push(
      input(`decision${n}`, `议定事项${n}`, {
        value: cut(d.text, MINUTES_LIMITS.decision),
        maxLength: MINUTES_LIMITS.decision,
        multiline: true,
      }),
      input(`lead${n}`, `议定事项${n}：牵头单位`, {
        value: cut(unit(d.lead), UNIT_NAME_MAX),
        maxLength: UNIT_NAME_MAX,
        placeholder: '单位名称，例如 区财政局',
      }),
      input(`co${n}`, `议定事项${n}：协办单位（可选）`, {
        value: cut((d.co ?? []).map((c) => unit(c)).join('、'), CO_MAX),
        maxLength: CO_MAX,
        placeholder: '多个用顿号分隔',
      }),
      input(`due${n}`, `议定事项${n}：办结时限`, {
        value: cut(d.due, 20),
        maxLength: 20,
        placeholder: '一般（7天）、复杂（1个月）、年度，或日期；不填为一般事项',
      }),
      input(`funds${n}`, `议定事项${n}：批准资金（万元，仅常务会议，可选）`, {
        value: cut(d.funds, 20),
        maxLength: 20,
      }),
      input(`topic${n}`, `议定事项${n}：所属议题编号（可选）`, {
        value: cut(d.topic, 12),
        maxLength: 12,
        placeholder: '例如 T0001；只研究一个议题时可不填',
      }),
    );
  }
  const intro = o.problems?.length
    ? `<font color='red'>请修改以下内容后再提交：</font>\n${o.problems.map((p) => `- ${esc(p)}`).join('\n')}`
    : `会议结束后登记：常务会议、区长办公会议纪要${RULE_LIMITS.standingMeetingMinutes.amount}个工作日内印发，业务会议${RULE_LIMITS.businessMeetingMinutes.amount}个工作日内（需征求意见的${RULE_LIMITS.businessMeetingMinutesConsulted.amount}个工作日内）印发（§38–§40）。纪要签发后，每项议定事项转为督办事项，由牵头单位签收落实（§56、§58）；常务会议批准的资金在纪要签发后${RULE_LIMITS.fundsPayment.amount}个工作日内拨付（${RULE_LIMITS.fundsPayment.rule}）。`;
  return card('登记会议纪要', o.problems?.length ? 'red' : 'blue', [
    md(intro),
    form(
      'minutes_form',
      [
        select(
          'meeting',
          '会议类型',
          MEETING_KINDS.map((k) => ({ value: k, label: MEETING_KIND_LABEL[k] })),
          {
            initial: pick(
              v.meeting,
              MEETING_KINDS.map((k) => ({ value: k })),
            ),
          },
        ),
        datePicker('heldOn', '会议日期', { initial: isValidDate(v.heldOn) ? v.heldOn : undefined }),
        select('chair', '业务会议：主持的副区长', viceHeads, { initial: pick(v.chair, viceHeads) }),
        multiSelect(
          'topics',
          topics.length ? '本次会议研究的议题（可多选）' : '暂无已列入议程的议题',
          topics,
          (v.topics ?? []).filter((t) => topics.some((x) => x.value === t)),
        ),
        input('drafter', '区长办公会议、业务会议：纪要起草单位', {
          value: cut(unit(v.drafter), UNIT_NAME_MAX),
          maxLength: UNIT_NAME_MAX,
          placeholder: '单位名称；不填则为第一个议题的提请单位',
        }),
        input('consulted', '业务会议：纪要需征求意见的单位', {
          value: cut((v.consulted ?? []).map((d) => unit(d)).join('、'), 500),
          maxLength: 500,
          placeholder: '单位名称，多个用顿号分隔，例如 区财政局、区交通运输局',
        }),
        select('legal', '是否涉及法律事务（区长办公会议、业务会议）', YES_NO, {
          initial: pick(v.legal, YES_NO) ?? 'no',
        }),
        ...rows,
      ],
      { label: '登记并开始纪要流程', value: { action: MINUTES_ACTIONS.submit } },
    ),
  ]);
}
