import { describe, expect, it } from 'vitest';
import type { InstructionItem } from '../../src/domain/instruction/types.ts';
import type { MinutesItem } from '../../src/domain/minutes/types.ts';
import { buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';
import { writeOtherOrg } from '../helpers/other-org.ts';

// Monday 2026-12-28 in Beijing: the minutes are signed before New Year, the items run into 2027.
const NOW = new Date('2026-12-28T17:00:00+08:00');

/**
 * The other district: the executive vice head has an AB partner (o-v1), the office director is the
 * government office's main head, every unit name ends in "）".
 */
const { h, clock } = harnessEachTest(NOW, { orgFile: writeOtherOrg() });

const shown = (c: unknown) => cardText(c).replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));

function cardWith(who: string, text: string) {
  const c = cardsIn(h, who)
    .filter((m) => shown(h.lark.currentContent(m.messageId)).includes(text))
    .at(-1);
  if (!c) throw new Error(`no card with “${text}” for ${who}`);
  return { messageId: c.messageId, content: h.lark.currentContent(c.messageId) };
}

async function press(who: string, text: string, label: string, form?: Record<string, unknown>) {
  const c = cardWith(who, text);
  const r = await tap(h, who, c.messageId, buttonValue(c.content, label), form);
  expect(r.toast.type, `${who} ${label}: ${r.toast.content}`).toBe('success');
}

describe('§38 §56 §58 in another district, across the year end', () => {
  it('the vice heads (the executive’s AB partner among them) read the minutes, then the executive vice head, the head signs; decisions to units named “…）” are issued, signed for and closed out', async () => {
    await h.say('u0-s0', '/会议纪要');
    const form = cardsIn(h, 'u0-s0').at(-1)!;
    const r = await tap(h, 'u0-s0', form.messageId, buttonValue(form.content, '登记并开始纪要流程'), {
      meeting: 'standing',
      heldOn: '2026-12-28 +0800',
      decision1: '做好元旦春节期间困难群众慰问资金保障',
      lead1: '区财政局（区国资办）',
      co1: '区第7局（区第7中心）、区发展和改革局（区粮食局）',
      decision2: '开展节前安全生产大检查',
      lead2: '区第9局（区第9中心）',
      due2: '2027年1月8日',
    });
    expect(r.toast.type, r.toast.content).toBe('success');
    const mid = /M\d{4}/.exec(r.toast.content)![0];
    const minutes = () => h.store.data.items[mid] as MinutesItem;
    expect(minutes().steps.map((s) => `${s.id}:${s.parties.join('+')}`)).toEqual([
      'draft:u0-s0',
      'review:o-v1+o-v2+o-v3+o-v4+o-v5',
      'exec:o-exec',
      'sign:o-head',
    ]);
    expect(minutes().fields.decisions[0]).toMatchObject({ leadDepartment: 'u3', co: ['u7', 'u4'] });

    await press('u0-s0', mid, '纪要已起草，送审');
    expect(cardsIn(h, 'o-exec').filter((c) => shown(c.content).includes(mid))).toHaveLength(0);
    for (const who of ['o-v1', 'o-v2', 'o-v3', 'o-v4', 'o-v5', 'o-exec']) await press(who, mid, '同意');
    clock.now = new Date('2026-12-30T10:00:00+08:00');
    await press('o-head', mid, '同意');

    const [d1, d2] = minutes().fields.decisions.map((d) => d.item!) as [string, string];
    const item = (id: string) => h.store.data.items[id] as InstructionItem;
    // Issued Wednesday 12-30, day 1: seven days end on 2027-01-05; the date the meeting set stands.
    expect(item(d1).fields).toMatchObject({
      source: 'meeting',
      reference: '常务会议 2026-12-28 议定事项 1',
      leader: 'o-head',
      deadline: { due: '2027-01-05' },
    });
    expect(item(d1).fields.parts.map((p) => p.dept)).toEqual(['u3', 'u7', 'u4']);
    expect(item(d2).fields.deadline.due).toBe('2027-01-08');

    const ack = cardWith('u3-d1', '签收即表示');
    expect(shown(ack.content)).toContain('议定事项签收 · 区财政局（区国资办）');
    for (const [who, unit] of [
      ['u3-d1', '区财政局（区国资办）'],
      ['u7-d1', '区第7局（区第7中心）'],
      ['u4-d1', '区发展和改革局（区粮食局）'],
    ] as const) {
      await press(who, `议定事项签收 · ${unit}`, '签收', { responsible: who });
    }
    for (const k of [7, 4]) {
      await h.say(`u${k}-d1`, `/反馈 ${d1} 办结 已配合完成`);
      await press(`u${k}-main`, '审定通过并上报', '审定通过并上报');
    }
    await h.say('u3-d1', `/反馈 ${d1} 办结 慰问资金已全部拨付到位`);
    await press('u3-main', '审定通过并上报', '审定通过并上报');
    await press('o-head', '验收销号', '验收销号');
    expect(item(d1).status).toBe('closed');

    await h.say('o-director', '/台账 来源:会议 区第9局（区第9中心）');
    const ledger = shown(cardsIn(h, 'o-director').at(-1)!.content);
    expect(ledger).toContain('常务会议 2026-12-28 议定事项 2');
    expect(ledger).not.toContain('议定事项 1');
  });
});
