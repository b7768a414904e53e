import { describe, expect, it } from 'vitest';
import { userIdOf } from '../../src/sandbox/ids.ts';
import { encryptEvent } from '../../src/sandbox/lark-crypto.ts';
import { instanceOf, quick, todoOf } from '../helpers/approval.ts';
import { buttonValue, cardsIn, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';
import { APPROVAL_KEY, APPROVAL_TOKEN, type Harness } from '../helpers/harness.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const HOUSING = 'su-gang';
const CHEN = 'chen-lixin';
const HEAD = 'zhou-jianguo';

const { h } = harnessEachTest(NOW, { approvalCenter: true });

/** The callback of a tap on `taskOf(item)`'s task as `as`, built as the Approval Center sends it. */
function callback(hh: Harness, itemId: string, as: string, action: 'APPROVE' | 'REJECT', reason?: string) {
  const rec = hh.store.data.approvalInstances[itemId]!;
  const task = rec.tasks.find((t) => t.status === 'PENDING') ?? rec.tasks[0]!;
  return {
    action_type: action,
    action_context: rec.key,
    user_id: userIdOf(hh.who(as).openId),
    approval_code: hh.store.data.approvalDefinitions[rec.definition]!.code!,
    instance_id: rec.instanceId,
    task_id: task.id,
    ...(reason ? { reason } : {}),
    token: APPROVAL_TOKEN,
  };
}

async function post(hh: Harness, body: unknown, o: { key?: string | false } = {}) {
  const key = o.key === undefined ? APPROVAL_KEY : o.key;
  const res = await fetch(`${hh.url}/lark/approval-callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(key ? { encrypt: encryptEvent(key, body) } : body),
  });
  const json = (await res.json().catch(() => ({}))) as { message?: string; code?: number };
  await hh.settle();
  return { status: res.status, json };
}

const decisions = (hh: Harness, id: string) =>
  hh.store.data.items[id]!.steps.flatMap((s) => s.responses.map((r) => `${s.id}:${r.actor}:${r.answer}`));

describe('POST /lark/approval-callback: authenticated as the platform documents, judged as a card tap', () => {
  it('refuses a wrong token, an unencrypted body and a body encrypted with another key, changing nothing', async () => {
    await h.say(HOUSING, '/请假 12月1日至12月3日 北京 参加培训');
    const good = callback(h, 'Q0001', CHEN, 'APPROVE');
    expect((await post(h, { ...good, token: 'forged-token-0123456789' })).status).toBe(401);
    expect((await post(h, good, { key: false })).status).toBe(401);
    expect((await post(h, good, { key: 'another-key-0123456789' })).status).toBe(401);
    expect((await post(h, { hello: 1 })).status).toBe(401);
    expect(decisions(h, 'Q0001')).toEqual([]);
    expect(todoOf(h, CHEN)).toEqual(['Q0001/s1']);
  });

  it('decides only for whoever may: someone else’s tap is refused with the reason shown in the Approval Center', async () => {
    await h.say(HOUSING, '/请假 12月1日至12月3日 北京 参加培训');
    const r = await post(h, callback(h, 'Q0001', HEAD, 'APPROVE'));
    expect(r.status).toBe(422);
    expect(r.json).toEqual({
      message: '您不是这一步的办理人，无法操作（应由 陈立新 办理）。',
      without_prefix: 'true',
    });
    expect(decisions(h, 'Q0001')).toEqual([]);
    // Someone outside the org (a user_id nobody in the org has) is told so.
    const stranger = await post(h, { ...callback(h, 'Q0001', CHEN, 'APPROVE'), user_id: 'unknown1' });
    expect(stranger.status).toBe(422);
    expect(stranger.json.message).toContain('还没有登记在本区的组织架构中');
  });

  it('a no needs its reason; once only: the same approval again is fine, a different answer is refused', async () => {
    await h.say(HOUSING, '/请假 12月1日至12月3日 北京 参加培训');
    const no = await post(h, callback(h, 'Q0001', CHEN, 'REJECT'));
    expect(no.status).toBe(422);
    expect(no.json.message).toBe('选择“不同意”时请填写理由。');
    const yes = callback(h, 'Q0001', CHEN, 'APPROVE');
    expect((await post(h, yes)).status).toBe(200);
    expect((await post(h, yes)).status).toBe(200); // the Approval Center calling twice
    const late = await post(h, { ...yes, action_type: 'REJECT', reason: '改主意了' });
    expect(late.status).toBe(422);
    expect(late.json.message).toContain('这一步已经办理过了');
    expect(decisions(h, 'Q0001')).toEqual(['s1:chen-lixin:approve']);
    expect(todoOf(h, HEAD)).toEqual(['Q0001/s2']);
  });

  it('a reason is held to the card’s 意见 field (500 characters, issue 12): one longer is refused with the same words, and nothing is decided', async () => {
    await h.say(HOUSING, '/请假 12月1日至12月3日 北京 参加培训');
    const long = await post(h, callback(h, 'Q0001', CHEN, 'REJECT', '冲'.repeat(501)));
    expect(long.status).toBe(422);
    expect(long.json.message).toBe('“意见”最多500字，您填写了501字，没有处理。请修改后再提交。');
    expect(decisions(h, 'Q0001')).toEqual([]);
    expect(todoOf(h, CHEN)).toEqual(['Q0001/s1']);
    const fits = await post(h, callback(h, 'Q0001', CHEN, 'REJECT', '冲'.repeat(500)));
    expect(fits.status).toBe(200);
    expect(decisions(h, 'Q0001')).toEqual(['s1:chen-lixin:reject']);
    expect(instanceOf(h, 'Q0001').status).toBe('REJECTED');
  });

  it('a stale step is refused: the task of a withdrawn leave, an unknown task or definition', async () => {
    await h.say(HOUSING, '/请假 12月1日至12月3日 北京 参加培训');
    const saved = callback(h, 'Q0001', CHEN, 'APPROVE');
    const tracker = cardsIn(h, HOUSING).at(-1)!;
    await tap(h, HOUSING, tracker.messageId, buttonValue(tracker.content, '撤回申请'));
    const r = await post(h, saved);
    expect(r.status).toBe(422);
    expect(r.json.message).toBe('申请人已撤回该申请，无需再办理。');
    expect(h.store.data.items.Q0001!.status).toBe('withdrawn');
    expect((await post(h, { ...saved, task_id: 'made-up' })).status).toBe(422);
    expect((await post(h, { ...saved, approval_code: 'made-up' })).status).toBe(422);
    expect(instanceOf(h, 'Q0001').status).toBe('CANCELED');
  });

  it('the sandbox Approval Center shows what the bot answered (the tap is refused there too)', async () => {
    await h.say(HOUSING, '/请假 12月1日至12月3日 北京 参加培训');
    const r = await quick(h, CHEN, 'Q0001', 's1', 'REJECT');
    expect(r).toEqual({ sent: false, error: '请填写意见' });
    const ok = await quick(h, CHEN, 'Q0001', 's1', 'REJECT', '与全区安全生产检查冲突');
    expect(ok).toMatchObject({ sent: true, status: 200 });
    expect(h.store.data.items.Q0001!.status).toBe('rejected');
    expect(instanceOf(h, 'Q0001').status).toBe('REJECTED');
  });

  it('after a resubmission the first round’s task is stale; the second round stands as new tasks', async () => {
    await h.say(HOUSING, '/请假 12月1日至12月3日 北京 参加培训');
    const round1 = callback(h, 'Q0001', CHEN, 'APPROVE');
    await quick(h, CHEN, 'Q0001', 's1', 'REJECT', '12月2日有全区大会，请改期');
    const tracker = cardsIn(h, HOUSING).at(-1)!;
    const content = h.lark.currentContent(tracker.messageId);
    const again = await tap(h, HOUSING, tracker.messageId, buttonValue(content, '重新提交'), {
      start: '2026-12-08',
      end: '2026-12-09',
      destination: '北京',
      reason: '参加培训（改期）',
    });
    expect(again.toast.content).toBe('已重新提交');
    expect(instanceOf(h, 'Q0001').status).toBe('PENDING');
    const stale = await post(h, round1);
    expect(stale.status).toBe(422);
    expect(stale.json.message).toContain('卡片已过期');
    const tasks = [...instanceOf(h, 'Q0001').tasks.values()].map((t) => [t.id, t.status]);
    expect(tasks).toEqual([
      ['t1.s1.chen-lixin', 'REJECTED'],
      ['t2.s1.chen-lixin', 'PENDING'],
    ]);
    expect(instanceOf(h, 'Q0001').form[0]!.value).toBe('12月8日至12月9日（2天）');
  });
});
