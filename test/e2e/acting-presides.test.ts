import { describe, expect, it } from 'vitest';
import type { LeaveItem } from '../../src/domain/leave/types.ts';
import { buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';
import { writeOtherOrg } from '../helpers/other-org.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');

const HEAD = 'zhou-jianguo';
const EXEC = 'liu-zhiqiang'; // no AB partner in the example district
const DESIGNATED = 'wang-lihua'; // the org file's designatedPresider
const CHOSEN = 'chen-lixin';
const DIRECTOR = 'li-mingyuan';
const DEPT_HEAD = 'cao-min';

const texts = (h: ReturnType<typeof harnessEachTest>['h'], who: string) =>
  h
    .inbox(who)
    .filter((m) => m.msgType === 'text')
    .map((m) => (m.content as { text: string }).text);

describe('§8 who presides is derived from the leave records, and every notice names that person', () => {
  const { h, clock } = harnessEachTest(NOW);
  const leaders = () => texts(h, h.org.chat('leaders').chatId);
  const approveLast = async (who: string) => {
    const c = cardsIn(h, who).at(-1)!;
    return tap(h, who, c.messageId, buttonValue(c.content, '同意'));
  };

  it('the executive vice head away, then the head leaves naming a vice head: that vice head presides and is told before the absence', async () => {
    await h.say(EXEC, '/请假 12月1日至12月4日 北京 学习');
    await approveLast(HEAD);
    expect(leaders().at(-1)).toContain('12月1日至12月4日由 周建国 代行其分管工作（区长）');

    await h.say(HEAD, '/请假 12月3日至12月5日 沈阳 汇报工作 主持:陈立新');
    const head = Object.values(h.store.data.items).find(
      (i) => i.kind === 'leave' && i.submitter === HEAD,
    ) as LeaveItem;
    expect(head.fields.presider).toBe(CHOSEN);
    // The group is told who really presides each day: not the absent executive vice head.
    expect(leaders().some((t) => t.includes('【领导外出通报】区长周建国'))).toBe(true);
    const notice = leaders().find((t) => t.includes('【领导外出通报】区长周建国'))!;
    expect(notice).toContain(
      '12月3日至12月4日由 陈立新 主持区政府日常工作（区长指定）；12月5日由 刘志强 主持区政府日常工作',
    );
    // The chosen vice head is told at once — days before the absence begins.
    expect(texts(h, CHOSEN).join('\n')).toContain(
      '12月3日至12月4日由您主持区政府日常工作（§8：区长、常务副区长均不在阜，由区长指定）',
    );
    expect(texts(h, DESIGNATED).join('\n')).not.toContain('主持区政府日常工作');
    // The executive vice head's own arrangement changed too (the head can not cover while away).
    expect(leaders().at(-1)).toContain('【代行安排调整】常务副区长刘志强');
    expect(leaders().at(-1)).toContain('12月3日至12月4日由 陈立新 代行其分管工作');
    expect(texts(h, CHOSEN).join('\n')).toContain('12月3日至12月4日由您代行其分管工作');

    // On 12-03 a step waiting on the head goes to the chosen vice head, named as such.
    clock.now = new Date('2026-12-03T09:00:00+08:00');
    await h.say(DEPT_HEAD, '/在岗');
    expect(h.lastText(DEPT_HEAD)).toContain(
      '周建国（区长）离阜外出（沈阳），至12月5日，由 陈立新代行（区长指定）',
    );
    expect(h.lastText(DEPT_HEAD)).toContain('刘志强（常务副区长）离阜外出（北京），至12月4日，由 陈立新代行');
  });

  it('the head away first, then the executive vice head: the designated vice head is told when the second leave stands', async () => {
    await h.say(HEAD, '/请假 12月1日至12月5日 沈阳 汇报工作');
    expect(texts(h, EXEC).join('\n')).toContain('12月1日至12月5日由您主持区政府日常工作（§8）');
    await h.say(EXEC, '/请假 12月2日至12月3日 北京 学习');
    const pending = Object.values(h.store.data.items).find(
      (i) => i.kind === 'leave' && i.submitter === EXEC,
    ) as LeaveItem;
    // Pending, the head's card already says who would act: the designated vice head, not the absent head.
    expect(pending.fields.acting).toEqual([
      { from: '2026-12-02', to: '2026-12-03', holder: DESIGNATED, reason: 'designated_presides' },
    ]);
    const card = cardsIn(h, HEAD).at(-1)!;
    expect(cardText(card.content)).toContain(
      '**代行安排**（如获批准）：12月2日至12月3日由 王丽华 代行其分管工作',
    );
    expect(texts(h, DESIGNATED).join('\n')).not.toContain('主持');

    await approveLast(HEAD);
    expect(leaders().at(-1)).toContain('【代行安排调整】区长周建国');
    expect(leaders().at(-1)).toContain(
      '12月1日由 刘志强 主持区政府日常工作；12月2日至12月3日由 王丽华 主持区政府日常工作（区长指定）；12月4日至12月5日由 刘志强 主持区政府日常工作',
    );
    expect(texts(h, DESIGNATED).join('\n')).toContain('12月2日至12月3日由您主持区政府日常工作');
    // The head's own leave card shows the new plan.
    const headLeave = Object.values(h.store.data.items).find(
      (i) => i.kind === 'leave' && i.submitter === HEAD,
    ) as LeaveItem;
    expect(headLeave.fields.acting?.map((x) => x.holder)).toEqual([EXEC, DESIGNATED, EXEC]);
  });

  it('the office director’s leave goes to the vice head over the government office, then the head (§71)', async () => {
    await h.say(DIRECTOR, '/请假 11月28日至11月30日 北京 学习');
    const item = Object.values(h.store.data.items).find((i) => i.submitter === DIRECTOR) as LeaveItem;
    expect(item.steps.map((s) => [s.title, s.parties])).toEqual([
      ['分管副区长审批', [EXEC]],
      ['区长审批', [HEAD]],
    ]);
    expect(item.fields.late).toBe(true);
    expect(cardText(cardsIn(h, EXEC).at(-1)!.content)).toContain('⚠ 迟报：§71');
    await approveLast(EXEC);
    await approveLast(HEAD);
    expect(h.store.data.items[item.id]!.status).toBe('approved');
  });
});

describe('§8 in another district: the executive vice head has an AB partner, the office director heads the office', () => {
  const { h } = harnessEachTest(NOW, { orgFile: writeOtherOrg() });
  const approveLast = async (who: string) => {
    const c = cardsIn(h, who).at(-1)!;
    return tap(h, who, c.messageId, buttonValue(c.content, '同意'));
  };

  it('the AB partner acts for the executive vice head; the head then away presides by the org default (designated)', async () => {
    await h.say('o-exec', '/请假 12月1日至12月3日 北京 学习');
    await approveLast('o-head');
    const leaders = texts(h, h.org.chat('leaders').chatId);
    expect(leaders.at(-1)).toContain(
      `12月1日至12月3日由 ${h.org.person('o-v1')!.name} 代行其分管工作（AB角）`,
    );
    expect(texts(h, 'o-v1').at(-1)).toContain('由您代行其分管工作');

    await h.say('o-head', '/请假 12月2日至12月2日 沈阳 汇报工作');
    const after = texts(h, h.org.chat('leaders').chatId);
    expect(after.join('\n')).toContain(
      `12月2日由 ${h.org.person('o-v2')!.name} 主持区政府日常工作（区长指定）`,
    );
    expect(texts(h, 'o-v2').join('\n')).toContain('12月2日由您主持区政府日常工作');
  });

  it('the office director (also the office’s main head) goes to the vice head over the office, then the head', async () => {
    await h.say('o-director', '/请假 12月7日 北京 学习');
    const item = Object.values(h.store.data.items).find((i) => i.submitter === 'o-director') as LeaveItem;
    expect(item.steps.map((s) => s.parties)).toEqual([['o-exec'], ['o-head']]);
    await approveLast('o-exec');
    expect(cardsIn(h, 'o-head')).toHaveLength(1);
  });
});
