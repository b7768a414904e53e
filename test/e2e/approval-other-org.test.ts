import { afterEach, describe, expect, it } from 'vitest';
import { expectAgreement, instanceOf, quick, todoOf } from '../helpers/approval.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { writeOtherOrg } from '../helpers/other-org.ts';

// Tuesday 2026-12-29, 10:00: the New Year holiday starts on Friday.
const TUE = new Date('2026-12-29T10:00:00+08:00');
const ORG = writeOtherOrg();

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('another district: 40 units, 500 people, an executive vice head with an AB partner, at the year’s end', () => {
  it('the executive vice head away, his AB partner acts from the Approval Center; a late filing across the New Year; the director told as the office’s head', async () => {
    const clock = { now: new Date('2026-12-21T10:00:00+08:00') };
    h = await startHarness({ orgFile: ORG, clock: () => clock.now, approvalCenter: true });
    await h.settle();
    expect(h.org.people()).toHaveLength(500);
    expect(h.org.departments()).toHaveLength(40);

    // The executive vice head is away from the 28th; the head approves from the Approval Center.
    await h.say('o-exec', '/请假 12月28日至2027年1月5日 北京 参加培训');
    await quick(h, 'o-head', 'Q0001', 's1', 'APPROVE');
    expect(h.store.data.items.Q0001!.status).toBe('approved');

    // On the 29th the head of a unit he supervises files, two days before leaving: late (§71).
    clock.now = TUE;
    // u6 is supervised by the executive vice head (the vice heads take the units in turn).
    await h.say('u6-main', '/请假 12月31日至2027年1月3日 上海 探亲');
    const filer = h.org.person('u6-main')!.name;
    const inst = instanceOf(h, 'Q0002');
    expect(inst.title).toBe(`${filer} 离阜外出（逾期报备）`);
    expect(inst.form.slice(0, 3)).toEqual([
      { name: '时间', value: '12月31日至2027年1月3日（4天）' },
      { name: '事由', value: '离阜外出 · 上海 · 探亲' },
      { name: '申请人', value: `${filer}（局长）` },
    ]);
    expect(inst.form[3]!.value).toContain('逾期报备');
    // §8: his step is held by his AB partner, o-v1.
    expect(todoOf(h, 'o-exec')).toEqual([]);
    expect(todoOf(h, 'o-v1')).toEqual(['Q0002/s1']);
    expect([...inst.tasks.values()][0]!.title).toContain(
      `分管副区长审批（代 ${h.org.person('o-exec')!.name}）`,
    );
    expectAgreement(h, 'Q0002', clock.now);
    await quick(h, 'o-v1', 'Q0002', 's1', 'APPROVE');
    await quick(h, 'o-head', 'Q0002', 's2', 'APPROVE');
    expect(h.store.data.items.Q0002!.steps[0]!.responses[0]).toMatchObject({
      actor: 'o-v1',
      onBehalfOf: 'o-exec',
    });
    expect(instanceOf(h, 'Q0002').status).toBe('APPROVED');
    expectAgreement(h, 'Q0002', clock.now);
    // The government office files it (§71): its main head is the office director.
    const cc = h.lark.approvalCenterOf(h.who('o-director').openId).cc.map((e) => e.title);
    expect(cc).toContain(`${filer} 离阜外出（逾期报备）`);
  });
});
