import { describe, expect, it } from 'vitest';
import { buildMeetingOfficeCard } from '../../cards/meeting.ts';
import type { LeaveItem } from '../../src/domain/leave/types.ts';
import type { MeetingItem } from '../../src/domain/meeting/types.ts';
import type { TopicItem } from '../../src/domain/topic/types.ts';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';
import type { Harness } from '../helpers/harness.ts';
import { writeOtherOrg } from '../helpers/other-org.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');

const EDU_HEAD = 'cao-min'; // 区教育局 main head
const EDU_DEPUTY = 'peng-bo';
const FIN_HEAD = 'yang-fan'; // 区财政局 main head, an affected unit
const FIN_DEPUTY = 'zhu-li';
const OFFICE_STAFF = 'he-xin';
const HEAD = 'zhou-jianguo';
const EXEC = 'liu-zhiqiang';
const VICE = 'sun-haiyan';
const DIRECTOR = 'li-mingyuan';
const UNRELATED = 'dong-jian'; // 区民政局 main head, not on this meeting

const FORM = {
  meeting: 'standing',
  unit: 'education',
  title: '关于新建城区第二小学的请示',
  background: '城区适龄儿童逐年增加，现有学位缺口约600个。',
  problems: '现有三所小学均超员，大班额问题突出。',
  matters: '建设用地划拨和建设资金安排。',
  solution: '在城南片区新建一所36班小学，2027年开工。',
  recommendation: '列入2027年区级重点项目。',
  affected: ['finance'],
  legal: 'no',
  major: 'no',
  attachments: '',
};

const texts = (h: Harness, who: string) =>
  h
    .inbox(who)
    .filter((m) => m.msgType === 'text')
    .map((m) => (m.content as { text: string }).text);
const cardOf = (h: Harness, who: string, id: string) =>
  cardsIn(h, who)
    .filter((c) => cardText(c.content).includes(id))
    .at(-1)!;
const labels = (c: unknown) => buttons(c).map((b) => (b.text as { content: string }).content);
const current = (h: Harness, messageId: string) => h.lark.currentContent(messageId);

/** Files a topic through the /议题 form and takes it through its route to the agenda of `date`. */
async function scheduleTopic(h: Harness, submitter: string, form: object, date: string): Promise<string> {
  await h.say(submitter, '/议题');
  const f = cardsIn(h, submitter).at(-1)!;
  const r = await tap(h, submitter, f.messageId, buttonValue(f.content, '提交'), form as never);
  expect(r.toast.content).toMatch(/^已提交 T/);
  const id = r.toast.content.split(' ').at(-1)!;
  for (let i = 0; i < 10; i++) {
    const t = h.store.data.items[id] as TopicItem;
    if (t.status !== 'in_progress') break;
    const step = t.steps.find((s) => s.status === 'active')!;
    for (const party of step.parties.filter((p) => !step.responses.some((x) => x.party === p))) {
      const c = cardOf(h, party, id);
      const ok =
        step.id === 'decide'
          ? await tap(h, party, c.messageId, buttonValue(c.content, '同意上会'), {
              meetingDate: `${date} +0800`,
            })
          : await tap(h, party, c.messageId, buttonValue(c.content, '同意'));
      expect(ok.toast.type).toBe('success');
    }
  }
  expect(h.store.data.items[id]).toMatchObject({ status: 'approved', fields: { meetingDate: date } });
  return id;
}

const meeting = (h: Harness, id = 'H') =>
  Object.values(h.store.data.items).find((i) => i.kind === 'meeting' && i.id.startsWith(id)) as MeetingItem;

describe('§36 meeting notices: the government office sends them to the leaders and the units of each topic', () => {
  const { h } = harnessEachTest(NOW);

  it('a standing meeting: date, time, place, topics and the materials deadline reach every invitee; the office sees who attends', async () => {
    const topic = await scheduleTopic(h, EDU_HEAD, FORM, '2026-12-10');

    // Only the government office sends notices (§36).
    await h.say(EDU_HEAD, '/会议通知 常务会议 12月10日 9:00 地点:区政府三楼会议室');
    expect(h.lastText(EDU_HEAD)).toContain('区政府办公室');
    expect(Object.values(h.store.data.items).some((i) => i.kind === 'meeting')).toBe(false);

    // Bad input: a usage reply in Chinese, nothing filed.
    await h.say(OFFICE_STAFF, '/会议通知 周例会 12月10日 9:00 地点:三楼');
    expect(h.lastText(OFFICE_STAFF)).toContain('常务会议、全体会议、区长办公会议或业务会议');
    await h.say(OFFICE_STAFF, '/会议通知 常务会议 12月11日 9:00 地点:三楼');
    expect(h.lastText(OFFICE_STAFF)).toContain('12月11日的区政府常务会议还没有已确定上会的议题');
    await h.say(OFFICE_STAFF, '/会议通知 常务会议 12月10日 9:00');
    expect(h.lastText(OFFICE_STAFF)).toContain('请写明会议地点');
    expect(Object.values(h.store.data.items).some((i) => i.kind === 'meeting')).toBe(false);

    await h.say(OFFICE_STAFF, '/会议通知 常务会议 12月10日 9:00 地点:区政府三楼会议室');
    expect(h.lastText(OFFICE_STAFF)).toContain('已发出会议通知 H');
    const m = meeting(h);
    expect(m.fields).toMatchObject({
      meeting: 'standing',
      date: '2026-12-10',
      time: '09:00',
      place: '区政府三楼会议室',
      materialsDue: '2026-12-08',
      convener: HEAD,
    });
    expect((h.store.data.items[topic] as TopicItem).fields.meetingId).toBe(m.id);

    // The units' main heads answer it: 参会, or the §42 excuse form.
    for (const who of [EDU_HEAD, FIN_HEAD]) {
      const c = cardOf(h, who, m.id);
      const text = cardText(c.content);
      for (const part of [
        '12月10日',
        '09:00',
        '区政府三楼会议室',
        topic,
        '关于新建城区第二小学的请示',
        '12月8日',
      ]) {
        expect(text).toContain(part);
      }
      expect(labels(c.content)).toEqual(['参会', '请假（§42）']);
    }
    // The leaders and the office director are told, with nothing to answer; unrelated units hear nothing.
    for (const who of [HEAD, EXEC, VICE, DIRECTOR]) {
      const c = cardOf(h, who, m.id);
      expect(cardText(c.content)).toContain('区政府三楼会议室');
      expect(buttons(c.content)).toHaveLength(0);
    }
    expect(cardsIn(h, UNRELATED)).toHaveLength(0);

    // The reply step has a due time (§42, before the meeting) and waits on the two units' heads.
    const step = m.steps[0]!;
    expect([...step.parties].sort()).toEqual([EDU_HEAD, FIN_HEAD].sort());
    expect(step.deadline).toMatchObject({ rule: '§42', due: '2026-11-27' });

    const office = cardOf(h, h.org.chat('governmentOffice').chatId, m.id);
    expect(cardText(office.content)).toContain('未回复2人');

    const c = cardOf(h, EDU_HEAD, m.id);
    const r = await tap(h, EDU_HEAD, c.messageId, buttonValue(c.content, '参会'));
    expect(r.toast).toEqual({ type: 'success', content: '已回复参会' });
    expect(cardText(current(h, office.messageId))).toContain('参会1人');
    expect(cardText(current(h, office.messageId))).toContain('未回复1人');
    const again = await tap(h, EDU_HEAD, c.messageId, buttonValue(c.content, '参会'));
    expect(again.toast.content).toBe('您已回复参会，无需重复回复。');

    // A second topic put on the same day: the same notice again adds it and invites its units only.
    await scheduleTopic(
      h,
      'su-gang',
      { ...FORM, unit: 'housing', title: '关于老旧小区改造的请示', affected: ['finance'] },
      '2026-12-10',
    );
    await h.say(OFFICE_STAFF, '/会议通知 常务会议 12月10日 9:00 地点:区政府三楼会议室');
    expect(h.lastText(OFFICE_STAFF)).toContain(`已补充发出 ${m.id}`);
    expect(meeting(h).fields.topics).toHaveLength(2);
    expect(meeting(h).fields.attendees.find((a) => a.person === EDU_HEAD)?.reply).toBe('attend');
    expect(cardOf(h, 'su-gang', m.id)).toBeDefined();
  });
});

describe('§42 the notice waits on each unit head like any step: nagged on its due day', () => {
  const { h, clock } = harnessEachTest(NOW);

  it('an unanswered notice is nagged (due the next working day, before the meeting); one who answered is not', async () => {
    await scheduleTopic(h, EDU_HEAD, FORM, '2026-12-10');
    await h.say(OFFICE_STAFF, '/会议通知 常务会议 12月10日 9:00 地点:区政府三楼会议室');
    const m = meeting(h);
    const c = cardOf(h, EDU_HEAD, m.id);
    await tap(h, EDU_HEAD, c.messageId, buttonValue(c.content, '参会'));
    const before = { edu: cardsIn(h, EDU_HEAD).length, fin: cardsIn(h, FIN_HEAD).length };
    clock.now = new Date('2026-11-27T09:05:00+08:00');
    await h.tick('2026-11-27T09:05:00+08:00');
    expect(cardsIn(h, EDU_HEAD)).toHaveLength(before.edu);
    const nag = cardsIn(h, FIN_HEAD).slice(before.fin);
    expect(nag.length).toBeGreaterThan(0);
    const text = cardText(nag.at(-1)!.content);
    expect(text).toContain('催办');
    expect(text).toContain('§42');
    expect(labels(nag.at(-1)!.content)).toContain('参会');
    // The notice is on the unit head's to-do list until answered.
    await h.say(FIN_HEAD, '/我的待办');
    const todo = cardText(cardsIn(h, FIN_HEAD).at(-1)!.content);
    expect(todo).toContain('回复会议通知');
    // Named as a meeting's notice, not as a meeting's decision (议定事项, a supervised item).
    expect(todo).toContain('会议通知 ·');
    expect(todo).not.toContain('会议议定事项');

    // Once the meeting's day has passed nobody is nagged about it any more; the office still sees 未回复.
    clock.now = new Date('2026-12-11T09:05:00+08:00');
    const after = cardsIn(h, FIN_HEAD).length;
    await h.tick('2026-12-11T09:05:00+08:00');
    expect(meeting(h).status).toBe('closed');
    expect(cardsIn(h, FIN_HEAD)).toHaveLength(after);
    // The card is past Feishu's 14-day update window; a tap on it is refused, nothing changes.
    const late = await tap(h, EDU_HEAD, c.messageId, buttonValue(c.content, '请假（§42）'), {
      why: 'health',
      substitute: EDU_DEPUTY,
    });
    expect(late.toast.content).toBe('会议日期已过，无法再回复。');
    expect(Object.values(h.store.data.items).some((i) => i.kind === 'leave')).toBe(false);
    const office = cardOf(h, h.org.chat('governmentOffice').chatId, m.id);
    expect(cardText(current(h, office.messageId))).toContain('未回复1人');
  });
});

describe('§42 an excuse the convener never decided lapses with the meeting', () => {
  const { h, clock } = harnessEachTest(NOW);

  it('after the meeting day it is void on the attendance, the leave and the audit trail, not a reply to attend', async () => {
    await scheduleTopic(h, EDU_HEAD, FORM, '2026-12-10');
    await h.say(OFFICE_STAFF, '/会议通知 常务会议 12月10日 9:00 地点:区政府三楼会议室');
    const m = meeting(h);
    const fin = cardOf(h, FIN_HEAD, m.id);
    const asked = await tap(h, FIN_HEAD, fin.messageId, buttonValue(fin.content, '请假（§42）'), {
      why: 'official_trip',
      substitute: FIN_DEPUTY,
    });
    expect(asked.toast.type).toBe('success');
    const leaveId = Object.values(h.store.data.items).find((i) => i.kind === 'leave')!.id;

    clock.now = new Date('2026-12-11T09:05:00+08:00');
    await h.tick('2026-12-11T09:05:00+08:00');
    expect(meeting(h).status).toBe('closed');
    const mine = meeting(h).fields.attendees.find((a) => a.person === FIN_HEAD)!;
    expect(mine.excuse?.status).toBe('lapsed');
    expect(mine.reply).not.toBe('attend');
    const leave = h.store.data.items[leaveId] as LeaveItem;
    expect(leave.status).toBe('withdrawn');
    expect(leave.trail.at(-1)).toMatchObject({ action: 'excuse_lapsed' });
    // The office's card is past Lark's 14-day update window by now: its attendance as drawn from the record.
    const text = cardText(
      buildMeetingOfficeCard(meeting(h), { org: h.org, today: '2026-12-11', now: clock.now }),
    );
    expect(text).toContain('请假未经审批，已作废');
    expect(text).toContain('请假未经审批作废1人');
    expect(text).not.toContain(`代会：${h.who(FIN_DEPUTY).name}`);
  });
});

describe("§42 excuses: tied to the meeting and topic, only the seed's reasons, the topic's deputy attends", () => {
  const { h, clock } = harnessEachTest(NOW);

  it('refused reasons, substitutes and strangers; approved by the convener, the substitute named on the attendance; no /销假', async () => {
    const topic = await scheduleTopic(h, EDU_HEAD, FORM, '2026-12-10');
    await h.say(OFFICE_STAFF, '/会议通知 常务会议 12月10日 9:00 地点:区政府三楼会议室');
    const m = meeting(h);
    const c = cardOf(h, EDU_HEAD, m.id);
    const excuse = buttonValue(c.content, '请假（§42）');

    // Forged values: another item's id, a round that never was — refused, nothing changes.
    const otherItem = await tap(
      h,
      EDU_HEAD,
      c.messageId,
      { ...excuse, item: topic },
      { why: 'health', substitute: EDU_DEPUTY },
    );
    expect(otherItem.toast.content).toContain('找不到这个会议');
    const forgedRound = await tap(
      h,
      EDU_HEAD,
      c.messageId,
      { ...excuse, round: 7 },
      { why: 'health', substitute: EDU_DEPUTY },
    );
    expect(forgedRound.toast.content).toContain('已失效');
    // A reason §42 does not allow: the reply names the four it does.
    const badWhy = await tap(h, EDU_HEAD, c.messageId, excuse, { why: 'family', substitute: EDU_DEPUTY });
    expect(badWhy.toast.type).toBe('warning');
    for (const r of [
      '参加国家、省市重要会议及活动',
      '因公出访或出差',
      '处置重大突发事件',
      '个人身体健康原因',
    ]) {
      expect(badWhy.toast.content).toContain(r);
    }
    // A substitute who is not the topic's deputy (the office's main head, or a staff member).
    const badSub = await tap(h, EDU_HEAD, c.messageId, excuse, { why: 'health', substitute: 'ma-jun' });
    expect(badSub.toast.content).toContain('§42');
    expect(badSub.toast.content).toContain(h.who(EDU_DEPUTY).name);
    // Someone not invited, tapping the same card with a forged form.
    const stranger = await tap(h, UNRELATED, c.messageId, excuse, { why: 'health', substitute: 'yuan-fang' });
    expect(stranger.toast.content).toContain('不在本次会议');
    // The affected unit's head may only send his own unit's deputy.
    const fin = cardOf(h, FIN_HEAD, m.id);
    const finBad = await tap(h, FIN_HEAD, fin.messageId, buttonValue(fin.content, '请假（§42）'), {
      why: 'official_trip',
      substitute: EDU_DEPUTY,
    });
    expect(finBad.toast.content).toContain(h.who(FIN_DEPUTY).name);
    expect(Object.values(h.store.data.items).some((i) => i.kind === 'leave')).toBe(false);

    const ok = await tap(h, EDU_HEAD, c.messageId, excuse, {
      why: 'higher_meeting',
      substitute: EDU_DEPUTY,
      note: '赴省厅参加教育工作会议',
    });
    expect(ok.toast.type).toBe('success');
    const leave = Object.values(h.store.data.items).find((i) => i.kind === 'leave') as LeaveItem;
    expect(leave.fields).toMatchObject({
      type: 'meeting_excuse',
      start: '2026-12-10',
      meeting: { meetingId: m.id, topic, deputy: EDU_DEPUTY, why: 'higher_meeting', kind: 'standing' },
    });
    expect(leave.steps[0]).toMatchObject({ parties: [HEAD], rule: '§42' });
    expect(leave.steps[0]!.deadline?.due).toBeDefined();
    expect(leave.steps[0]!.deadline!.due < '2026-12-10').toBe(true);
    // The card now says it waits for the convener; the office sees it pending.
    expect(cardText(current(h, c.messageId))).toContain('请假待会议召集人审批');
    const office = cardOf(h, h.org.chat('governmentOffice').chatId, m.id);
    expect(cardText(current(h, office.messageId))).toContain('请假待批');
    // No 离阜报备 went to the office's group for it.
    expect(
      cardsIn(h, h.org.chat('governmentOffice').chatId).some((x) => cardText(x.content).includes('离阜报备')),
    ).toBe(false);

    const approve = cardOf(h, HEAD, leave.id);
    expect(cardText(approve.content)).toContain(m.id);
    const r = await tap(h, HEAD, approve.messageId, buttonValue(approve.content, '同意'));
    expect(r.toast.content).toBe('已同意');
    const a = meeting(h).fields.attendees.find((x) => x.person === EDU_HEAD)!;
    expect(a.excuse).toMatchObject({ status: 'approved', substitute: EDU_DEPUTY });
    const list = cardText(current(h, office.messageId));
    expect(list).toContain(`${h.who(EDU_HEAD).name}（区教育局）：已准假，代会：${h.who(EDU_DEPUTY).name}`);
    // The deputy is told and gets the notice; the head's approval text asks for no /销假.
    expect(texts(h, EDU_DEPUTY).join('\n')).toContain('已批准由您代为参会');
    expect(cardText(cardOf(h, EDU_DEPUTY, m.id).content)).toContain(`您代 ${h.who(EDU_HEAD).name} 参会`);
    expect(texts(h, EDU_HEAD).join('\n')).toContain(`由 ${h.who(EDU_DEPUTY).name} 代为参会（§42）`);
    expect(texts(h, EDU_HEAD).join('\n')).not.toContain('/销假');
    await h.say(EDU_HEAD, '/销假');
    expect(h.lastText(EDU_HEAD)).not.toContain('已销假');
    expect((h.store.data.items[leave.id] as LeaveItem).fields.returnedOn).toBeUndefined();
  });

  it('a stale notice after the meeting was moved is refused; the excuse for the old day is void', async () => {
    await scheduleTopic(h, EDU_HEAD, FORM, '2026-12-10');
    await h.say(OFFICE_STAFF, '/会议通知 常务会议 12月10日 9:00 地点:区政府三楼会议室');
    const m = meeting(h);
    const old = cardOf(h, EDU_HEAD, m.id);
    await tap(h, EDU_HEAD, old.messageId, buttonValue(old.content, '请假（§42）'), {
      why: 'health',
      substitute: EDU_DEPUTY,
    });
    const leaveId = Object.values(h.store.data.items).find((i) => i.kind === 'leave')!.id;

    clock.now = new Date('2026-11-26T15:00:00+08:00');
    await h.say(EDU_HEAD, `/会议改期 ${m.id} 12月11日`);
    expect(h.lastText(EDU_HEAD)).toContain('区政府办公室');
    await h.say(OFFICE_STAFF, `/会议改期 ${m.id} 12月32日`);
    expect(h.lastText(OFFICE_STAFF)).toContain('用法');
    await h.say(OFFICE_STAFF, `/会议改期 ${m.id} 12月11日 14:30`);
    expect(h.lastText(OFFICE_STAFF)).toContain(`已改期 ${m.id}`);
    const moved = meeting(h);
    expect(moved).toMatchObject({
      round: 2,
      fields: { date: '2026-12-11', time: '14:30', movedFrom: ['2026-12-10'] },
    });
    expect(h.store.data.items[leaveId]!.status).toBe('withdrawn');
    expect(buttons(current(h, cardOf(h, HEAD, leaveId).messageId))).toHaveLength(0);

    // The old card says it is void and asks nothing; a tap on its old buttons is refused, nothing changes.
    expect(cardText(current(h, old.messageId))).toContain('本通知已失效');
    expect(buttons(current(h, old.messageId))).toHaveLength(0);
    const stale = await tap(h, EDU_HEAD, old.messageId, buttonValue(old.content, '参会'));
    expect(stale.toast.content).toContain('会议已改期');
    expect(meeting(h).fields.attendees.find((a) => a.person === EDU_HEAD)?.reply).toBeUndefined();

    // The new notice: the new day, answerable; the leaders are told of the move.
    const fresh = cardsIn(h, EDU_HEAD).at(-1)!;
    expect(fresh.messageId).not.toBe(old.messageId);
    expect(cardText(fresh.content)).toContain('12月11日');
    expect(cardText(fresh.content)).toContain('原定12月10日');
    const r = await tap(h, EDU_HEAD, fresh.messageId, buttonValue(fresh.content, '参会'));
    expect(r.toast.content).toBe('已回复参会');
    expect(texts(h, VICE).join('\n')).toContain('【会议改期】');
    expect(meeting(h).steps[0]!.deadline?.due).toBe('2026-11-27');
  });
});

describe('§42 business meeting in another district: a deputy who can not come is replaced by the main head', () => {
  const { h } = harnessEachTest(NOW, { orgFile: writeOtherOrg() });

  it("the executive vice head (with an AB partner) chairs; the deputy's substitute must be the main head, not a fellow deputy", async () => {
    // Unit 6 (区第6局（区第6中心）) is supervised by the executive vice head o-exec.
    const topic = await scheduleTopic(
      h,
      'u6-main',
      {
        ...FORM,
        meeting: 'business',
        unit: 'u6',
        title: '关于第6中心设备更新的请示',
        affected: ['u7'],
        deputy: 'u6-d1',
        chair: 'o-exec',
      },
      '2026-12-10',
    );
    await h.say('u0-s0', '/会议通知 业务会议 12月10日 15:00 地点:区政府二楼会议室');
    expect(h.lastText('u0-s0')).toContain('已发出会议通知');
    const m = meeting(h);
    expect(m.fields.convener).toBe('o-exec');
    // The unit's deputy for the topic answers; its main head is told; the affected unit's head answers.
    expect([...m.steps[0]!.parties].sort()).toEqual(['u6-d1', 'u7-main'].sort());
    expect(buttons(cardOf(h, 'u6-main', m.id).content)).toHaveLength(0);
    expect(cardText(cardOf(h, 'u6-main', m.id).content)).toContain('区第6局（区第6中心）');
    expect(cardOf(h, 'o-exec', m.id)).toBeDefined();

    const c = cardOf(h, 'u6-d1', m.id);
    const excuse = buttonValue(c.content, '请假（§42）');
    const sideways = await tap(h, 'u6-d1', c.messageId, excuse, {
      why: 'emergency',
      topic,
      substitute: 'u6-d2',
    });
    expect(sideways.toast.content).toContain('§42：参加业务会议的分管负责同志不能参会的，由部门主要负责人');
    expect(sideways.toast.content).toContain('不得委派与议题不相关的其他人员');
    const staff = await tap(h, 'u6-d1', c.messageId, excuse, {
      why: 'emergency',
      topic,
      substitute: 'u6-s0',
    });
    expect(staff.toast.type).toBe('warning');
    expect(Object.values(h.store.data.items).some((i) => i.kind === 'leave')).toBe(false);

    const ok = await tap(h, 'u6-d1', c.messageId, excuse, { why: 'emergency', topic, substitute: 'u6-main' });
    expect(ok.toast.type).toBe('success');
    const leave = Object.values(h.store.data.items).find((i) => i.kind === 'leave') as LeaveItem;
    // The chairing vice head decides the excuse.
    expect(leave.steps[0]!.parties).toEqual(['o-exec']);
    const card = cardOf(h, 'o-exec', leave.id);
    await tap(h, 'o-exec', card.messageId, buttonValue(card.content, '同意'));
    const office = cardOf(h, h.org.chat('governmentOffice').chatId, m.id);
    expect(cardText(current(h, office.messageId))).toContain(`已准假，代会：${h.who('u6-main').name}`);
    // The main head's copy of the notice now says he attends in the deputy's place.
    const copy = cardOf(h, 'u6-main', m.id);
    expect(cardText(current(h, copy.messageId))).toContain(
      `您代 ${h.who('u6-d1').name} 参会（议题 ${topic}）`,
    );
    expect(texts(h, 'u6-main').join('\n')).toContain('已批准由您代为参会');
  });
});
