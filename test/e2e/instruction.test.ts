import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { InstructionItem } from '../../src/domain/instruction/types.ts';
import { LEDGER_SHEET, OVERDUE_FILL } from '../../src/export/ledger-xlsx.ts';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');

const LEADER = 'chen-lixin'; // 副区长, AB partner wang-lihua
const SUPERVISION = 'zheng-hong'; // 督查室
const FIN = { head: 'yang-fan', deputy: 'zhu-li', staff: 'qin-lei' }; // 区财政局 — lead
const HOUSING = { head: 'su-gang', deputy: 'lv-ping', staff: 'ding-kai' }; // 区住建局 — co
const TRANSPORT = { head: 'ye-qing', deputy: 'yu-hai' }; // 区交通运输局
const OUTSIDER = 'cao-min'; // 区教育局

const { h, clock } = harnessEachTest(NOW);

const item = (id: string) => h.store.data.items[id] as InstructionItem;
const supervisionChat = () => h.org.chat('supervision').chatId;

/** The newest card in a person's (or chat's) inbox whose text contains `text`. */
function cardWith(who: string, text: string) {
  const c = cardsIn(h, who)
    .filter((m) => cardText(m.content).includes(text))
    .at(-1);
  if (!c) throw new Error(`no card with “${text}” for ${who}`);
  return { messageId: c.messageId, content: h.lark.currentContent(c.messageId) };
}

describe('§56–§58 a leader’s instruction to a lead and a co-department, end to end', () => {
  it('issue → both sign → both report → main heads approve → combined report accepted → closed', async () => {
    await h.say(LEADER, '/批示 牵头:区财政局 协办:区住建局 请研究老旧小区改造资金缺口问题，提出解决方案');
    expect(h.lastText(LEADER)).toContain('已交办 I0001');
    expect(h.lastText(LEADER)).toContain('12月2日');
    expect(item('I0001').fields).toMatchObject({
      leader: LEADER,
      class: 'ordinary',
      originalDue: '2026-12-02',
    });
    expect(cardText(cardWith(supervisionChat(), 'I0001').content)).toContain(
      '请研究老旧小区改造资金缺口问题',
    );

    // 签收: every member of each department has the card; only that department's people may sign.
    const finAck = cardWith(FIN.staff, '签收即表示');
    const ackValue = buttonValue(finAck.content, '签收');
    for (const stranger of [OUTSIDER, HOUSING.staff, LEADER]) {
      const r = await tap(h, stranger, finAck.messageId, ackValue, { responsible: FIN.staff });
      expect(r.toast).toMatchObject({ type: 'warning', content: '只有区财政局的同志可以办理这一步。' });
    }
    const badPick = await tap(h, FIN.staff, finAck.messageId, ackValue, { responsible: OUTSIDER });
    expect(badPick.toast.content).toBe('责任人须是本单位的同志。');
    expect(item('I0001').fields.parts[0]!.ack).toBeUndefined();
    const signed = await tap(h, FIN.staff, finAck.messageId, ackValue, { responsible: FIN.deputy });
    expect(signed.toast).toMatchObject({ type: 'success' });
    expect(h.lastText(FIN.head)).toContain('【批示签收】区财政局 秦磊 已签收批示 I0001');
    expect(h.lastText(FIN.head)).toContain('责任人 朱莉');
    // Every copy of the finance 签收 card is redrawn without the button.
    expect(buttons(h.lark.currentContent(cardWith(FIN.head, '批示签收 · 区财政局').messageId))).toHaveLength(
      0,
    );
    const twice = await tap(h, FIN.deputy, finAck.messageId, ackValue, { responsible: FIN.deputy });
    expect(twice.toast.content).toContain('已经办理过了');

    const housingAck = cardWith(HOUSING.deputy, '签收即表示');
    await tap(h, HOUSING.deputy, housingAck.messageId, buttonValue(housingAck.content, '签收'), {
      responsible: HOUSING.deputy,
    });
    expect(item('I0001').fields.parts.map((p) => p.ack?.responsible)).toEqual([FIN.deputy, HOUSING.deputy]);

    // The co-department reports by command; outsiders cannot report for it.
    await h.say(OUTSIDER, '/反馈 I0001 办结 冒名报告');
    expect(h.lastText(OUTSIDER)).toBe('只有区财政局的同志可以办理这一步。');
    await h.say(HOUSING.deputy, '/反馈 I0001 办结 已摸清全区缺口1200万元 附件:https://example.gov.cn/a.pdf');
    expect(h.lastText(HOUSING.deputy)).toContain('待本单位主要负责人审定');
    expect(item('I0001').fields.parts[1]!.reports[0]).toMatchObject({
      kind: 'completion',
      text: '已摸清全区缺口1200万元',
      attachment: 'https://example.gov.cn/a.pdf',
    });

    // The lead cannot send its combined report before the co-department's is approved (§56).
    await h.say(FIN.deputy, '/反馈 I0001 办结 汇总');
    expect(h.lastText(FIN.deputy)).toContain('区住房和城乡建设局');
    expect(h.lastText(FIN.deputy)).toContain('暂不能汇总上报');

    // §56 gate: only the main head approves.
    const review = cardWith(HOUSING.head, '审定通过并上报');
    const pass = buttonValue(review.content, '审定通过并上报');
    const notHead = await tap(h, HOUSING.staff, review.messageId, pass);
    expect(notHead.toast.content).toContain('须由 苏刚 审定');
    const author = await tap(h, HOUSING.deputy, review.messageId, pass);
    expect(author.toast.content).toContain('回避');
    const approved = await tap(h, HOUSING.head, review.messageId, pass);
    expect(approved.toast).toEqual({ type: 'success', content: '已审定，报告已上报' });
    expect(h.lastText(FIN.deputy)).toContain(
      '【协办报告】区住房和城乡建设局 报送的办理情况已经其主要负责人审定',
    );

    // The lead's combined report through its card: the co-department's report is shown on it.
    const reportCard = cardWith(FIN.deputy, '提交报告');
    expect(cardText(reportCard.content)).toContain('已摸清全区缺口1200万元');
    const submitted = await tap(
      h,
      FIN.deputy,
      reportCard.messageId,
      buttonValue(reportCard.content, '提交报告'),
      {
        kind: 'completion',
        text: '汇总：拟申请专项债并安排区级配套资金',
        attachment: '',
      },
    );
    expect(submitted.toast.type).toBe('success');
    const finReview = cardWith(FIN.head, '审定通过并上报');
    await tap(h, FIN.head, finReview.messageId, buttonValue(finReview.content, '审定通过并上报'));

    // The issuing leader's close-out card; nobody else may close it.
    const accept = cardWith(LEADER, '验收销号');
    expect(cardText(accept.content)).toContain('汇总：拟申请专项债并安排区级配套资金');
    expect(cardText(accept.content)).toContain('已摸清全区缺口1200万元');
    const close = buttonValue(accept.content, '验收销号');
    for (const stranger of [FIN.head, OUTSIDER, 'zhao-wenbo']) {
      const r = await tap(h, stranger, accept.messageId, close);
      expect(r.toast.content).toBe('只有交办领导 陈立新 可以办理（验收销号也可由督查室办理）。');
    }
    const done = await tap(h, LEADER, accept.messageId, close);
    expect(done.toast).toEqual({ type: 'success', content: '已验收，予以销号（§58）' });
    expect(item('I0001').status).toBe('closed');
    expect(item('I0001').fields.closedOn).toBe('2026-11-26');
    for (const p of [FIN.head, FIN.deputy, HOUSING.head, HOUSING.deputy]) {
      expect(h.lastText(p)).toContain('【销号】批示 I0001');
    }
    expect(cardText(h.lark.currentContent(cardWith(supervisionChat(), 'I0001').messageId))).toContain(
      '已销号',
    );
    const after = await tap(h, LEADER, accept.messageId, close);
    expect(after.toast.content).toContain('已销号');
  });

  it('§57 the supervision office issues for a leader, sends back and closes out from its group; extensions', async () => {
    await h.say(SUPERVISION, '/批示 领导:陈立新 牵头:区交通运输局 紧急:11月28日 排查冬季道路结冰隐患');
    expect(h.lastText(SUPERVISION)).toContain('已交办 I0001');
    expect(item('I0001').fields).toMatchObject({ leader: LEADER, issuedBy: SUPERVISION, class: 'urgent' });
    expect(cardText(cardWith(LEADER, 'I0001').content)).toContain('郑红 代为交办');

    // A department official cannot issue; the one-line form refuses a missing leader for 督查室.
    await h.say(FIN.head, '/批示 牵头:区交通运输局 x');
    expect(h.lastText(FIN.head)).toContain('仅限区政府领导和督查室使用');
    await h.say(SUPERVISION, '/批示 牵头:区交通运输局 排查');
    expect(cardText(cardsIn(h, SUPERVISION).at(-1)!.content)).toContain('督查室代领导交办时，请注明交办领导');

    const ack = cardWith(TRANSPORT.head, '签收即表示');
    await tap(h, TRANSPORT.head, ack.messageId, buttonValue(ack.content, '签收'), {
      responsible: TRANSPORT.deputy,
    });

    // Extension: asked by the department, refused to anyone but the leader, granted by the leader.
    await h.say(OUTSIDER, '/延期 I0001 12月5日 想延期');
    expect(h.lastText(OUTSIDER)).toContain('只有区交通运输局的同志');
    await h.say(TRANSPORT.deputy, '/延期 I0001 12月5日 需等待气象部门数据');
    expect(h.lastText(TRANSPORT.deputy)).toContain('待交办领导审批');
    const ext = cardWith(LEADER, '同意延期');
    for (const stranger of [SUPERVISION, TRANSPORT.head]) {
      const r = await tap(h, stranger, ext.messageId, buttonValue(ext.content, '同意延期'));
      expect(r.toast.content).toContain('只有交办领导 陈立新');
    }
    await tap(h, LEADER, ext.messageId, buttonValue(ext.content, '同意延期'));
    // 《民法典》第二百零三条: the date granted, Saturday 12-05, ends on Monday 12-07; the card shows both.
    expect(item('I0001').fields.deadline).toMatchObject({ endsOn: '2026-12-05', due: '2026-12-07' });
    expect(cardText(cardWith(LEADER, '办结时限').content)).toContain('12月5日为休息日，顺延至12月7日');
    expect(item('I0001').fields.originalDue).toBe('2026-11-30');
    expect(h.lastText(TRANSPORT.deputy)).toContain('延期已获同意');

    await h.say(TRANSPORT.deputy, '/反馈 办结 已排查路段23处');
    const review = cardWith(TRANSPORT.head, '审定通过并上报');
    await tap(h, TRANSPORT.head, review.messageId, buttonValue(review.content, '审定通过并上报'));

    // 督查室 sends it back from its group card; a comment is required.
    const group = cardWith(supervisionChat(), '待验收');
    const back = buttonValue(group.content, '退回重办');
    const noComment = await tap(h, SUPERVISION, group.messageId, back);
    expect(noComment.toast.content).toContain('请填写理由');
    const sentBack = await tap(h, SUPERVISION, group.messageId, back, { comment: '请补充整改时限' });
    expect(sentBack.toast.content).toBe('已退回牵头部门重办');
    expect(h.lastText(TRANSPORT.deputy)).toContain('请补充整改时限');

    // A department head reports themself: nobody approves their own report, so it goes to the
    // department's supervising vice head (chen-lixin, also the leader here) before it goes up (§56).
    await h.say(TRANSPORT.head, '/反馈 I0001 办结 已排查路段23处，12月4日前全部整改');
    expect(h.lastText(TRANSPORT.head)).toContain('不能自行审定');
    expect(h.lastText(TRANSPORT.head)).toContain('陈立新');
    const selfReview = cardWith(LEADER, '主要负责人本人报送');
    const own = await tap(
      h,
      TRANSPORT.head,
      selfReview.messageId,
      buttonValue(selfReview.content, '审定通过并上报'),
    );
    expect(own.toast.content).toContain('回避');
    await tap(h, LEADER, selfReview.messageId, buttonValue(selfReview.content, '审定通过并上报'));
    // 督查室 closes out in its own name, not on the leader's behalf (§58), and the leader is told.
    const group2 = cardWith(supervisionChat(), '待验收');
    const outsider = await tap(h, OUTSIDER, group2.messageId, buttonValue(group2.content, '验收销号'));
    expect(outsider.toast.content).toContain('只有交办领导');
    await tap(h, SUPERVISION, group2.messageId, buttonValue(group2.content, '验收销号'));
    expect(item('I0001').status).toBe('closed');
    const verdict = item('I0001').fields.parts[0]!.reports.at(-1)!.verdict!;
    expect(verdict).toMatchObject({ by: SUPERVISION, capacity: 'supervision', accepted: true });
    expect(verdict.onBehalfOf).toBeUndefined();
    expect(h.lastText(LEADER)).toContain('已经 督查室 郑红 验收，予以销号');
    expect(cardText(h.lark.currentContent(group2.messageId))).toContain('督查室 郑红 已验收销号');
    expect(cardText(h.lark.currentContent(group2.messageId))).not.toContain('代 陈立新');
  });
});

describe('reminders reach instruction steps like any other', () => {
  it('an unsigned instruction is nagged to the main head with its 签收 card, and escalated a working day late', async () => {
    await h.say(LEADER, '/批示 牵头:区财政局 请研究');
    await h.tick('2026-11-30T09:05:00+08:00'); // 签收 was due 11-27 (next working day)
    const nag = cardWith(FIN.head, '催办');
    expect(cardText(nag.content)).toContain('区财政局签收');
    expect(buttons(nag.content).map((b) => (b.text as { content: string }).content)).toContain('签收');
    expect(h.lastText('liu-zhiqiang')).toContain('I0001'); // finance's supervising vice head
  });
});

describe('§46 and §31 deadlines tracked the same way', () => {
  it('/市级会议 by a department head: signed at once, report due 2 working days later', async () => {
    await h.say(TRANSPORT.head, '/市级会议 全市冬季交通安全工作会议');
    expect(h.lastText(TRANSPORT.head)).toContain('11月30日前形成书面材料');
    const it0 = item('I0001');
    expect(it0.fields).toMatchObject({ source: 'city_meeting', leader: LEADER, deadline: { rule: '§46' } });
    expect(it0.fields.parts[0]!.ack).toMatchObject({ by: TRANSPORT.head, responsible: TRANSPORT.head });
  });

  it('/建议提案 by the supervision office: default 3-month limit; a department official may not', async () => {
    await h.say(SUPERVISION, '/建议提案 政协 第5号 牵头:区住建局 协办:区财政局 关于加快老旧小区改造的提案');
    expect(h.lastText(SUPERVISION)).toContain('已交办 I0001（第5号）');
    expect(item('I0001').fields).toMatchObject({
      source: 'cppcc',
      reference: '第5号',
      leader: LEADER,
      deadline: { rule: '§31', due: '2027-02-25' },
    });
    await h.say(FIN.deputy, '/建议提案 人大 第1号 牵头:区财政局 x');
    expect(h.lastText(FIN.deputy)).toContain('仅限');
  });
});

describe('§57 §58 the ledger and its Excel export', () => {
  it('lists open items with lights; exports every item with its dates, overdue rows red, frozen header, filters', async () => {
    await h.say(LEADER, '/批示 牵头:区财政局 请研究');
    const ack = cardWith(FIN.head, '签收即表示');
    await tap(h, FIN.head, ack.messageId, buttonValue(ack.content, '签收'), { responsible: FIN.head });
    await h.say(FIN.head, '/反馈 I0001 办结 已研究完毕');
    // The main head's own report: finance's supervising vice head approves it first (§56).
    const selfReview = cardWith('liu-zhiqiang', '审定通过并上报');
    await tap(h, 'liu-zhiqiang', selfReview.messageId, buttonValue(selfReview.content, '审定通过并上报'));
    const accept = cardWith(LEADER, '验收销号');
    await tap(h, LEADER, accept.messageId, buttonValue(accept.content, '验收销号'));
    expect(item('I0001').status).toBe('closed');
    // Closed items leave the hot data for the year's archive; the export still lists them.
    const closedItem = item('I0001');
    await h.store.archive.add([closedItem]);
    await h.store.transact((d) => {
      delete d.items.I0001;
    });
    await h.say(LEADER, '/批示 牵头:区住建局 协办:区交通运输局 复杂 核查背街小巷路灯');
    await h.say(LEADER, '/批示 牵头:区农业农村局 清理积压信访件');

    // 12-05: I0003 (due 12-02) is overdue, I0002 (complex, due 12-25) on track.
    clock.now = new Date('2026-12-05T09:00:00+08:00');
    await h.say(SUPERVISION, '/台账');
    const ledger = cardText(cardsIn(h, SUPERVISION).at(-1)!.content);
    expect(ledger).toContain('共 **2** 项');
    expect(ledger).toMatch(/🔴 \*\*I0003\*\*/);
    expect(ledger).toMatch(/🟢 \*\*I0002\*\*/);
    expect(ledger).toContain('逾期3天');
    expect(ledger).not.toContain('I0001');
    await h.say(SUPERVISION, '/台账 区交通运输局');
    expect(cardText(cardsIn(h, SUPERVISION).at(-1)!.content)).toContain('共 **1** 项');
    await h.say(HOUSING.head, '/台账');
    expect(h.lastText(HOUSING.head)).toContain('仅限区政府领导和督查室使用');

    await h.say(SUPERVISION, '/台账 导出');
    expect(h.lastText(SUPERVISION)).toContain('共3项');
    const file = h.inbox(SUPERVISION).find((m) => m.msgType === 'file');
    const key = (file!.content as { file_key: string }).file_key;
    const stored = h.lark.files.get(key)!;
    expect(stored.name).toBe('督办台账-2026-12-05.xlsx');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(stored.bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(LEDGER_SHEET)!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('交办日期');
    expect(header).toContain('销号日期');
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = [2, 3, 4].map((n) => ws.getRow(n));
    expect(rows.map((r) => r.getCell(col('编号')).value)).toEqual(['I0001', 'I0002', 'I0003']);
    const [closed, onTrack, overdue] = rows as [ExcelJS.Row, ExcelJS.Row, ExcelJS.Row];
    expect(closed.getCell(col('交办日期')).value).toEqual(new Date(Date.UTC(2026, 10, 26)));
    expect(closed.getCell(col('销号日期')).value).toEqual(new Date(Date.UTC(2026, 10, 26)));
    expect(String(closed.getCell(col('签收')).value)).toContain('区财政局 2026-11-26 10:00 签收');
    expect(String(closed.getCell(col('报告')).value)).toContain('区财政局 办理情况 2026-11-26 10:00');
    expect(String(closed.getCell(col('报告')).value)).toContain('验收销号');
    expect(overdue.getCell(col('状态')).value).toBe('待签收');
    expect(overdue.getCell(col('剩余天数（负数为逾期）')).value).toBe(-3);
    const fill = (r: ExcelJS.Row) => (r.getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    expect(fill(overdue)).toBe(OVERDUE_FILL);
    expect((overdue.getCell(col('灯号')).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(OVERDUE_FILL);
    expect(fill(closed)).toBeUndefined();
    expect(fill(onTrack)).toBeUndefined();
  });
});
