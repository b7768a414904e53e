import type { OrgIndex } from '../src/domain/org.ts';
import { PROCEDURE_LIMITS } from '../src/domain/topic/procedure.ts';
import {
  MEETING_KIND_LABEL,
  MEETING_KINDS,
  PROCEDURE_KEYS,
  PROCEDURE_LABEL,
} from '../src/domain/topic/types.ts';
import { TOPIC_LIMITS, type TopicInput } from '../src/domain/topic/validate.ts';
import { type Card, card, datePicker, type Element, form, input, md, multiSelect, select } from './card.ts';
import { esc, plainText } from './markdown.ts';
import { TOPIC_ACTIONS } from './topic.ts';

const YES_NO = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
];

/** The units a person may submit for: their own (main head or deputy), or any unit for a leader. */
function unitsFor(org: OrgIndex, person: string) {
  const all = org.departments();
  const mine = org.isLeader(person)
    ? all
    : all.filter((d) => d.mainHead === person || d.deputies.includes(person));
  return (mine.length ? mine : all).map((d) => ({ value: d.id, label: d.name }));
}

const STATES = [
  { value: 'done', label: '已开展' },
  { value: 'na', label: '不适用（须说明理由）' },
];

/**
 * 重大决策法定程序 (§22): per step whether it was done, what (or why not), by whom, when and its
 * material; and whether the public interest is touched (§24). Filled only for a major decision.
 */
function procedureFields(v: TopicInput): Element[] {
  const p = v.procedure ?? {};
  const cut = (s: string | undefined, max: number) => s && plainText([...s].slice(0, max).join(''), max);
  return [
    md(
      '**以下仅重大决策填写**：公众参与、专家论证、风险评估须写明做了什么、何时、由谁组织及材料；不适用的写明理由（§22、§24）。',
    ),
    select('publicInterest', '重大决策：是否涉及重大公共利益和公众权益', YES_NO, {
      initial: v.publicInterest === 'yes' || v.publicInterest === 'no' ? v.publicInterest : undefined,
    }),
    ...PROCEDURE_KEYS.flatMap((key) => {
      const s = p[key] ?? {};
      const label = PROCEDURE_LABEL[key];
      return [
        select(`${key}_state`, `${label}：是否已开展`, STATES, {
          initial: s.state === 'done' || s.state === 'na' ? s.state : undefined,
        }),
        input(`${key}_what`, `${label}：做了什么（不适用时写理由）`, {
          value: cut(s.what, PROCEDURE_LIMITS.what),
          maxLength: PROCEDURE_LIMITS.what,
        }),
        input(`${key}_by`, `${label}：组织单位`, {
          value: cut(s.by, PROCEDURE_LIMITS.by),
          maxLength: PROCEDURE_LIMITS.by,
        }),
        datePicker(`${key}_on`, `${label}：日期`, { initial: s.on }),
        input(`${key}_material`, `${label}：材料链接或文件名`, {
          value: cut(s.material, PROCEDURE_LIMITS.material),
          maxLength: PROCEDURE_LIMITS.material,
        }),
      ];
    }),
  ];
}

/**
 * The /议题 form (§39). Nothing is marked required for Lark, so one submission lists every missing
 * part at once; the card comes back filled with what was typed (cut to the limits, look-alike angle
 * brackets), so nothing is lost. `item` set: an amendment of a topic that was sent back.
 */
export function buildTopicFormCard(o: {
  org: OrgIndex;
  submitter: string;
  values?: TopicInput;
  problems?: string[];
  item?: string;
}): Card {
  const v = o.values ?? {};
  const cut = (s: string | undefined, max: number) => s && plainText([...s].slice(0, max).join(''), max);
  const units = unitsFor(o.org, o.submitter);
  const depts = o.org.departments().map((d) => ({ value: d.id, label: d.name }));
  const known = (id: string | undefined, list: Array<{ value: string }>) =>
    id && list.some((x) => x.value === id) ? id : undefined;
  const text = (name: keyof typeof TOPIC_LIMITS & keyof TopicInput, label: string, placeholder: string) =>
    input(name, label, {
      value: cut(v[name] as string | undefined, TOPIC_LIMITS[name]),
      placeholder,
      multiline: name !== 'title',
      maxLength: TOPIC_LIMITS[name],
    });
  const intro = o.problems?.length
    ? `<font color='red'>请补充或修改以下内容后再提交：</font>\n${o.problems.map((p) => `- ${esc(p)}`).join('\n')}`
    : '提请议题须提交书面材料：提请单位、提请事项名称、基本情况、存在的问题、需解决的事项、解决问题方案和工作建议（§39）。会前须征求涉及单位意见（§24、§38、§40、§50）；重大决策只能提交常务会议或全体会议（§23），须经公众参与、专家论证、风险评估和合法性审查（§22、§25）。';
  const viceHeads = o.org.viceHeads().map((p) => ({ value: p.id, label: `${p.name}（${p.title}）` }));
  const fields: Element[] = [
    select(
      'meeting',
      '会议类型',
      MEETING_KINDS.map((k) => ({ value: k, label: MEETING_KIND_LABEL[k] })),
      {
        initial: known(
          v.meeting,
          MEETING_KINDS.map((k) => ({ value: k })),
        ),
      },
    ),
    select('chair', '业务会议：主持的副区长', viceHeads, { initial: known(v.chair, viceHeads) }),
    select('unit', '提请单位', units, {
      initial: known(v.unit, units) ?? (units.length === 1 ? units[0]!.value : undefined),
    }),
    text('title', '提请事项名称', '例如：关于实施老旧小区改造的请示'),
    text('background', '基本情况', ''),
    text('problems', '存在的问题', ''),
    text('matters', '需解决的事项', ''),
    text('solution', '解决问题方案', ''),
    text('recommendation', '工作建议', ''),
    multiSelect(
      'affected',
      '涉及单位（可多选，将征求其主要负责人意见）',
      depts,
      (v.affected ?? []).filter((id) => depts.some((d) => d.value === id)),
    ),
    select('legal', '是否涉及法律问题', YES_NO, { initial: known(v.legal, YES_NO) }),
    select('major', '是否属于重大决策事项', YES_NO, { initial: known(v.major, YES_NO) }),
    input('attachments', '附件（链接或文件key，可选）', {
      value: cut(v.attachments, TOPIC_LIMITS.attachments),
      placeholder: 'https://… 或 file_v3_…',
      maxLength: TOPIC_LIMITS.attachments,
    }),
    input('deputy', '分管该议题的负责同志（姓名；本单位只有一位分管负责同志时可不填）', {
      value: cut(v.deputy, 20),
      maxLength: 20,
    }),
    ...procedureFields(v),
  ];
  return card(o.item ? `修改议题 ${o.item}` : '提请会议议题', o.problems?.length ? 'red' : 'blue', [
    md(intro),
    form('topic_form', fields, {
      label: o.item ? '重新提交' : '提交',
      value: { action: TOPIC_ACTIONS.submit, ...(o.item ? { item: o.item } : {}) },
    }),
  ]);
}
