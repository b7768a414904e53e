import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../src/sandbox/lark-server.ts';
import { expectAgreement, instanceOf } from '../helpers/approval.ts';
import { buttons } from '../helpers/cards.ts';
import { prng, seedFromEnv, shuffle } from '../helpers/faults-prng.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const SEED = seedFromEnv(17);
const KINDS: FaultKind[] = ['http500', 'rate429', 'chat230020', 'code11232', 'timeout'];

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ clock: () => NOW, timeoutMs: 300, store: 'lowdb', approvalCenter: true });
});
afterEach(async () => {
  await h.stop();
});

/** Like h.settle, with room for the sender's back-off after several failures in a row. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await h.bot.intake.idle();
    await h.bot.sender.drained(180_000);
  }
}

type Json = Record<string, unknown>;

/** Every chat card still answerable, with the value of its 同意 button. */
function openCards() {
  return h.lark.messages.flatMap((m) => {
    const value = buttons(h.lark.currentContent(m.messageId))
      .map((b) => (b.behaviors as Array<{ value?: Json }> | undefined)?.[0]?.value)
      .find((v) => v?.action === 'step.decide' && v.answer === 'approve');
    if (!value || !m.chatId.startsWith('oc_p2p_')) return [];
    return [{ m, value, who: h.org.personByOpenId(m.chatId.slice('oc_p2p_'.length))!.id }];
  });
}

describe('Approval Center under Lark API faults: 30% of calls fail', () => {
  it('loses and duplicates nothing: every instance, task and decision ends where the chat says', async () => {
    const started = performance.now();
    const rng = prng(SEED);
    h.lark.faults.setRandom({ rate: 0.3, kinds: KINDS, seed: SEED });

    // 24 leave filings at once (department main heads go to their vice head, then the head).
    const filers = h.org
      .departments()
      .flatMap((d) => [d.mainHead, ...d.deputies])
      .slice(0, 24);
    await Promise.all(
      shuffle(rng, filers).map((who, i) =>
        h.events.sendText({
          from: h.who(who).openId,
          chatType: 'p2p',
          text: `/请假 12月${1 + (i % 20)}日 北京 参加培训`,
        }),
      ),
    );
    await settle();
    const ids = Object.keys(h.store.data.items);
    expect(ids).toHaveLength(24);

    // Rounds of decisions until nothing waits: every other one from the Approval Center, the rest in the
    // chat; every ninth first decision a rejection with its reason (from the Approval Center).
    let fromCenter = 0;
    let fromChat = 0;
    for (let round = 0; round < 3; round++) {
      const open = openCards();
      if (open.length === 0) break;
      await Promise.all(
        open.map(async ({ m, value, who }, i) => {
          const itemId = String(value.item);
          const step = String(value.step);
          const reject = round === 0 && i % 9 === 4;
          if (i % 2 === 0 || reject) {
            const me = h.who(who).openId;
            const entry = h.lark
              .approvalCenterOf(me)
              .todo.find(
                (e) => instanceOf(h, itemId).id === e.instanceId && e.task!.id.includes(`.${step}.`),
              );
            expect(entry, `${who}'s 待办 for ${itemId}/${step}`).toBeDefined();
            const r = await h.lark.quickApprove({
              openId: me,
              instanceId: entry!.instanceId,
              taskId: entry!.task!.id,
              action: reject ? 'REJECT' : 'APPROVE',
              ...(reject ? { reason: '该时段有全区大会，请改期' } : {}),
            });
            expect(r).toMatchObject({ sent: true, status: 200 });
            fromCenter++;
          } else {
            const r = await h.events.tapCard({
              operator: h.who(who).openId,
              messageId: m.messageId,
              chatId: m.chatId,
              value,
            });
            expect((r.response.json as { toast?: { type?: string } }).toast?.type).toBe('success');
            fromChat++;
          }
        }),
      );
      await settle();
    }
    expect(openCards()).toEqual([]);

    // The consistency check runs with the faults still on, then once more without them.
    await h.tick(new Date(NOW.getTime() + 10 * 60_000));
    await settle();
    const injected = h.lark.faults.injected.filter((f) => f.op === 'approval');
    h.lark.faults.clear();
    await h.tick(new Date(NOW.getTime() + 20 * 60_000));
    await settle();

    // Nothing lost: every call went out, every item stands in the Approval Center as in the chat.
    expect(h.store.data.outbox).toEqual([]);
    for (const id of ids) expectAgreement(h, id, NOW);
    for (const r of Object.values(h.store.data.approvalInstances)) expect(r.checked?.at, r.key).toBe(r.at);
    // Nothing duplicated: five definitions, one instance per item, one task per step and holder.
    expect(h.lark.approvals.definitions.size).toBe(5);
    expect(h.lark.approvals.instances.size).toBe(ids.length);
    for (const inst of h.lark.approvals.instances.values()) {
      const live = [...inst.tasks.values()]
        .filter((t) => t.status !== 'DONE')
        .map((t) => `${t.nodeId}:${t.openId}`);
      expect(new Set(live).size, inst.id).toBe(live.length);
    }
    const items = Object.values(h.store.data.items);
    expect(items.filter((it) => it.status !== 'approved' && it.status !== 'rejected')).toEqual([]);
    expect(items.some((it) => it.status === 'rejected')).toBe(true);
    for (const kind of KINDS)
      expect(
        injected.some((f) => f.kind === kind),
        kind,
      ).toBe(true);
    console.log(
      `approval faults (seed ${SEED}): ${ids.length} leaves, ${fromCenter} decisions from the Approval Center, ` +
        `${fromChat} from the chat, ${injected.length} faults on the approval API, ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 280_000);
});
