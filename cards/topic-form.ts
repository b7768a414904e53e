import type { OrgIndex } from '../src/domain/org.ts';
import { MEETING_KIND_LABEL, MEETING_KINDS } from '../src/domain/topic/types.ts';
import { TOPIC_LIMITS, type TopicInput } from '../src/domain/topic/validate.ts';
import { type Card, card, type Element, form, input, md, multiSelect, select } from './card.ts';
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
    : '提请议题须提交书面材料：提请单位、提请事项名称、基本情况、存在的问题、需解决的事项、解决问题方案和工作建议（§39）。常务会议议题须征求涉及单位意见（§38、§50），重大决策须经合法性审查（§25）。';
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
  ];
  return card(o.item ? `修改议题 ${o.item}` : '提请会议议题', o.problems?.length ? 'red' : 'blue', [
    md(intro),
    form('topic_form', fields, {
      label: o.item ? '重新提交' : '提交',
      value: { action: TOPIC_ACTIONS.submit, ...(o.item ? { item: o.item } : {}) },
    }),
  ]);
}
