import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeaveItem } from '../../src/domain/leave/types.ts';
import { buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const DEPT_HEAD = 'cao-min'; // 区教育局 主要负责人
const VICE_HEAD = 'sun-haiyan';
const HEAD = 'zhou-jianguo';

const AT_ALL = '<at id=all></at>';
const MARKDOWN = '**北京**[点我](https://evil.example)';

let h: Harness;
let now = NOW;
/** Every card the bot returned in answer to a tap (they reach the user without passing the outbox). */
let tapped: unknown[] = [];
beforeEach(async () => {
  now = NOW;
  tapped = [];
  h = await startHarness({ clock: () => now });
});
afterEach(async () => {
  // Whatever was typed, nothing the bot sent or redrew carries a live mention.
  const sent = h.lark.messages.flatMap((m) => [m.content, ...m.patches.map((p) => p.content)]);
  for (const c of [...sent, ...tapped]) expect(JSON.stringify(c)).not.toContain('<at');
  await h.stop();
});

const item = (id: string) => h.store.data.items[id] as LeaveItem;
const lastCard = (who: string) => cardsIn(h, who).at(-1)!;
async function tapAndKeep(...args: Parameters<typeof tap>) {
  const r = await tap(...args);
  if (r.card) tapped.push(r.card.data);
  return r;
}

describe('bad input gets a clear answer in Chinese and files nothing', () => {
  it.each([
    ['end before start', '/请假 12月3日至12月1日 北京 参加培训', /结束日期早于开始日期/],
    ['a date that does not exist', '/请假 2月30日 北京 参加培训', /日期有误：.*2月.*30日/],
    ['no date at all', '/请假 北京 参加培训', /没有看懂请假日期/],
  ])('%s → a usage reply showing both forms', async (_n, line, re) => {
    await h.say(DEPT_HEAD, line);
    const reply = h.lastText(DEPT_HEAD);
    expect(reply).toMatch(re);
    expect(reply).toContain('/请假 12月1日至12月3日 北京 参加培训');
    expect(reply).toContain('打开请假表单');
    expect(h.store.data.items).toEqual({});
  });

  it.each([
    ['a past start date', '/请假 2026-11-20 北京 参加培训', '开始日期11月20日已经过去'],
    ['a 2,000-character reason', `/请假 12月1日 北京 ${'长'.repeat(2000)}`, '事由最多300字，您填写了2000字'],
  ])('%s → the form comes back filled, with the problem', async (_n, line, problem) => {
    await h.say(DEPT_HEAD, line);
    const form = lastCard(DEPT_HEAD).content;
    expect(cardText(form)).toContain(problem);
    expect(JSON.stringify(form)).toContain('"default_value":"北京"');
    // The refilled reason fits the input's own limit, or Lark would refuse the card.
    for (const m of JSON.stringify(form).matchAll(/"default_value":"([^"]*)"/g)) {
      expect([...m[1]!].length).toBeLessThanOrEqual(300);
    }
    expect(h.store.data.items).toEqual({});
  });
});

describe('markdown and <at id=all> in what officials type can neither break a card nor ping anyone', () => {
  it('a department head: the approver cards show the text escaped; the rejection text is defused', async () => {
    await h.say(DEPT_HEAD, `/请假 12月1日至12月3日 ${MARKDOWN} ${AT_ALL}请 # 批准 ~~谢谢~~`);
    expect(item('Q0001').fields).toMatchObject({
      destination: MARKDOWN,
      reason: `${AT_ALL}请 # 批准 ~~谢谢~~`,
    });
    const vh = lastCard(VICE_HEAD);
    const shown = cardText(vh.content);
    expect(shown).toContain('&#42;&#42;北京&#42;&#42;&#91;点我&#93;&#40;https&#58;//evil.example&#41;');
    expect(shown).toContain('&lt;at id=all&gt;&lt;/at&gt;请 &#35; 批准 &#126;&#126;谢谢&#126;&#126;');

    const r = await tapAndKeep(h, VICE_HEAD, vh.messageId, buttonValue(vh.content, '不同意'), {
      comment: `${AT_ALL} **不行**`,
    });
    expect(r.toast.content).toBe('已退回');
    expect(h.lastText(DEPT_HEAD)).toContain('理由：＜at id=all＞＜/at＞ **不行**');
    expect(cardText(h.lark.currentContent(vh.messageId))).toContain(
      '&lt;at id=all&gt;&lt;/at&gt; &#42;&#42;不行',
    );
  });

  it('a vice head via the form: the leaders group, the AB partner and /在岗 get defused text', async () => {
    await h.say(VICE_HEAD, '/请假');
    const form = lastCard(VICE_HEAD);
    const typed = {
      type: 'out_of_city',
      start: '2026-12-01 +0800',
      end: '2026-12-03 +0800',
      destination: `${AT_ALL}# 大连`,
      reason: `招商 ${AT_ALL}`,
    };
    // A refused submission brings the typed text back, defused.
    const refused = await tapAndKeep(h, VICE_HEAD, form.messageId, buttonValue(form.content, '提交'), {
      ...typed,
      start: '2026-11-20 +0800',
    });
    expect(refused.toast.type).toBe('error');
    expect(JSON.stringify(refused.card!.data)).toContain('＜at id=all＞＜/at＞# 大连');

    const ok = await tapAndKeep(h, VICE_HEAD, form.messageId, buttonValue(form.content, '提交'), typed);
    expect(ok.toast.type).toBe('success');
    const headCard = lastCard(HEAD);
    await tapAndKeep(h, HEAD, headCard.messageId, buttonValue(headCard.content, '同意'));
    const leaders = h.inbox(h.org.chat('leaders').chatId).at(-1)!.content as { text: string };
    expect(leaders.text).toContain('（＜at id=all＞＜/at＞# 大连）');

    now = new Date('2026-12-02T09:00:00+08:00');
    await h.say(DEPT_HEAD, '/在岗');
    expect(h.lastText(DEPT_HEAD)).toContain('＜at id=all＞');
  });
});
