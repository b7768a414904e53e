import { describe, expect, it } from 'vitest';
import type { InstructionItem } from '../../src/domain/instruction/types.ts';
import type { LeaveItem } from '../../src/domain/leave/types.ts';
import type { MeetingItem } from '../../src/domain/meeting/types.ts';
import type { MinutesItem } from '../../src/domain/minutes/types.ts';
import type { TopicItem } from '../../src/domain/topic/types.ts';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';

// Monday 2026-12-14, 09:30 in Beijing: a standing meeting on Christmas Eve, its decisions running past
// New Year's Day into January 2027 (a provisional year in the calendar: only its fixed holidays are known).
const NOW = new Date('2026-12-14T09:30:00+08:00');

const HEAD = 'zhou-jianguo';
const EXEC = 'liu-zhiqiang';
const VICE = 'sun-haiyan'; // supervises education and human resources
const VICE_HEADS = ['wang-lihua', 'chen-lixin', 'zhao-wenbo', VICE];
const DIRECTOR = 'li-mingyuan';
const OFFICE_STAFF = 'he-xin';
const SUPERVISION = 'zheng-hong';
const EDU = { head: 'cao-min', deputy: 'peng-bo', staff: 'xie-ting' };
const FIN = { head: 'yang-fan', deputy: 'zhu-li' };
const HR = { head: 'du-qiang', deputy: 'wei-na' };
const TRANSPORT = { head: 'ye-qing', deputy: 'yu-hai' };
const UNRELATED = 'dong-jian'; // 区民政局: not on this meeting

const { h, clock } = harnessEachTest(NOW);

const at = (iso: string) => {
  clock.now = new Date(`${iso}+08:00`);
};
/** Card text as it reads on the phone: the markdown escapes of typed text decoded. */
const shown = (c: unknown) => cardText(c).replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
const labels = (c: unknown) => buttons(c).map((b) => (b.text as { content: string }).content);
const texts = (who: string) =>
  h
    .inbox(who)
    .filter((m) => m.msgType === 'text')
    .map((m) => (m.content as { text: string }).text)
    .join('\n');
const itemOf = <T>(id: string) => h.store.data.items[id] as T;

/** The newest card in a person's (or chat's) inbox whose text contains `text`, as it reads now. */
function cardWith(who: string, text: string) {
  const c = cardsIn(h, who)
    .filter((m) => shown(h.lark.currentContent(m.messageId)).includes(text))
    .at(-1);
  if (!c) throw new Error(`no card with “${text}” for ${who}`);
  return { messageId: c.messageId, content: h.lark.currentContent(c.messageId) };
}
/** Whether a card about `id` waits on the person (has a 同意 button). */
const askedOn = (who: string, id: string) =>
  cardsIn(h, who).some((m) => {
    const c = h.lark.currentContent(m.messageId);
    return shown(c).includes(id) && labels(c).includes('同意');
  });

async function press(who: string, text: string, label: string, form?: Record<string, unknown>) {
  const c = cardWith(who, text);
  const r = await tap(h, who, c.messageId, buttonValue(c.content, label), form);
  expect(r.toast.type, `${who} ${label}: ${r.toast.content}`).toBe('success');
  return r;
}

const TITLE = '关于新建城南第二小学的请示';

describe('§36–§42 §38 §56–§58 a standing meeting from topic to 销号', () => {
  it('topic (§38, §50) → notice (§36) → excuse with the topic’s deputy (§42) → minutes read and signed (§38) → three 议定事项 supervised, signed for, reported, combined and closed out (§56–§58) → the ledger by source', async () => {
    // ── §38 §50: the education bureau submits a topic; finance, affected, is consulted first.
    await h.say(EDU.head, '/议题');
    const form = cardsIn(h, EDU.head).at(-1)!;
    const filed = await tap(h, EDU.head, form.messageId, buttonValue(form.content, '提交'), {
      meeting: 'standing',
      unit: 'education',
      title: TITLE,
      background: '城南片区适龄儿童逐年增加，现有学位缺口约600个。',
      problems: '现有三所小学均超员，大班额问题突出。',
      matters: '建设用地划拨、教师编制和建设资金安排。',
      solution: '在城南片区新建一所36班小学，2027年开工。',
      recommendation: '列入2027年区级重点项目。',
      affected: ['finance'],
      deputy: EDU.deputy,
      legal: 'no',
      major: 'no',
      attachments: 'https://example.gov.cn/plan.pdf',
    });
    expect(filed.toast.content).toMatch(/^已提交 T\d{4}/);
    const topic = /T\d{4}/.exec(filed.toast.content)![0];
    // Nobody up the line sees it before the affected unit answered.
    expect(askedOn(VICE, topic)).toBe(false);
    const consult = cardWith(FIN.head, topic);
    expect(shown(consult.content)).toContain(TITLE);
    await press(FIN.head, topic, '同意');
    // The supervising vice head, the office director, then the head, who puts it on Thursday 12-24.
    expect(shown(cardWith(VICE, topic).content)).toContain(TITLE);
    await press(VICE, topic, '同意');
    await press(DIRECTOR, topic, '同意');
    expect(labels(cardWith(HEAD, topic).content)).toContain('同意上会');
    await press(HEAD, topic, '同意上会', { meetingDate: '2026-12-24 +0800' });
    expect(itemOf<TopicItem>(topic)).toMatchObject({
      status: 'approved',
      fields: { meetingDate: '2026-12-24' },
    });
    expect(texts(EDU.head)).toContain(topic);

    // ── §36: the government office sends the notice; the units' heads answer it, the leaders are told.
    at('2026-12-14T15:00:00');
    await h.say(OFFICE_STAFF, '/会议通知 常务会议 12月24日 9:00 地点:区政府三楼第一会议室');
    expect(h.lastText(OFFICE_STAFF)).toMatch(/已发出会议通知 H\d{4}/);
    const mtg = /H\d{4}/.exec(h.lastText(OFFICE_STAFF))![0];
    const meeting = () => itemOf<MeetingItem>(mtg);
    expect(meeting().fields).toMatchObject({ date: '2026-12-24', time: '09:00', convener: HEAD });
    for (const who of [EDU.head, FIN.head]) {
      const c = cardWith(who, mtg);
      for (const part of ['12月24日', '09:00', '区政府三楼第一会议室', topic, TITLE, '12月22日']) {
        expect(shown(c.content)).toContain(part);
      }
      expect(labels(c.content)).toEqual(['参会', '请假（§42）']);
    }
    for (const who of [HEAD, EXEC, VICE, DIRECTOR])
      expect(buttons(cardWith(who, mtg).content)).toHaveLength(0);
    expect(cardsIn(h, UNRELATED)).toHaveLength(0);

    // Finance attends; the education bureau's head is away on an official trip: excused, his deputy for
    // the topic goes in his place (§42), and the convener — the head — decides.
    await press(FIN.head, mtg, '参会');
    const notice = cardWith(EDU.head, mtg);
    const badSub = await tap(h, EDU.head, notice.messageId, buttonValue(notice.content, '请假（§42）'), {
      why: 'official_trip',
      substitute: EDU.staff,
    });
    expect(badSub.toast.type).toBe('warning');
    expect(badSub.toast.content).toContain(h.who(EDU.deputy).name);
    await press(EDU.head, mtg, '请假（§42）', {
      why: 'official_trip',
      substitute: EDU.deputy,
      note: '赴省教育厅汇报学位建设工作',
    });
    const leave = Object.values(h.store.data.items).find((i) => i.kind === 'leave') as LeaveItem;
    expect(leave.fields.meeting).toMatchObject({ meetingId: mtg, topic, deputy: EDU.deputy });
    expect(shown(cardWith(EDU.head, mtg).content)).toContain('请假待会议召集人审批');
    const ask = cardWith(HEAD, leave.id);
    expect(shown(ask.content)).toContain(mtg);
    expect(shown(ask.content)).toContain(h.who(EDU.deputy).name);
    await press(HEAD, leave.id, '同意');
    expect(texts(EDU.deputy)).toContain('已批准由您代为参会');
    expect(shown(cardWith(EDU.deputy, mtg).content)).toContain(`您代 ${h.who(EDU.head).name} 参会`);
    expect(texts(EDU.head)).not.toContain('/销假');
    const office = cardWith(h.org.chat('governmentOffice').chatId, mtg);
    const attendance = shown(office.content);
    expect(attendance).toContain(
      `${h.who(EDU.head).name}（区教育局）：已准假，代会：${h.who(EDU.deputy).name}`,
    );
    expect(attendance).toContain(`${h.who(FIN.head).name}（区财政局）：参会`);
    expect(attendance).toContain('未回复0人');

    // ── The meeting is held on 12-24; the office records the minutes with three 议定事项 that evening.
    at('2026-12-24T17:00:00');
    await h.say(OFFICE_STAFF, '/会议纪要');
    const mForm = cardsIn(h, OFFICE_STAFF).at(-1)!;
    expect(shown(mForm.content)).toContain(topic);
    const recorded = await tap(
      h,
      OFFICE_STAFF,
      mForm.messageId,
      buttonValue(mForm.content, '登记并开始纪要流程'),
      {
        meeting: 'standing',
        heldOn: '2026-12-24 +0800',
        topics: [topic],
        decision1: '同意新建城南第二小学，区教育局牵头落实建设用地和开工准备',
        lead1: '区教育局',
        co1: '区财政局',
        due1: '一般',
        decision2: '核定第二小学教师编制，2027年秋季学期前到位',
        lead2: '区人力资源和社会保障局',
        co2: '区教育局',
        due2: '复杂',
        decision3: '制定学校周边交通组织方案',
        lead3: '区交通运输局',
        co3: '区教育局',
        due3: '2027年1月15日',
      },
    );
    // The minutes name the meeting held — the notice its topic was on — and how its invitees stood.
    expect(recorded.toast.content).toMatch(new RegExp(`^已登记 M\\d{4}（会议通知 ${mtg}）`));
    const mid = /M\d{4}/.exec(recorded.toast.content)![0];
    const minutes = () => itemOf<MinutesItem>(mid);
    expect(minutes().fields).toMatchObject({
      meetingId: mtg,
      presider: HEAD,
      attendance: [
        { person: EDU.head, state: 'excused', substitute: EDU.deputy, why: 'official_trip' },
        { person: FIN.head, state: 'attend' },
      ],
    });
    const excusedLine = `${h.who(EDU.head).name}（区教育局）：已准假（因公出访或出差），代会：${h.who(EDU.deputy).name}`;
    const tracker = shown(recorded.card!.data);
    expect(tracker).toContain(`**参会情况**（会议通知 ${mtg}，§42）：参会1人，准假1人`);
    expect(tracker).toContain(excusedLine);
    expect(tracker).toContain(`主持：${h.who(HEAD).name}`);
    expect(minutes().fields.decisions.map((d) => [d.leadDepartment, d.co, d.due])).toEqual([
      ['education', ['finance'], { class: 'ordinary' }],
      ['human-resources', ['education'], { class: 'complex' }],
      ['transport', ['education'], { date: '2027-01-15' }],
    ]);
    expect(itemOf<TopicItem>(topic).fields.heldIn).toBe(mid);
    expect(Object.keys(h.store.data.items).some((k) => k.startsWith('I'))).toBe(false);

    // ── §38: drafted by the office, read by the vice heads, then the executive vice head, signed by the head.
    at('2026-12-25T09:30:00');
    await press(OFFICE_STAFF, mid, '纪要已起草，送审');
    for (const who of VICE_HEADS) {
      expect(askedOn(EXEC, mid)).toBe(false);
      await press(who, mid, '同意');
    }
    expect(askedOn(HEAD, mid)).toBe(false);
    await press(EXEC, mid, '同意');
    const sign = cardWith(HEAD, mid);
    for (const n of [1, 2, 3]) expect(shown(sign.content)).toContain(`${n}. `);
    // The head signs seeing who was excused and who came in his place (§42).
    expect(shown(sign.content)).toContain(excusedLine);
    expect(shown(sign.content)).toContain('牵头：区交通运输局');
    await press(HEAD, mid, '同意');
    expect(minutes().fields.issuedOn).toBe('2026-12-25');

    const ids = minutes().fields.decisions.map((d) => d.item!);
    expect(ids.every((id) => /^I\d{4}$/.test(id))).toBe(true);
    const [d1, d2, d3] = ids as [string, string, string];
    const item = (id: string) => itemOf<InstructionItem>(id);
    expect(ids.map((id) => item(id).fields.reference)).toEqual([
      '常务会议 2026-12-24 议定事项 1',
      '常务会议 2026-12-24 议定事项 2',
      '常务会议 2026-12-24 议定事项 3',
    ]);
    // Counted from the day of issue, Friday 12-25 (§58 起始时间从部署当日算起): 7 days end on New Year's Eve;
    // a month ends on Sunday 2027-01-24, moved to Monday (provisional 2027); the date as the meeting set it.
    expect(
      ids.map((id) => [item(id).fields.source, item(id).fields.leader, item(id).fields.deadline.due]),
    ).toEqual([
      ['meeting', HEAD, '2026-12-31'],
      ['meeting', HEAD, '2027-01-25'],
      ['meeting', HEAD, '2027-01-15'],
    ]);
    const issued = h
      .inbox(h.org.chat('supervision').chatId)
      .map((m) => JSON.stringify(m.content))
      .find((t) => t.includes('【会议纪要已签发】'))!;
    for (const id of ids) expect(issued).toContain(`→ 督办 ${id}`);

    // ── 签收: each lead and co-unit signs for its part on a card that says where it comes from.
    const units = [
      [d1, EDU, 1],
      [d1, FIN, 1],
      [d2, HR, 2],
      [d2, EDU, 2],
      [d3, TRANSPORT, 3],
      [d3, EDU, 3],
    ] as const;
    for (const [id, unit, n] of units) {
      const ack = cardsIn(h, unit.head)
        .map((m) => ({ messageId: m.messageId, content: h.lark.currentContent(m.messageId) }))
        .filter((c) => shown(c.content).includes('签收即表示') && shown(c.content).includes(id))
        .at(-1);
      expect(ack, `${unit.head} 签收 ${id}`).toBeDefined();
      expect(shown(ack!.content)).toContain(`会议议定事项 · 常务会议 2026-12-24 议定事项 ${n}`);
      const r = await tap(h, unit.head, ack!.messageId, buttonValue(ack!.content, '签收'), {
        responsible: unit.deputy,
      });
      expect(r.toast.type, r.toast.content).toBe('success');
      const after = shown(h.lark.currentContent(ack!.messageId));
      expect(after).toContain(h.who(unit.deputy).name);
      expect(labels(h.lark.currentContent(ack!.messageId))).not.toContain('签收');
    }

    // ── Reports: each co-unit reports, its main head approves; then the lead unit's combined report, which
    // the lead's main head approves; the head (whose meeting decided it) accepts and closes it out (销号).
    at('2027-01-04T10:00:00');
    for (const [id, lead, co] of [
      [d1, EDU, FIN],
      [d2, HR, EDU],
      [d3, TRANSPORT, EDU],
    ] as const) {
      await h.say(co.deputy, `/反馈 ${id} 办结 协办部分已完成（${id}）`);
      await press(co.head, id, '审定通过并上报');
      await h.say(lead.deputy, `/反馈 ${id} 办结 已按会议要求完成（${id}）`);
      await press(lead.head, id, '审定通过并上报');
      const accept = cardWith(HEAD, `验收销号`);
      expect(shown(accept.content)).toContain(id);
      expect(shown(accept.content)).toContain(`协办部分已完成（${id}）`);
      expect(shown(accept.content)).toContain(`已按会议要求完成（${id}）`);
      await press(HEAD, id, '验收销号');
      expect(item(id).status).toBe('closed');
      expect(texts(lead.deputy)).toContain(`【销号】议定事项 ${id}`);
    }

    // ── The ledger filtered by source: the three, closed out (办结), each with its meeting reference.
    await h.say(SUPERVISION, '/台账 来源:会议 办结');
    const ledger = shown(cardsIn(h, SUPERVISION).at(-1)!.content);
    expect(ledger).toContain('共 **3** 项');
    for (const [n, id] of ids.entries()) {
      expect(ledger).toContain(`**${id}** 会议议定事项 · 常务会议 2026-12-24 议定事项 ${n + 1}`);
    }
    expect(ledger.match(/已销号｜/g)).toHaveLength(3);
  });
});
