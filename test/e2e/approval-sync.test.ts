import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectAgreement, instanceOf, quick, todoOf } from '../helpers/approval.ts';
import { buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { createHarnessLark, type Harness, type HarnessOptions, startHarness } from '../helpers/harness.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const THU = new Date('2026-11-26T10:00:00+08:00');
const HOUSING = 'su-gang';
const CHEN = 'chen-lixin';
const WANG = 'wang-lihua';
const HEAD = 'zhou-jianguo';
const SUPERVISION = 'zheng-hong';
const TRANSPORT = { head: 'ye-qing', deputy: 'yu-hai' };

const clock = { now: THU };
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  clock.now = THU;
});
const start = async (o: HarnessOptions) => {
  h = await startHarness({ clock: () => clock.now, ...o });
  await h.settle();
  return h;
};
const later = (min: number) => new Date(clock.now.getTime() + min * 60_000);

describe('APPROVAL_CENTER off, or on without a callback', () => {
  it('off: no definition, no instance, no record, and no callback route — nothing changes', async () => {
    const hh = await start({});
    await hh.say(HOUSING, '/请假 12月1日至12月3日 北京 参加培训');
    const card = cardsIn(hh, CHEN).at(-1)!;
    await tap(hh, CHEN, card.messageId, buttonValue(card.content, '同意'));
    await hh.tick(later(10));
    expect(hh.lark.approvals.definitions.size).toBe(0);
    expect(hh.lark.approvals.instances.size).toBe(0);
    expect(hh.store.data.approvalDefinitions).toEqual({});
    expect(hh.store.data.approvalInstances).toEqual({});
    const res = await fetch(`${hh.url}/lark/approval-callback`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });

  it('on without a callback URL: the steps are listed and open the bot; deciding stays in the chat', async () => {
    const hh = await start({ approvalCenter: { callback: false } });
    await hh.say(HOUSING, '/请假 12月1日至12月3日 北京 参加培训');
    expect(todoOf(hh, CHEN)).toEqual(['Q0001/s1']);
    const task = [...instanceOf(hh, 'Q0001').tasks.values()][0]!;
    expect(task.actions).toEqual([]);
    expect(instanceOf(hh, 'Q0001').link).toBe(
      'https://applink.feishu.cn/client/bot/open?appId=cli_0123456789abcdef',
    );
    expect(await quick(hh, CHEN, 'Q0001', 's1', 'APPROVE')).toEqual({
      sent: false,
      error: '此审批不支持在审批中心快捷处理',
    });
    const res = await fetch(`${hh.url}/lark/approval-callback`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    const card = cardsIn(hh, CHEN).at(-1)!;
    await tap(hh, CHEN, card.messageId, buttonValue(card.content, '同意'));
    expect(todoOf(hh, HEAD)).toEqual(['Q0001/s2']);
    expectAgreement(hh, 'Q0001', clock.now);
  });
});

describe('the callback configured later', () => {
  it('a restart with a callback URL puts 同意 / 拒绝 on the tasks already waiting', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'govbot-ac-'));
    const lark = createHarnessLark();
    try {
      let hh = await start({ approvalCenter: { callback: false }, store: 'lowdb', dataDir, lark });
      await hh.say(HOUSING, '/请假 12月1日至12月3日 北京 参加培训');
      expect([...instanceOf(hh, 'Q0001').tasks.values()][0]!.actions).toEqual([]);
      await hh.stop();
      hh = h = await start({ approvalCenter: true, store: 'lowdb', dataDir, lark });
      await hh.tick(later(1));
      expect([...instanceOf(hh, 'Q0001').tasks.values()][0]!.actions.map((a) => a.type)).toEqual([
        'APPROVE',
        'REJECT',
      ]);
      expect(await quick(hh, CHEN, 'Q0001', 's1', 'APPROVE')).toMatchObject({ status: 200 });
      expectAgreement(hh, 'Q0001', clock.now);
    } finally {
      await h?.stop();
      h = undefined;
      await lark.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the consistency check (external_instances/check) and holders that change without a transition', () => {
  it('an instance lost or changed on the Approval Center’s side is found by the check and synced again', async () => {
    const hh = await start({ approvalCenter: true });
    await hh.say(HOUSING, '/请假 12月1日至12月3日 北京 参加培训');
    await hh.say(TRANSPORT.head, '/请假 12月2日至12月4日 沈阳 汇报工作');
    await hh.tick(later(1));
    for (const r of Object.values(hh.store.data.approvalInstances)) expect(r.checked?.at).toBe(r.at);

    // Someone deletes one instance and marks the other's task done, behind the bot's back.
    const lost = instanceOf(hh, 'Q0001');
    hh.lark.approvals.instances.delete(lost.id);
    const changed = instanceOf(hh, 'Q0002');
    const t = [...changed.tasks.values()][0]!;
    changed.tasks.set(t.id, { ...t, status: 'DONE', updateTime: t.updateTime + 5 });
    expect(todoOf(hh, CHEN)).toEqual([]);

    // A verified instance is looked at again within the hour: then the check finds both and syncs them.
    await hh.tick(later(30));
    expect(todoOf(hh, CHEN)).toEqual([]);
    await hh.tick(later(65));
    expect(todoOf(hh, CHEN)).toEqual(['Q0001/s1', 'Q0002/s1']);
    expectAgreement(hh, 'Q0001', clock.now);
    expectAgreement(hh, 'Q0002', clock.now);
    // The versions sent again are verified at the next run.
    await hh.tick(later(71));
    for (const r of Object.values(hh.store.data.approvalInstances)) expect(r.checked?.at).toBe(r.at);
  });

  it('§8 acting: the AB partner decides from the Approval Center; when the absent leader is back (销假) the task returns to him', async () => {
    const hh = await start({ approvalCenter: true });
    // 陈立新 is away from Friday, approved by the head.
    await hh.say(CHEN, '/请假 11月27日至12月4日 北京 参加培训');
    await quick(hh, HEAD, 'Q0001', 's1', 'APPROVE');
    clock.now = new Date('2026-11-27T09:00:00+08:00');
    await hh.say(HOUSING, '/请假 12月7日至12月9日 北京 参加培训');
    await hh.say(TRANSPORT.head, '/请假 12月8日至12月9日 沈阳 汇报工作');
    expect(todoOf(hh, WANG)).toEqual(['Q0002/s1', 'Q0003/s1']);
    // 王丽华 acts for him from the Approval Center.
    expect(await quick(hh, WANG, 'Q0002', 's1', 'APPROVE')).toMatchObject({ status: 200 });
    expect(hh.store.data.items.Q0002!.steps[0]!.responses[0]).toMatchObject({
      actor: WANG,
      onBehalfOf: CHEN,
      answer: 'approve',
    });
    expectAgreement(hh, 'Q0002', clock.now);

    // Monday he reports back: the task still waiting returns to him, from the Approval Center too.
    clock.now = new Date('2026-11-30T09:00:00+08:00');
    await hh.say(CHEN, '/销假');
    await hh.tick(later(10));
    expect(todoOf(hh, WANG)).toEqual([]);
    expect(todoOf(hh, CHEN)).toEqual(['Q0003/s1']);
    expectAgreement(hh, 'Q0003', clock.now);
  });
});

describe('an instruction: reviews and 销号 stand as one instance, each extension request as its own', () => {
  it('extension granted from the Approval Center; the review and the close-out too; the ledger agrees', async () => {
    const hh = await start({ approvalCenter: true });
    await hh.say(SUPERVISION, '/批示 领导:陈立新 牵头:区交通运输局 紧急:11月28日 排查冬季道路结冰隐患');
    const ack = cardsIn(hh, TRANSPORT.head).at(-1)!;
    await tap(hh, TRANSPORT.head, ack.messageId, buttonValue(ack.content, '签收'), {
      responsible: TRANSPORT.deputy,
    });
    // No decision yet: nothing in the Approval Center (签收 and writing a report stay in the chat).
    expect(hh.store.data.approvalInstances).toEqual({});

    await hh.say(TRANSPORT.deputy, '/延期 I0001 12月5日 需等待气象部门数据');
    expect(todoOf(hh, CHEN)).toEqual(['I0001/x1']);
    const ext = instanceOf(hh, 'I0001/x1');
    expect(ext.title).toBe(`延期申请：${hh.store.data.items.I0001!.title}`);
    // 11月28日 is a Saturday: the deadline moved to the Monday (《民法典》第二百零三条).
    expect(ext.form[0]).toEqual({ name: '申请延至', value: '12月5日（原定 11月30日）' });
    expect(hh.lark.approvals.definitions.get(ext.code)?.name).toBe('批示事项延期申请');
    await quick(hh, CHEN, 'I0001', 'x1', 'APPROVE');
    // Granted to 12月5日, a Saturday: due the Monday after (as every deadline that ends on a day off).
    expect(hh.store.data.items.I0001!.fields).toMatchObject({ deadline: { due: '2026-12-07' } });
    expect(instanceOf(hh, 'I0001/x1').status).toBe('APPROVED');
    expect(hh.lastText(TRANSPORT.deputy)).toContain('延期已获同意');

    // The deputy reports; the main head approves it from the Approval Center (§56); the leader closes out.
    await hh.say(TRANSPORT.deputy, '/反馈 办结 已排查路段23处');
    expect(todoOf(hh, TRANSPORT.head)).toEqual(['I0001/v0.1']);
    await quick(hh, TRANSPORT.head, 'I0001', 'v0.1', 'APPROVE');
    expect(todoOf(hh, CHEN)).toEqual(['I0001/c1']);
    await quick(hh, CHEN, 'I0001', 'c1', 'APPROVE');
    expect(hh.store.data.items.I0001!.status).toBe('closed');
    expect(instanceOf(hh, 'I0001').status).toBe('APPROVED');
    expect(cardText(cardsIn(hh, SUPERVISION).at(-1)?.content ?? '')).not.toContain('待验收');
    expectAgreement(hh, 'I0001', clock.now);
    // 督查室 keeps the ledger (§57): told, in its 抄送我.
    expect(hh.lark.approvalCenterOf(hh.who(SUPERVISION).openId).cc).toHaveLength(1);
  });
});
