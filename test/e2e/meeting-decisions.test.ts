import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { InstructionItem } from '../../src/domain/instruction/types.ts';
import type { MinutesItem } from '../../src/domain/minutes/types.ts';
import { BRIEFING_SHEETS } from '../../src/export/briefing-xlsx.ts';
import { LEDGER_SHEET } from '../../src/export/ledger-xlsx.ts';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');

const HEAD = 'zhou-jianguo';
const EXEC = 'liu-zhiqiang';
const VICE_HEADS = ['wang-lihua', 'chen-lixin', 'zhao-wenbo', 'sun-haiyan'];
const DIRECTOR = 'li-mingyuan';
const OFFICE_STAFF = 'he-xin';
const SUPERVISION = 'zheng-hong';
const EDU = { head: 'cao-min', deputy: 'peng-bo', staff: 'xie-ting' };
const FIN = { head: 'yang-fan', deputy: 'zhu-li' };
const HR = { head: 'du-qiang', deputy: 'wei-na' };
const TRANSPORT = { head: 'ye-qing', deputy: 'yu-hai' };

const { h, clock } = harnessEachTest(NOW);

const item = (id: string) => h.store.data.items[id] as InstructionItem;
/** Card text as it reads on the phone: the markdown escapes of typed text decoded. */
const shown = (c: unknown) => cardText(c).replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
const labels = (c: unknown) => buttons(c).map((b) => (b.text as { content: string }).content);

/** The newest card in a person's (or chat's) inbox whose text contains `text`, as it reads now. */
function cardWith(who: string, text: string) {
  const c = cardsIn(h, who)
    .filter((m) => cardText(h.lark.currentContent(m.messageId)).includes(text))
    .at(-1);
  if (!c) throw new Error(`no card with “${text}” for ${who}`);
  return { messageId: c.messageId, content: h.lark.currentContent(c.messageId) };
}

async function press(who: string, text: string, label: string, form?: Record<string, unknown>) {
  const c = cardWith(who, text);
  const r = await tap(h, who, c.messageId, buttonValue(c.content, label), form);
  expect(r.toast.type, `${who} ${label}: ${r.toast.content}`).toBe('success');
  return r;
}

const TOPIC = {
  meeting: 'standing',
  unit: 'education',
  title: '关于新建城区第二小学的请示',
  background: '城区适龄儿童逐年增加，现有学位缺口约600个。',
  problems: '现有三所小学均超员，大班额问题突出。',
  matters: '建设用地划拨和建设资金安排。',
  solution: '在城南片区新建一所36班小学，2027年开工。',
  recommendation: '列入2027年区级重点项目。',
  affected: [],
  legal: 'no',
  major: 'no',
  attachments: 'https://example.gov.cn/plan.pdf',
};

/** A standing-meeting topic through its route, on the agenda of `meetingDate`. */
async function scheduledTopic(meetingDate: string) {
  await h.say(EDU.head, '/议题');
  const form = cardsIn(h, EDU.head).at(-1)!;
  const r = await tap(h, EDU.head, form.messageId, buttonValue(form.content, '提交'), TOPIC);
  expect(r.toast.type).toBe('success');
  await press('sun-haiyan', TOPIC.title, '同意');
  await press(DIRECTOR, TOPIC.title, '同意');
  await press(HEAD, TOPIC.title, '同意上会', { meetingDate: `${meetingDate} +0800` });
}

/** §38: the office drafts, the vice heads read, then the executive vice head, the head signs. */
async function minutesSigned(id: string) {
  await press(OFFICE_STAFF, id, '纪要已起草，送审');
  for (const who of [...VICE_HEADS, EXEC]) await press(who, id, '同意');
  await press(HEAD, id, '同意');
}

describe('§56 §58 a standing meeting’s decisions become supervised items', () => {
  it('three 议定事项 with lead units, co-units and limits are issued when the minutes are signed, each signed for, reported and closed out (销号); nags, escalation, an extension, the ledger by source and its export', async () => {
    await scheduledTopic('2026-12-10');

    clock.now = new Date('2026-12-10T17:00:00+08:00');
    await h.say(OFFICE_STAFF, '/会议纪要');
    const mForm = cardsIn(h, OFFICE_STAFF).at(-1)!;
    const r = await tap(h, OFFICE_STAFF, mForm.messageId, buttonValue(mForm.content, '登记并开始纪要流程'), {
      meeting: 'standing',
      heldOn: '2026-12-10 +0800',
      topics: ['T0001'],
      decision1: '同意新建城区第二小学，区教育局牵头落实建设用地和开工准备',
      lead1: '区教育局',
      co1: '区财政局',
      due1: '一般',
      funds1: '300',
      decision2: '核定第二小学教师编制',
      lead2: '区人力资源和社会保障局',
      due2: '复杂',
      decision3: '制定学校周边交通组织方案',
      lead3: '区交通运输局',
      due3: '2026年12月31日',
    });
    expect(r.toast.content).toMatch(/^已登记 M\d{4}/);
    const mid = /M\d{4}/.exec(r.toast.content)![0];
    const minutes = () => h.store.data.items[mid] as MinutesItem;
    expect(minutes().fields.decisions.map((d) => [d.leadDepartment, d.co, d.due])).toEqual([
      ['education', ['finance'], { class: 'ordinary' }],
      ['human-resources', undefined, { class: 'complex' }],
      ['transport', undefined, { date: '2026-12-31' }],
    ]);
    // Nothing is supervised before the minutes are signed.
    expect(Object.keys(h.store.data.items).filter((k) => k.startsWith('I'))).toEqual([]);

    clock.now = new Date('2026-12-11T10:00:00+08:00');
    await minutesSigned(mid);
    const ids = minutes().fields.decisions.map((d) => d.item!);
    expect(ids).toHaveLength(3);
    expect(ids.every((id) => /^I\d{4}$/.test(id))).toBe(true);
    const [d1, d2, d3] = ids as [string, string, string];
    expect(ids.map((id) => item(id).fields.reference)).toEqual([
      '常务会议 2026-12-10 议定事项 1',
      '常务会议 2026-12-10 议定事项 2',
      '常务会议 2026-12-10 议定事项 3',
    ]);
    // Counted from the day they are issued (§58 起始时间从部署当日算起): ordinary 7 days, complex one month
    // (Sunday 2027-01-10 moves to Monday, 《民法典》第二百零三条), a date as the meeting set it.
    expect(
      ids.map((id) => [item(id).fields.source, item(id).fields.leader, item(id).fields.deadline.due]),
    ).toEqual([
      ['meeting', HEAD, '2026-12-17'],
      ['meeting', HEAD, '2027-01-11'],
      ['meeting', HEAD, '2026-12-31'],
    ]);
    expect(item(d1).fields.origin).toEqual({ minutes: mid, decision: 1, topic: 'T0001' });
    // §56 funds stay a payment step of the minutes, within 5 working days.
    expect(minutes().steps.at(-1)).toMatchObject({
      id: 'pay',
      status: 'active',
      deadline: { rule: '§56', due: '2026-12-18' },
    });
    const issued = h
      .inbox(h.org.chat('supervision').chatId)
      .find((m) => JSON.stringify(m.content).includes('【会议纪要已签发】'))!;
    expect(JSON.stringify(issued.content)).toContain(`→ 督办 ${d1}`);

    // 签收 on a card that says what it is and where it comes from.
    const ack = cardWith(EDU.staff, '签收即表示');
    const ackText = shown(ack.content);
    expect(ackText).toContain('议定事项签收 · 区教育局');
    expect(ackText).toContain('会议议定事项 · 常务会议 2026-12-10 议定事项 1');
    await tap(h, EDU.staff, ack.messageId, buttonValue(ack.content, '签收'), { responsible: EDU.deputy });
    expect(h.lastText(EDU.head)).toContain('【议定事项签收】区教育局');
    expect(h.lastText(EDU.head)).toContain('责任人 彭博');
    await press(FIN.deputy, '签收即表示', '签收', { responsible: FIN.deputy });
    await press(TRANSPORT.head, '签收即表示', '签收', { responsible: TRANSPORT.deputy });

    // Human resources does not sign: nagged on the next day's tick, escalated to its vice head a day late.
    await h.tick('2026-12-15T09:05:00+08:00');
    const nag = cardWith(HR.head, '催办');
    expect(cardText(nag.content)).toContain('签收');
    expect(labels(nag.content)).toContain('签收');
    expect(h.lastText('sun-haiyan')).toContain(d2);
    clock.now = new Date('2026-12-15T10:00:00+08:00');
    await press(HR.deputy, '签收即表示', '签收', { responsible: HR.deputy });

    // An extension asked by the lead unit goes to the leader whose decision it is: the head.
    await h.say(TRANSPORT.deputy, `/延期 ${d3} 2027年1月15日 需等待交警部门的配套方案`);
    expect(h.lastText(TRANSPORT.deputy)).toContain('待交办领导审批');
    await press(HEAD, '同意延期', '同意延期');
    expect(item(d3).fields.deadline.due).toBe('2027-01-15');
    expect(h.lastText(TRANSPORT.deputy)).toContain(`您为议定事项 ${d3}`);

    // The ledger by source lists the three with their reference; a wrong word gets the usage with the sources.
    await h.say(SUPERVISION, '/台账 来源:会议');
    const ledger = shown(cardsIn(h, SUPERVISION).at(-1)!.content);
    for (const n of [1, 2, 3]) expect(ledger).toContain(`会议议定事项 · 常务会议 2026-12-10 议定事项 ${n}`);
    await h.say(SUPERVISION, '/批示 牵头:区财政局 请研究供暖补贴');
    await h.say(SUPERVISION, '/台账 来源:批示');
    expect(cardText(cardsIn(h, SUPERVISION).at(-1)!.content)).not.toContain('议定事项');
    await h.say(SUPERVISION, '/台账 来源:传闻');
    const usage = h.lastText(SUPERVISION);
    expect(usage).toContain('来源（批示/会议/重大决策/市级会议/人大/政协/整改）');
    expect(usage).toContain('/台账 来源:会议');

    // The combined report: the co-unit reports, its main head approves, then the lead, then the head closes out.
    clock.now = new Date('2026-12-16T10:00:00+08:00');
    await h.say(FIN.deputy, `/反馈 ${d1} 办结 第二小学建设资金300万元已列入预算`);
    await press(FIN.head, '审定通过并上报', '审定通过并上报');
    await h.say(EDU.deputy, `/反馈 ${d1} 办结 建设用地已划拨，完成开工准备`);
    await press(EDU.head, '审定通过并上报', '审定通过并上报');
    const accept = cardWith(HEAD, '验收销号');
    expect(cardText(accept.content)).toContain('建设资金300万元已列入预算');
    await press(HEAD, '验收销号', '验收销号');
    expect(item(d1).status).toBe('closed');
    expect(h.lastText(EDU.deputy)).toContain(`【销号】议定事项 ${d1}`);

    for (const [id, unit] of [
      [d2, HR],
      [d3, TRANSPORT],
    ] as const) {
      await h.say(unit.deputy, `/反馈 ${id} 办结 已按会议要求完成`);
      await press(unit.head, '审定通过并上报', '审定通过并上报');
      await press(HEAD, id, '验收销号');
      expect(item(id).status).toBe('closed');
    }

    // The export carries the source of every row.
    await h.say(SUPERVISION, '/台账 导出 来源:会议');
    expect(h.lastText(SUPERVISION)).toContain('共3项');
    const file = h.inbox(SUPERVISION).find((m) => m.msgType === 'file')!;
    const stored = h.lark.files.get((file.content as { file_key: string }).file_key)!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(stored.bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(LEDGER_SHEET)!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = header.indexOf('来源') + 1;
    expect(col).toBeGreaterThan(0);
    expect([2, 3, 4].map((n) => ws.getRow(n).getCell(col).value)).toEqual([
      '会议议定事项 常务会议 2026-12-10 议定事项 1',
      '会议议定事项 常务会议 2026-12-10 议定事项 2',
      '会议议定事项 常务会议 2026-12-10 议定事项 3',
    ]);
  });
});

describe('§65 §25 a major decision is reported to the district Party committee, then its implementation is supervised', () => {
  it('the signed minutes owe 报区委 (due in 3 working days, nagged when late); once reported, the decision becomes a 重大决策执行 item with progress reports', async () => {
    await h.say(EDU.head, '/议题');
    const form = cardsIn(h, EDU.head).at(-1)!;
    const filed = await tap(h, EDU.head, form.messageId, buttonValue(form.content, '提交'), {
      ...TOPIC,
      title: '关于调整城区学校学区划分的请示',
      major: 'yes',
      publicInterest: 'no',
      participation_state: 'done',
      participation_what: '网上公开征求意见30天',
      participation_by: '区教育局',
      participation_on: '2026-10-01 +0800',
      participation_material: 'https://example.gov.cn/zq.pdf',
      expert_state: 'na',
      expert_what: '不涉及专业技术问题',
      risk_state: 'done',
      risk_what: '社会稳定风险评估',
      risk_by: '区委政法委',
      risk_on: '2026-11-02 +0800',
      risk_material: '风险评估报告.pdf',
    });
    expect(filed.toast.type, filed.toast.content).toBe('success');
    // §25: always the justice bureau's legality review for a major decision.
    await press('xu-wenjie', '学区划分', '同意');
    await press('sun-haiyan', '学区划分', '同意');
    await press(DIRECTOR, '学区划分', '同意');
    await press(HEAD, '学区划分', '同意上会', { meetingDate: '2026-12-10 +0800' });

    clock.now = new Date('2026-12-10T17:00:00+08:00');
    await h.say(OFFICE_STAFF, '/会议纪要');
    const mForm = cardsIn(h, OFFICE_STAFF).at(-1)!;
    const r = await tap(h, OFFICE_STAFF, mForm.messageId, buttonValue(mForm.content, '登记并开始纪要流程'), {
      meeting: 'standing',
      heldOn: '2026-12-10 +0800',
      topics: ['T0001'],
      decision1: '通过城区学校学区划分调整方案，2027年秋季学期起实施',
      lead1: '区教育局',
      due1: '年度',
    });
    const mid = /M\d{4}/.exec(r.toast.content)![0];
    const minutes = () => h.store.data.items[mid] as MinutesItem;

    clock.now = new Date('2026-12-11T10:00:00+08:00');
    await minutesSigned(mid);
    // Signed on Friday 12-11: the office director owes the report by Wednesday 12-16 (3 working days).
    const party = minutes().steps.find((s) => s.id === 'party')!;
    expect(party).toMatchObject({
      status: 'active',
      parties: [DIRECTOR],
      deadline: { rule: '§65', due: '2026-12-16' },
    });
    expect(minutes().fields.decisions[0]!.item).toBeUndefined();
    expect(Object.keys(h.store.data.items).some((k) => k.startsWith('I'))).toBe(false);
    const topicFields = () => (h.store.data.items.T0001 as { fields: Record<string, unknown> }).fields;
    expect(topicFields().decidedOn).toBe('2026-12-11');

    await h.tick('2026-12-17T09:05:00+08:00');
    expect(cardText(cardWith(DIRECTOR, '催办').content)).toContain('报区委');

    clock.now = new Date('2026-12-17T10:00:00+08:00');
    await press(DIRECTOR, '已向区委请示报告', '已向区委请示报告');
    const id = minutes().fields.decisions[0]!.item!;
    expect(item(id).fields).toMatchObject({
      source: 'major_decision',
      reference: '常务会议 2026-12-10 议定事项 1',
      class: 'year_long',
      progressRequired: true,
      leader: HEAD,
      deadline: { due: '2026-12-31' },
    });
    expect(minutes().fields.reportedOn).toBe('2026-12-17');
    expect(topicFields().reportedOn).toBe('2026-12-17');
    const told = h.inbox(h.org.chat('supervision').chatId).map((m) => JSON.stringify(m.content));
    expect(told.some((t) => t.includes('【重大决策已报区委】'))).toBe(true);
    expect(shown(cardWith(EDU.staff, '签收即表示').content)).toContain(
      '重大决策执行 · 常务会议 2026-12-10 议定事项 1',
    );
  });
});

describe('§32 a rectification after an audit is one more source of supervised items', () => {
  it('/整改 by the supervision office: a month by default, its basis on every card, filtered in the ledger; bad input gets the usage', async () => {
    await h.say(SUPERVISION, '/整改 牵头:区财政局 整改专项资金未及时拨付问题');
    expect(h.lastText(SUPERVISION)).toContain('请填写整改依据');
    expect(h.lastText(SUPERVISION)).toContain('/整改 依据:');
    await h.say(FIN.head, '/整改 依据:审计 牵头:区财政局 整改');
    expect(h.lastText(FIN.head)).toContain('仅限区政府领导和督查室使用');
    expect(Object.keys(h.store.data.items)).toEqual([]);

    await h.say(
      SUPERVISION,
      '/整改 依据:2026年区本级预算执行审计 牵头:区财政局 协办:区教育局 整改专项资金未及时拨付问题',
    );
    expect(h.lastText(SUPERVISION)).toContain('已交办整改 I0001（2026年区本级预算执行审计）');
    expect(item('I0001').fields).toMatchObject({
      source: 'rectification',
      reference: '2026年区本级预算执行审计',
      class: 'complex',
      leader: EXEC, // finance's supervising vice head
      deadline: { due: '2026-12-25' },
    });
    expect(shown(cardWith(FIN.deputy, '签收即表示').content)).toContain(
      '审计督查整改 · 2026年区本级预算执行审计（§32 整改并向区政府报告）',
    );
    await h.say(
      SUPERVISION,
      '/整改 依据:市安全生产督查通报 牵头:区交通运输局 限期:2027年1月15日 整改道路隐患',
    );
    expect(item('I0002').fields).toMatchObject({ deadline: { due: '2027-01-15' } });
    expect(item('I0002').fields.class).toBeUndefined();
    await h.say(SUPERVISION, '/批示 牵头:区财政局 请研究供暖补贴');
    await h.say(SUPERVISION, '/台账 来源:整改');
    const ledger = shown(cardsIn(h, SUPERVISION).at(-1)!.content);
    expect(ledger).toContain('审计督查整改 · 2026年区本级预算执行审计');
    expect(ledger).toContain('审计督查整改 · 市安全生产督查通报');
    expect(ledger).not.toContain('供暖补贴');
  });
});

describe('§57 the supervision office reports every supervised item to the standing meeting', () => {
  it('/督查通报 over a period: by source, by lead unit, the on-time rate and what is overdue, as a card and an Excel file; only the supervision office, the head and the office director', async () => {
    // A leader's instruction closed in time, a rectification left overdue, a meeting decision still running.
    await h.say('chen-lixin', '/批示 牵头:区财政局 请研究供暖补贴资金');
    await press(FIN.deputy, '签收即表示', '签收', { responsible: FIN.deputy });
    clock.now = new Date('2026-11-27T10:00:00+08:00');
    await h.say(FIN.deputy, '/反馈 I0001 办结 已安排供暖补贴资金');
    await press(FIN.head, '审定通过并上报', '审定通过并上报');
    await press('chen-lixin', '验收销号', '验收销号');
    await h.say(
      SUPERVISION,
      '/整改 依据:市安全生产督查通报 牵头:区交通运输局 限期:2026年11月30日 整改道路隐患',
    );
    await scheduledTopic('2026-12-10');
    clock.now = new Date('2026-12-10T17:00:00+08:00');
    await h.say(OFFICE_STAFF, '/会议纪要');
    const mForm = cardsIn(h, OFFICE_STAFF).at(-1)!;
    const r = await tap(h, OFFICE_STAFF, mForm.messageId, buttonValue(mForm.content, '登记并开始纪要流程'), {
      meeting: 'standing',
      heldOn: '2026-12-10 +0800',
      topics: ['T0003'],
      decision1: '落实第二小学建设用地',
      lead1: '区教育局',
    });
    const mid = /M\d{4}/.exec(r.toast.content)![0];
    clock.now = new Date('2026-12-11T10:00:00+08:00');
    await minutesSigned(mid);
    const decision = (h.store.data.items[mid] as MinutesItem).fields.decisions[0]!.item!;

    await h.say('chen-lixin', '/督查通报');
    expect(h.lastText('chen-lixin')).toContain('仅限督查室、区长和区政府办公室主任使用');
    await h.say(SUPERVISION, '/督查通报 上个月');
    expect(h.lastText(SUPERVISION)).toContain('/督查通报 2026-10-01 2026-12-31');

    await h.say(SUPERVISION, '/督查通报 2026-11-01 2026-12-11');
    const c = cardsIn(h, SUPERVISION).at(-1)!;
    const text = shown(c.content);
    expect(text).toContain('督查通报 · 11月1日至12月11日');
    expect(text).toContain('督办事项共 **3** 项：在办 **2** 项，其中逾期未办结 **1** 项');
    // On time: 1 of (1 closed + 1 overdue) = 50%.
    expect(text).toContain('**按期办结率**：**50%**');
    expect(text).toContain('- 领导批示：在办 0（逾期 0）｜本期交办 1｜本期办结 1（按期 1）｜按期办结率 100%');
    expect(text).toContain(
      '- 会议议定事项：在办 1（逾期 0）｜本期交办 1｜本期办结 0（按期 0）｜按期办结率 —',
    );
    expect(text).toContain(
      '- 审计督查整改：在办 1（逾期 1）｜本期交办 1｜本期办结 0（按期 0）｜按期办结率 0%',
    );
    // The unit with overdue work first.
    expect(text.indexOf('**区交通运输局**')).toBeLessThan(text.indexOf('**区财政局**'));
    expect(text).toContain(
      '🔴 **I0002** 市安全生产督查通报 整改道路隐患｜牵头 区交通运输局｜11月30日到期，逾期11天',
    );
    expect(text).not.toContain(decision + ' ');

    const file = h.inbox(SUPERVISION).find((m) => m.msgType === 'file')!;
    const stored = h.lark.files.get((file.content as { file_key: string }).file_key)!;
    expect(stored.name).toBe('督查通报-2026-11-01至2026-12-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(stored.bytes as unknown as ArrayBuffer);
    const bySource = wb.getWorksheet(BRIEFING_SHEETS.source)!;
    const rows = [2, 3, 4, 5].map((n) => (bySource.getRow(n).values as unknown[]).slice(1));
    expect(rows.map((v) => [v[0], v.at(-1)])).toEqual([
      ['领导批示', '100%'],
      ['会议议定事项', '—'],
      ['审计督查整改', '0%'],
      ['合计', '50%'],
    ]);
    const overdue = wb.getWorksheet(BRIEFING_SHEETS.overdue)!;
    expect((overdue.getRow(2).values as unknown[]).slice(1)).toEqual([
      'I0002',
      '审计督查整改 市安全生产督查通报',
      '整改道路隐患',
      '区交通运输局',
      '陈立新',
      '2026-11-30',
      11,
    ]);
    expect(wb.getWorksheet(BRIEFING_SHEETS.items)!.rowCount).toBe(4);

    // The head may ask for it too; a month still running ends today.
    await h.say(HEAD, '/督查通报 2026-12');
    expect(shown(cardsIn(h, HEAD).at(-1)!.content)).toContain('督查通报 · 12月1日至12月11日');
  });
});
