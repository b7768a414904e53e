import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxLark } from '../../src/sandbox/lark-server.ts';
import { expectAgreement, instanceOf, quick, todoOf } from '../helpers/approval.ts';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { createHarnessLark, type Harness, startHarness } from '../helpers/harness.ts';

// Thursday 2026-11-26, 10:00 in Beijing; the vice head 陈立新 is away from Friday (§8: 王丽华 acts for him).
const THU = new Date('2026-11-26T10:00:00+08:00');
const FRI = new Date('2026-11-27T10:00:00+08:00');

const HEAD = 'zhou-jianguo';
const CHEN = 'chen-lixin'; // vice head over housing and transport; AB partner 王丽华
const WANG = 'wang-lihua';
const HOUSING = 'su-gang'; // 区住建局 main head, supervised by 陈立新
const TRANSPORT = 'ye-qing'; // 区交通运输局 main head, supervised by 陈立新
const GOV_OFFICE = 'ma-jun'; // 区政府办公室 main head: the §71 filing
const SUBMITTER = 'cao-min';
const FINANCE = 'yang-fan';
const HR = 'du-qiang';
const HEALTH = 'shi-yan';
const JUSTICE = 'xu-wenjie';

const TOPIC = {
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
  attachments: '',
};

let lark: SandboxLark | undefined;
let h: Harness | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await h?.stop();
  await lark?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  h = lark = dataDir = undefined;
});

const clock = { now: THU };
const start = () =>
  startHarness({ clock: () => clock.now, store: 'lowdb', dataDir, lark, approvalCenter: true });

const lastCard = (who: string) => cardsIn(h!, who).at(-1)!;

describe('the Approval Center (三方审批) and the chat tell the same story', () => {
  it('a leave and a topic: 待办 of the right people, decided from either place, §8 acting, a rejection with its reason, a withdrawal, a restart in the middle', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'govbot-ac-'));
    lark = createHarnessLark();
    h = await start();
    await h.settle();
    // One definition per kind with decisions, in Chinese and English, calling the bot back.
    expect([...lark.approvals.definitions.values()].map((d) => d.name).sort()).toEqual(
      [
        '会议纪要审核签发',
        '会议议题申报',
        '批示事项延期申请',
        '请假/离阜报备',
        '领导批示办理（审定与销号）',
      ].sort(),
    );

    // 陈立新 files his absence; the head approves it from the Approval Center.
    await h.say(CHEN, '/请假 11月27日至12月4日 北京 参加培训');
    expect(todoOf(h, HEAD)).toEqual(['Q0001/s1']);
    expectAgreement(h, 'Q0001', clock.now);
    expect((await quick(h, HEAD, 'Q0001', 's1', 'APPROVE')).sent).toBe(true);
    expect(h.store.data.items.Q0001!.status).toBe('approved');
    expect(todoOf(h, HEAD)).toEqual([]);
    expect(buttons(lastCard(HEAD).content).filter((b) => b.name === 'approve')).toHaveLength(0);
    expectAgreement(h, 'Q0001', clock.now);
    // Told only: the government office (§71 filing) and the AB partner who acts (§8).
    expect(h.lark.approvalCenterOf(h.who(GOV_OFFICE).openId).cc.map((e) => e.title)).toContain(
      '陈立新 离阜外出',
    );
    expect(h.lark.approvalCenterOf(h.who(WANG).openId).cc.map((e) => e.title)).toContain('陈立新 离阜外出');

    // Friday: 陈立新 is away. 苏刚's leave waits on him — held by 王丽华, acting for him.
    clock.now = FRI;
    await h.say(HOUSING, '/请假 12月7日至12月9日 北京 参加培训');
    expect(todoOf(h, WANG)).toEqual(['Q0002/s1']);
    expect(todoOf(h, CHEN)).toEqual([]);
    const task = [...instanceOf(h, 'Q0002').tasks.values()][0]!;
    expect(task.title).toBe('分管副区长审批（代 陈立新） · 12月1日前');
    expect(instanceOf(h, 'Q0002').form.map((f) => f.name)).toEqual([
      '时间',
      '事由',
      '申请人',
      '报备',
      '代批',
    ]);
    expectAgreement(h, 'Q0002', clock.now);

    // 王丽华 decides from the chat card (代批); the Approval Center moves on with the chat.
    const card = lastCard(WANG);
    const tapped = await tap(h, WANG, card.messageId, buttonValue(card.content, '同意'));
    expect(tapped.toast).toEqual({ type: 'success', content: '已同意（代 陈立新）' });
    expect(todoOf(h, WANG)).toEqual([]);
    expect(todoOf(h, HEAD)).toEqual(['Q0002/s2']);
    const done = h.lark.approvalCenterOf(h.who(WANG).openId).done.find((e) => e.title.startsWith('苏刚'));
    expect(done?.task).toMatchObject({
      status: 'APPROVED',
      title: '分管副区长审批 · 王丽华（代 陈立新）同意',
    });
    expectAgreement(h, 'Q0002', clock.now);

    // The bot restarts with the Approval Center's state as it was.
    await h.stop();
    h = await start();
    await h.settle();
    expect(lark.approvals.definitions.size).toBe(5);
    expect(todoOf(h, HEAD)).toEqual(['Q0002/s2']);

    // The head approves from the Approval Center: the chat card closes, the instance is approved.
    expect(await quick(h, HEAD, 'Q0002', 's2', 'APPROVE')).toMatchObject({ status: 200 });
    expect(h.store.data.items.Q0002!.status).toBe('approved');
    expect(cardText(lastCard(HOUSING).content)).toContain('已通过');
    expectAgreement(h, 'Q0002', clock.now);

    // A topic: the three consulted units' main heads each have a 会签 task.
    await h.say(SUBMITTER, '/议题');
    const form = lastCard(SUBMITTER);
    const submitted = await tap(h, SUBMITTER, form.messageId, buttonValue(form.content, '提交'), TOPIC);
    expect(submitted.toast.content).toBe('已提交 T0003');
    for (const who of [FINANCE, HR, HEALTH]) expect(todoOf(h, who)).toEqual(['T0003/consult']);
    expectAgreement(h, 'T0003', clock.now);
    // Two agree from the Approval Center (one with an opinion: 原则同意), one in the chat.
    await quick(h, FINANCE, 'T0003', 'consult', 'APPROVE');
    await quick(h, HR, 'T0003', 'consult', 'APPROVE', '请核定教师编制');
    expectAgreement(h, 'T0003', clock.now);
    const health = lastCard(HEALTH);
    await tap(h, HEALTH, health.messageId, buttonValue(health.content, '同意'));
    const consult = h.store.data.items.T0003!.steps.find((s) => s.id === 'consult')!;
    expect(consult.responses.map((r) => [r.actor, r.answer, r.comment])).toEqual([
      [FINANCE, 'agree', undefined],
      [HR, 'agree_with_comments', '请核定教师编制'],
      [HEALTH, 'agree', undefined],
    ]);
    expect(todoOf(h, JUSTICE)).toEqual(['T0003/legality']);
    expectAgreement(h, 'T0003', clock.now);

    // The justice bureau rejects from the Approval Center, with its reason: the submitter reads it.
    await quick(h, JUSTICE, 'T0003', 'legality', 'REJECT', '缺少合法性审查所需的论证材料');
    expect(h.store.data.items.T0003!.status).toBe('rejected');
    expect(instanceOf(h, 'T0003').status).toBe('REJECTED');
    expect(cardText(lastCard(SUBMITTER).content)).toContain('缺少合法性审查所需的论证材料');
    expectAgreement(h, 'T0003', clock.now);

    // A withdrawal: the task waiting on 王丽华 leaves her 待办, the instance is withdrawn.
    await h.say(TRANSPORT, '/请假 12月8日至12月9日 沈阳 汇报工作');
    expect(todoOf(h, WANG)).toEqual(['Q0004/s1']);
    const tracker = cardsIn(h, TRANSPORT).find(
      (m) => cardText(m.content).includes('撤回') || buttons(m.content).length > 0,
    )!;
    const withdrawn = await tap(h, TRANSPORT, tracker.messageId, buttonValue(tracker.content, '撤回申请'));
    expect(withdrawn.toast.content).toBe('已撤回');
    expect(instanceOf(h, 'Q0004').status).toBe('CANCELED');
    expect(todoOf(h, WANG)).toEqual([]);
    expectAgreement(h, 'Q0004', clock.now);

    // Nothing left over: every call delivered, one instance per item, the check finds them all in place.
    await h.tick(new Date(FRI.getTime() + 10 * 60_000));
    expect(h.store.data.outbox).toEqual([]);
    expect(lark.approvals.instances.size).toBe(4);
    for (const r of Object.values(h.store.data.approvalInstances)) expect(r.checked?.at).toBe(r.at);
  });
});
