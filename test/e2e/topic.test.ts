import { describe, expect, it } from 'vitest';
import type { MinutesItem } from '../../src/domain/minutes/types.ts';
import type { TopicItem } from '../../src/domain/topic/types.ts';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');

const SUBMITTER = 'cao-min'; // 区教育局 main head
const FINANCE = 'yang-fan';
const HR = 'du-qiang';
const HEALTH = 'shi-yan';
const JUSTICE = 'xu-wenjie';
const VICE_HEAD = 'sun-haiyan'; // supervises education
const DIRECTOR = 'li-mingyuan';
const HEAD = 'zhou-jianguo';
const OFFICE_STAFF = 'he-xin';

const { h, clock } = harnessEachTest(NOW);

const topic = (id: string) => h.store.data.items[id] as TopicItem;
const lastCard = (who: string) => cardsIn(h, who).at(-1)!;
const labels = (c: unknown) => buttons(c).map((b) => (b.text as { content: string }).content);

const FORM = {
  meeting: 'standing',
  unit: 'education',
  title: '关于新建城区第二小学的请示',
  background: '城区适龄儿童逐年增加，现有学位缺口约600个。',
  problems: '现有三所小学均超员，大班额问题突出。',
  matters: '建设用地划拨和建设资金安排。',
  solution: '在城南片区新建一所36班小学，2027年开工。',
  recommendation: '列入2027年区级重点项目。',
  affected: ['finance', 'human-resources', 'health'],
  legal: 'yes',
  major: 'no',
  attachments: 'https://example.gov.cn/plan.pdf',
};

/** What every card of the route must show once the consultation closed (§38, §50). */
function expectConsultationResults(card: unknown) {
  const text = cardText(card);
  expect(text).toContain('区财政局（杨帆）：**同意**');
  expect(text).toContain('区人力资源和社会保障局（杜强）：**原则同意**，意见：请核定教师编制');
  expect(text).toContain('区卫生健康局（石岩）：**逾期视为无不同意见**');
}

describe('§38 a standing-meeting topic, end to end', () => {
  it('consultation (two agree, one silent, closed by the tick) → legality → vice head → office director → head with a date; every card shows the results', async () => {
    await h.say(SUBMITTER, '/议题');
    const form = lastCard(SUBMITTER);
    const submit = buttonValue(form.content, '提交');

    // §39: what is missing is listed, the form comes back with what was typed.
    const refused = await tap(h, SUBMITTER, form.messageId, submit, {
      meeting: 'standing',
      unit: 'education',
      title: FORM.title,
    });
    expect(refused.toast.type).toBe('error');
    const back = JSON.stringify(refused.card!.data);
    for (const part of ['基本情况', '存在的问题', '需解决的事项', '解决问题方案', '工作建议']) {
      expect(cardText(refused.card!.data)).toContain(`缺少${part}（§39）`);
    }
    expect(back).toContain(`"default_value":"${FORM.title}"`);
    expect(h.store.data.items).toEqual({});

    const ok = await tap(h, SUBMITTER, form.messageId, submit, FORM);
    expect(ok.toast).toEqual({ type: 'success', content: '已提交 T0001' });
    const t = topic('T0001');
    expect(t.fields).toMatchObject({
      unit: 'education',
      affected: ['finance', 'human-resources', 'health'],
      legal: true,
    });
    expect(cardsIn(h, h.org.chat('governmentOffice').chatId)).toHaveLength(1);

    // Consultation: the three main heads each get a card; no one further along has one yet.
    const fin = lastCard(FINANCE);
    const hr = lastCard(HR);
    const health = lastCard(HEALTH);
    expect(labels(fin.content)).toEqual(['同意', '原则同意（附意见）', '不同意']);
    expect(cardText(fin.content)).toContain('11月30日截止');
    expect(cardsIn(h, JUSTICE)).toHaveLength(0);

    expect((await tap(h, FINANCE, fin.messageId, buttonValue(fin.content, '同意'))).toast.type).toBe(
      'success',
    );
    const withComment = await tap(h, HR, hr.messageId, buttonValue(hr.content, '原则同意（附意见）'), {
      comment: '请核定教师编制',
    });
    expect(withComment.toast.content).toBe('已回复：原则同意');
    expect(cardsIn(h, JUSTICE)).toHaveLength(0);

    // §50: on the reply day (Monday 11-30) silence is not yet anything; the next day's tick closes it.
    await h.tick('2026-11-30T18:00:00+08:00');
    expect(cardsIn(h, JUSTICE)).toHaveLength(0);
    clock.now = new Date('2026-12-01T08:00:00+08:00');
    await h.tick('2026-12-01T00:05:00+08:00');
    expect(topic('T0001').steps[0]!.responses.find((r) => r.party === HEALTH)).toMatchObject({
      actor: 'system',
      answer: 'no_objection_deadline',
    });
    // The silent unit's card no longer asks anything.
    expect(buttons(h.lark.currentContent(health.messageId))).toHaveLength(0);

    // Legality review (§25, §41), then 审定, then the office director — in that order.
    const order: Array<[string, string]> = [
      [JUSTICE, 'legality'],
      [VICE_HEAD, 'vice'],
      [DIRECTOR, 'office'],
    ];
    for (const [i, [who, step]] of order.entries()) {
      const c = lastCard(who);
      expect(c).toBeDefined();
      expectConsultationResults(c.content);
      for (const [later] of order.slice(i + 1)) expect(cardsIn(h, later)).toHaveLength(0);
      expect(cardsIn(h, HEAD)).toHaveLength(0);
      const r = await tap(h, who, c.messageId, buttonValue(c.content, '同意'));
      expect(r.toast.content).toBe('已同意');
      expect(topic('T0001').steps.find((s) => s.id === step)!.status).toBe('done');
    }

    // The head decides: a date is required; then it is recorded on the topic (§38).
    const headCard = lastCard(HEAD);
    expectConsultationResults(headCard.content);
    const yes = buttonValue(headCard.content, '同意上会');
    const noDate = await tap(h, HEAD, headCard.messageId, yes, {});
    expect(noDate.toast).toMatchObject({ type: 'error', content: '请先选择会议日期，再点“同意上会”。' });
    expect(topic('T0001').status).toBe('in_progress');
    const decided = await tap(h, HEAD, headCard.messageId, yes, { meetingDate: '2026-12-10 +0800' });
    expect(decided.toast).toEqual({ type: 'success', content: '已确定上会：12月10日' });
    expect(topic('T0001')).toMatchObject({ status: 'approved', fields: { meetingDate: '2026-12-10' } });

    // Every card sent for the topic — the three units', the four approvers', the tracker, the office's —
    // now shows the consultation results and the date, with no buttons left.
    const every = [fin, hr, health, ...[JUSTICE, VICE_HEAD, DIRECTOR, HEAD].map(lastCard), form];
    every.push(lastCard(h.org.chat('governmentOffice').chatId));
    for (const c of every) {
      const content = h.lark.currentContent(c.messageId);
      expectConsultationResults(content);
      expect(cardText(content)).toContain('**会议日期**：12月10日（周四），已列入议程');
      expect(buttons(content)).toHaveLength(0);
    }
    expect(h.lastText(SUBMITTER)).toContain('已确定列入区政府常务会议议程，会议日期：12月10日（周四）');
    const office = h.inbox(h.org.chat('governmentOffice').chatId).at(-1)!.content as { text: string };
    expect(office.text).toContain('【议题上会】T0001《关于新建城区第二小学的请示》');

    // 议题列表 for the office and the head; not for a department.
    await h.say(DIRECTOR, '/议题列表');
    expect(cardText(lastCard(DIRECTOR).content)).toContain('已列入议程，会议日期 12月10日（周四）');
    await h.say(SUBMITTER, '/议题列表');
    expect(h.lastText(SUBMITTER)).toContain('仅限区政府领导和区政府办公室使用');
  });

  it('§24 §50 a disagreement goes to the supervising vice head with each side’s reasons', async () => {
    await h.say(SUBMITTER, '/议题');
    const form = lastCard(SUBMITTER);
    await tap(h, SUBMITTER, form.messageId, buttonValue(form.content, '提交'), {
      ...FORM,
      affected: ['finance'],
    });
    const fin = lastCard(FINANCE);
    await tap(h, FINANCE, fin.messageId, buttonValue(fin.content, '不同意'), {
      comment: '年度预算无此项资金',
    });
    // §24: the submitting unit first sets out each side's reasons and its proposal; nothing blank goes up.
    expect(cardsIn(h, VICE_HEAD)).toHaveLength(0);
    const st = cardsIn(h, SUBMITTER).find((c) => labels(c.content).includes('提交分管副区长协调'))!;
    const submitStatement = buttonValue(st.content, '提交分管副区长协调');
    const blank = await tap(h, SUBMITTER, st.messageId, submitStatement, { comment: ' ' });
    expect(blank.toast.type).toBe('warning');
    const said = await tap(h, SUBMITTER, st.messageId, submitStatement, {
      comment: '财政局认为年度预算无此项资金；我局认为学位缺口紧迫。建议分两年安排建设资金',
    });
    expect(said.toast).toEqual({ type: 'success', content: '已提交，待分管副区长协调' });
    const vh = lastCard(VICE_HEAD);
    const text = cardText(vh.content);
    expect(text).toContain(
      '会签存在分歧：由主办单位列明各方理据、提出办理建议，报分管副区长协调（§24、§50）',
    );
    expect(text).toContain('- 区财政局（杨帆）：年度预算无此项资金');
    expect(text).toContain('- 主办单位 区教育局：方案 在城南片区新建一所36班小学');
    expect(text).toContain('建议分两年安排建设资金');
    expect(topic('T0001').steps.find((s) => s.status === 'active')).toMatchObject({ id: 'consultx' });
  });
});

describe('§38 §56 after the meeting', () => {
  it('/会议纪要 records the meeting, takes the topic off the agenda, runs the minutes and the §56 payment', async () => {
    // A topic already on the agenda for 12-10.
    await h.say(SUBMITTER, '/议题');
    const form = lastCard(SUBMITTER);
    await tap(h, SUBMITTER, form.messageId, buttonValue(form.content, '提交'), {
      ...FORM,
      affected: [],
      legal: 'no',
    });
    for (const who of [VICE_HEAD, DIRECTOR]) {
      const c = lastCard(who);
      await tap(h, who, c.messageId, buttonValue(c.content, '同意'));
    }
    const hc = lastCard(HEAD);
    await tap(h, HEAD, hc.messageId, buttonValue(hc.content, '同意上会'), {
      meetingDate: '2026-12-10 +0800',
    });

    clock.now = new Date('2026-12-10T17:00:00+08:00');
    await h.say(OFFICE_STAFF, '/会议纪要');
    const mForm = lastCard(OFFICE_STAFF);
    expect(JSON.stringify(mForm.content)).toContain('T0001 区政府常务会议：关于新建城区第二小学的请示');
    const r = await tap(h, OFFICE_STAFF, mForm.messageId, buttonValue(mForm.content, '登记并开始纪要流程'), {
      meeting: 'standing',
      heldOn: '2026-12-10 +0800',
      topics: ['T0001'],
      decision1: '同意新建城区第二小学，由区教育局牵头实施',
      lead1: 'education',
      funds1: '300',
    });
    expect(r.toast.content).toMatch(/^已登记 M\d{4}，纪要流程已开始$/);
    const id = /M\d{4}/.exec(r.toast.content)![0];
    const m = h.store.data.items[id] as MinutesItem;
    expect(m.fields.decisions).toEqual([
      {
        text: '同意新建城区第二小学，由区教育局牵头实施',
        leadDepartment: 'education',
        funds: 3_000_000,
        due: { class: 'ordinary' },
        topic: 'T0001',
      },
    ]);
    expect(m.fields.issueBy).toMatchObject({ rule: '§38', due: '2026-12-17' });
    expect(topic('T0001').fields.heldIn).toBe(id);

    // The office drafts (the one who recorded it), the vice heads review, the head signs.
    const draft = cardsIn(h, OFFICE_STAFF).find((c) => labels(c.content).includes('纪要已起草，送审'))!;
    await tap(h, OFFICE_STAFF, draft.messageId, buttonValue(draft.content, '纪要已起草，送审'));
    // §38: the vice heads read it, then the executive vice head.
    expect(cardsIn(h, 'liu-zhiqiang')).toHaveLength(0);
    for (const who of ['wang-lihua', 'chen-lixin', 'zhao-wenbo', VICE_HEAD, 'liu-zhiqiang']) {
      const c = lastCard(who);
      const a = await tap(h, who, c.messageId, buttonValue(c.content, '同意'));
      expect(a.toast.type).toBe('success');
    }
    clock.now = new Date('2026-12-11T10:00:00+08:00');
    const sign = lastCard(HEAD);
    await tap(h, HEAD, sign.messageId, buttonValue(sign.content, '同意'));
    const signed = h.store.data.items[id] as MinutesItem;
    expect(signed.fields.issuedOn).toBe('2026-12-11');
    const supervision = h.inbox(h.org.chat('supervision').chatId).at(-1)!.content as { text: string };
    expect(supervision.text).toContain('【会议纪要已签发】');
    expect(supervision.text).toContain('批准资金共300万元，请财政局在5个工作日内拨付（§56）');

    // §56: the finance bureau pays within 5 working days of signing.
    const pay = lastCard(FINANCE);
    expect(cardText(pay.content)).toContain('纪要签发后5个工作日内拨付（§56）');
    expect(signed.steps.at(-1)!.deadline).toMatchObject({ rule: '§56', due: '2026-12-18' });
    await tap(h, FINANCE, pay.messageId, buttonValue(pay.content, '资金已拨付'));
    expect(h.store.data.items[id]).toMatchObject({ status: 'approved', fields: { paidOn: '2026-12-11' } });
  });
});
