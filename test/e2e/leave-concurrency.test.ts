import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildStepCard } from '../../cards/step-card.ts';
import { applyTransition } from '../../src/bot/apply.ts';
import { createOut } from '../../src/bot/out.ts';
import { registerKind } from '../../src/bot/render.ts';
import { renderEnvOf } from '../../src/bot/workflow.ts';
import { createCalendar } from '../../src/domain/calendar.ts';
import { act, start } from '../../src/domain/engine/engine.ts';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import { awayLookup } from '../../src/domain/leave/absences.ts';
import { beijingDate } from '../../src/domain/time.ts';
import { buttonValue, cardsIn, tap } from '../helpers/cards.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// A test-only kind whose single step is a countersign (leave has none): the generic step card and the engine.
registerKind('duty', {
  card: (item, rec, env) =>
    buildStepCard(item, rec, env, { title: `会签 · ${item.title}`, facts: ['测试事项'] }),
  inform: () => undefined,
  decide: act,
});

const NOW = new Date('2026-11-26T10:00:00+08:00');
const TRANSPORT = 'ye-qing';
const HOUSING = 'su-gang';
const DEPT_HEAD = 'cao-min';
const VICE_HEAD = 'sun-haiyan';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ clock: () => NOW });
});
afterEach(async () => {
  await h.stop();
});

/** Puts a started countersign item into the store as a workflow would, and lets its cards go out. */
async function countersign(parties: string[]): Promise<WorkflowItem> {
  const ctx = { now: NOW, today: beijingDate(NOW), org: h.org };
  await h.store.transact((data) => {
    const draft: WorkflowItem = {
      id: 'D0001',
      kind: 'duty',
      title: '道路改造方案',
      submitter: DEPT_HEAD,
      fields: {},
      status: 'draft',
      steps: [
        { id: 's1', kind: 'countersign', title: '部门会签', parties, status: 'waiting', responses: [] },
      ],
      round: 1,
      trail: [],
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    };
    const env = { ...ctx, calendar: createCalendar(), away: awayLookup(Object.values(data.items)) };
    const t = start(draft, env);
    if (!t.ok) throw new Error(t.reason);
    applyTransition(data, createOut(data, undefined), t.item, t.effects, renderEnvOf(ctx));
  });
  h.bot.sender.wake();
  await h.settle();
  return h.store.data.items.D0001!;
}

describe('taps at the same moment', () => {
  it('§50 two different approvers tapping a countersign at the same moment both count, once each', async () => {
    await countersign([TRANSPORT, HOUSING]);
    const [a] = cardsIn(h, TRANSPORT);
    const [b] = cardsIn(h, HOUSING);
    const [ra, rb] = await Promise.all([
      tap(h, TRANSPORT, a!.messageId, buttonValue(a!.content, '同意')),
      tap(h, HOUSING, b!.messageId, buttonValue(b!.content, '原则同意（附意见）'), {
        comment: '注意施工期交通疏导',
      }),
    ]);
    expect([ra.toast.type, rb.toast.type]).toEqual(['success', 'success']);
    const item = h.store.data.items.D0001!;
    expect(item.steps[0]!.responses.map((r) => [r.party, r.answer]).sort()).toEqual([
      [HOUSING, 'agree_with_comments'],
      [TRANSPORT, 'agree'],
    ]);
    expect(item.status).toBe('approved');
    expect(item.trail.filter((t) => t.stepId === 's1')).toHaveLength(2);
  });

  it('20 simultaneous taps by the assignee on one approval card make exactly one decision', async () => {
    await h.say(DEPT_HEAD, '/请假 12月1日至12月3日 北京 参加培训');
    const [card] = cardsIn(h, VICE_HEAD);
    const approve = buttonValue(card!.content, '同意');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => tap(h, VICE_HEAD, card!.messageId, approve)),
    );
    expect(answers.filter((r) => r.toast.type === 'success')).toHaveLength(1);
    expect(answers.filter((r) => r.toast.content.includes('已经办理过了'))).toHaveLength(19);
    const leave = h.store.data.items.Q0001!;
    expect(leave.steps[0]!.responses).toHaveLength(1);
    expect(leave.trail.filter((t) => t.action === 'approve')).toHaveLength(1);
    expect(cardsIn(h, 'zhou-jianguo')).toHaveLength(1);
  });
});
