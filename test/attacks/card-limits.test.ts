import { describe, expect, it } from 'vitest';
import { RETIRED_NOTE } from '../../src/bot/render.ts';
import { createCalendar } from '../../src/domain/calendar.ts';
import type { Env } from '../../src/domain/engine/engine.ts';
import { beijingDate } from '../../src/domain/time.ts';
import { decideTopic, submitTopic } from '../../src/domain/topic/topic.ts';
import type { TopicItem } from '../../src/domain/topic/types.ts';
import { validateTopic } from '../../src/domain/topic/validate.ts';
import { boldProblems, CARD_LIMITS } from '../../src/lark/card-rules.ts';
import { buttons, buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';
import type { Harness } from '../helpers/harness.ts';
import { writeOtherOrg } from '../helpers/other-org.ts';

// Issue 12, point 7: cards a real Feishu client accepts. Every card of these tests also passes the
// Card JSON 2.0 check (test/setup); here, what the check alone can not see.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const DAY = 24 * 3600_000;

/** Every object with a `tag` (plain_text included): what Feishu counts against its 200. */
function elements(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n, x) => n + elements(x), 0);
  if (!node || typeof node !== 'object') return 0;
  const o = node as Record<string, unknown>;
  return (typeof o.tag === 'string' ? 1 : 0) + Object.values(o).reduce<number>((n, v) => n + elements(v), 0);
}

function inputs(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap(inputs);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  return [...(o.tag === 'input' ? [o] : []), ...Object.values(o).flatMap(inputs)];
}

const markdowns = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(markdowns);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  return [...(o.tag === 'markdown' ? [String(o.content)] : []), ...Object.values(o).flatMap(markdowns)];
};

describe('in the example district', () => {
  const { h, clock } = harnessEachTest(NOW);

  it('a tapped card is updated once, by the tap’s answer — no PATCH of the same message after it', async () => {
    await h.say('cao-min', '/请假 12月1日至12月3日 北京 参加培训');
    const [card] = cardsIn(h, 'sun-haiyan');
    const r = await tap(h, 'sun-haiyan', card!.messageId, buttonValue(card!.content, '同意'));
    expect(r.card).toBeDefined();
    await h.settle();
    const updates = h.lark.messageById(card!.messageId)!.patches;
    expect(updates.map((u) => u.by ?? 'patch')).toEqual(['tap']);
    // The other copies (tracker, the office's filing) are patched as before.
    const tracker = cardsIn(h, 'cao-min')[0]!;
    expect(h.lark.messageById(tracker.messageId)!.patches.length).toBeGreaterThan(0);
  });

  it('no input allows more than 1000 characters: the /批示 form and the report card', async () => {
    await h.say('chen-lixin', '/批示');
    await h.say('chen-lixin', '/批示 牵头:区财政局 请研究');
    const ack = cardsIn(h, 'yang-fan').at(-1)!;
    await tap(h, 'yang-fan', ack.messageId, buttonValue(ack.content, '签收'), { responsible: 'zhu-li' });
    const cards = [...cardsIn(h, 'chen-lixin'), ...cardsIn(h, 'zhu-li')].map((c) =>
      h.lark.currentContent(c.messageId),
    );
    const all = cards.flatMap(inputs);
    expect(all.length).toBeGreaterThan(3);
    for (const i of all) expect(i.max_length as number).toBeLessThanOrEqual(CARD_LIMITS.inputMax);
  });

  it('a card older than 14 days is never patched; a step still waiting is sent afresh, and the old card says so', async () => {
    await h.say('chen-lixin', '/批示 牵头:区财政局 复杂 请研究老旧小区改造资金');
    const ack = cardsIn(h, 'yang-fan').at(-1)!;
    await tap(h, 'yang-fan', ack.messageId, buttonValue(ack.content, '签收'), { responsible: 'zhu-li' });
    const reportCard = cardsIn(h, 'zhu-li').at(-1)!;
    expect(buttons(reportCard.content).length).toBeGreaterThan(0);
    const overview = cardsIn(h, 'chen-lixin').at(-1)!;

    // Day 13: the report card still waits on zhu-li; it goes afresh while the old one can still say so.
    clock.now = new Date(NOW.getTime() + 13 * DAY + 3600_000);
    await h.tick(clock.now);
    const old = h.lark.currentContent(reportCard.messageId);
    expect(cardText(old)).toContain(RETIRED_NOTE);
    expect(buttons(old)).toHaveLength(0);
    const fresh = cardsIn(h, 'zhu-li').at(-1)!;
    expect(fresh.messageId).not.toBe(reportCard.messageId);
    expect(buttons(fresh.content).length).toBeGreaterThan(0);

    // Day 20: the report goes up. The leader's overview (sent on day 0) is not patched (Feishu would
    // refuse it, 230031); nothing fails in the outbox.
    clock.now = new Date(NOW.getTime() + 20 * DAY);
    const patchesBefore = h.lark.messageById(overview.messageId)!.patches.length;
    await tap(h, 'zhu-li', fresh.messageId, buttonValue(fresh.content, '提交报告'), {
      kind: 'completion',
      text: '已研究完毕',
    });
    await h.settle();
    expect(h.lark.messageById(overview.messageId)!.patches.length).toBe(patchesBefore);
    expect(h.bot.sender.stats().failed).toBe(0);
    // The review waits on finance's main head: a card of this day, live.
    const review = cardsIn(h, 'yang-fan').at(-1)!;
    expect(cardText(review.content)).toContain('审定通过并上报');
  });
});

describe('renewal beside the daily 催办 (issue 14)', () => {
  const { h, clock } = harnessEachTest(NOW);

  it('a step nagged every working day is never renewed once per 催办 copy, and nothing goes out on a weekend', async () => {
    await h.say('chen-lixin', '/批示 牵头:区财政局 协办:区教育局 请研究老旧小区改造资金');
    // (The §70 monthly list also nags finance from December: only I0001's cards are counted.)
    const cards = () => cardsIn(h, 'yang-fan').filter((c) => cardText(c.content).includes('I0001')).length;
    const sentOn = new Map<string, number>();
    // Finance's main head never signs: four weeks of mornings, one tick a day after the nags.
    for (let d = 1; d <= 28; d++) {
      clock.now = new Date(NOW.getTime() + d * DAY - 50 * 60_000); // 09:10
      const before = cards();
      await h.tick(clock.now);
      sentOn.set(beijingDate(clock.now), cards() - before);
    }
    const weekend = [...sentOn].filter(([d]) => [0, 6].includes(new Date(`${d}T12:00:00+08:00`).getDay()));
    expect(weekend.length).toBe(8);
    expect(weekend.filter(([, n]) => n > 0)).toEqual([]);
    // One 催办 card a working day at most — no renewal of each older copy beside it.
    expect([...sentOn].filter(([, n]) => n > 1)).toEqual([]);
    expect([...sentOn.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(10);

    // Education signs on day 28: every copy finance holds is redrawn or left alone, none sent afresh.
    const before = cards();
    const ack = cardsIn(h, 'cao-min').findLast((c) => cardText(c.content).includes('I0001'))!;
    await tap(h, 'cao-min', ack.messageId, buttonValue(ack.content, '签收'));
    await h.settle();
    expect(cards()).toBe(before);
    expect(h.bot.sender.stats().failed).toBe(0);
  });
  it('a card that would pass Feishu’s 14 days over a weekend is renewed on the Friday before', async () => {
    // Sunday 2026-11-29: the report card reaches 14 days on Sunday 12-13, before Monday's first tick.
    const sunday = new Date('2026-11-29T10:00:00+08:00');
    clock.now = sunday;
    await h.say('chen-lixin', '/批示 牵头:区财政局 复杂 请研究老旧小区改造资金');
    const ack = cardsIn(h, 'yang-fan').at(-1)!;
    await tap(h, 'yang-fan', ack.messageId, buttonValue(ack.content, '签收'), { responsible: 'zhu-li' });
    const reportCard = cardsIn(h, 'zhu-li').at(-1)!;
    const renewedOn: string[] = [];
    for (let d = 1; d <= 15; d++) {
      clock.now = new Date(sunday.getTime() + d * DAY + 30 * 60_000);
      const before = cardsIn(h, 'zhu-li').length;
      await h.tick(clock.now);
      if (cardsIn(h, 'zhu-li').length > before) renewedOn.push(beijingDate(clock.now));
    }
    expect(renewedOn).toEqual(['2026-12-11']);
    expect(cardText(h.lark.currentContent(reportCard.messageId))).toContain(RETIRED_NOTE);
    expect(h.bot.sender.stats().failed).toBe(0);
  });
});

describe('in a district of 40 units and 500 people', () => {
  const orgFile = writeOtherOrg();
  const { h } = harnessEachTest(NOW, { orgFile });

  /** Approved head's-office topics of 40 units, as the domain decides them (the head picked a date). */
  async function fortyTopics(hh: Harness) {
    const env: Env = {
      now: NOW,
      today: beijingDate(NOW),
      org: hh.org,
      calendar: createCalendar(),
      away: () => undefined,
    };
    const items: TopicItem[] = [];
    for (let k = 0; k < 40; k++) {
      const unit = `u${k}`;
      const submitter = hh.org.department(unit)!.mainHead;
      const v = validateTopic(
        {
          meeting: 'head_office',
          unit,
          title: `关于第${k}项工作的请示（${'材料'.repeat(20)}）`,
          background: '背景',
          problems: '问题',
          matters: '事项',
          solution: '方案',
          recommendation: '建议',
          legal: 'no',
          major: 'no',
          deputy: `u${k}-d1`,
        },
        submitter,
        hh.org,
        env.today,
      );
      if (!v.ok) throw new Error(v.problems.join());
      const t0 = submitTopic(`T${String(k + 1).padStart(4, '0')}`, submitter, v.value, env);
      if (!t0.ok) throw new Error(t0.reason);
      let item = t0.item;
      for (const step of item.steps) {
        const actor = step.parties[0]!;
        const t = decideTopic(
          item,
          { stepId: step.id, round: 1, actor, answer: 'approve' },
          env,
          '2026-12-10',
        );
        if (!t.ok) throw new Error(`${step.id}: ${t.reason}`);
        item = t.item;
      }
      items.push(item);
    }
    await hh.store.transact((d) => {
      for (const it of items) d.items[it.id] = it;
    });
  }

  it('the /会议纪要 form stays within 200 elements with 40 units and 40 topics; units are typed by name', async () => {
    await fortyTopics(h);
    await h.say('o-director', '/会议纪要');
    const form = cardsIn(h, 'o-director').at(-1)!;
    expect(elements(form.content)).toBeLessThanOrEqual(CARD_LIMITS.elements);
    expect(JSON.stringify(form.content)).toContain('T0040');

    const r = await tap(h, 'o-director', form.messageId, buttonValue(form.content, '登记并开始纪要流程'), {
      meeting: 'head_office',
      heldOn: '2026-11-25 +0800',
      topics: ['T0001', 'T0005'],
      drafter: '区发展和改革局（区粮食局）',
      decision1: '同意实施',
      lead1: '发展和改革局',
      decision2: '同意拨付',
      lead2: '区不存在局',
    });
    expect(r.toast.type).toBe('error');
    expect(r.toast.content).toContain('没有找到第2项的牵头单位“区不存在局”');
    const again = await tap(
      h,
      'o-director',
      form.messageId,
      buttonValue(form.content, '登记并开始纪要流程'),
      {
        meeting: 'head_office',
        heldOn: '2026-11-25 +0800',
        topics: ['T0001'],
        drafter: '区发展和改革局（区粮食局）',
        decision1: '同意实施',
        lead1: '发展和改革局',
      },
    );
    expect(again.toast.type, again.toast.content).toBe('success');
    const minutes = Object.values(h.store.data.items).find((it) => it.kind === 'minutes')!;
    expect(minutes.fields).toMatchObject({ drafter: 'u4', decisions: [{ leadDepartment: 'u4' }] });
  });

  it('a unit whose name ends in “）” is bold on the 签收 card, never shown with asterisks', async () => {
    await h.say('o-v4', '/批示 牵头:区发展和改革局（区粮食局） 请研究粮食储备');
    const ack = cardsIn(h, 'u4-main').at(-1)!;
    const md = markdowns(ack.content);
    expect(md.join('\n')).toContain('**区发展和改革局（区粮食局）** ');
    for (const m of md) expect(boldProblems(m)).toEqual([]);
  });
});
