import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createCalendar } from '../../src/domain/calendar.ts';
import { owing } from '../../src/domain/engine/engine.ts';
import { createLogger } from '../../src/logger.ts';
import { createSandboxClock, type SandboxClock } from '../../src/sandbox/clock.ts';
import type { FeedEvent, FeedMessage } from '../../src/sandbox/web/feed.ts';
import { createSandboxWeb, type SandboxWeb } from '../../src/sandbox/web/server.ts';
import { buttonValue, cardText } from '../helpers/cards.ts';
import { BOT_NAME, type Harness, startHarness } from '../helpers/harness.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');

let h: Harness;
let clock: SandboxClock;
let web: SandboxWeb;
let server: Server;
let base: string;
let stream: AbortController;
let events: FeedEvent[];

beforeEach(async () => {
  const calendar = createCalendar();
  clock = createSandboxClock(calendar);
  clock.set(NOW);
  h = await startHarness({ clock: () => clock.now() });
  web = createSandboxWeb({
    lark: h.lark,
    events: h.events,
    org: h.org,
    calendar,
    store: h.store,
    clock,
    bot: h.bot,
    commands,
    botName: BOT_NAME,
    logger: createLogger('silent'),
  });
  server = createServer((req, res) => (web.owns(req.url) ? web.handle(req, res) : res.end('bot')));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  events = [];
  stream = new AbortController();
  void readEvents(stream.signal);
});
afterEach(async () => {
  stream.abort();
  web.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await h.stop();
});

async function readEvents(signal: AbortSignal) {
  const res = await fetch(`${base}/sandbox/api/events`, { signal });
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as FeedEvent);
      }
    }
  } catch {
    // aborted at the end of the test
  }
}

async function post(path: string, body: unknown = {}, type = 'application/json') {
  const res = await fetch(`${base}/sandbox/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const messages = async () =>
  ((await (await fetch(`${base}/sandbox/api/messages`)).json()) as { messages: FeedMessage[] }).messages;
const p2p = (id: string) => `oc_p2p_${h.who(id).openId}`;
const cardsIn = async (chatId: string) =>
  (await messages()).filter((m) => m.chatId === chatId && m.msgType === 'interactive');

describe('the sandbox page’s server', () => {
  it('serves the page and its files; nothing outside the page folder', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/sandbox/static/app.js">');
    const js = await fetch(`${base}/sandbox/static/card.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    for (const path of [
      '/sandbox/static/..%2Fserver.ts',
      '/sandbox/static/card.d.ts',
      '/sandbox/static/none.js',
    ]) {
      expect((await fetch(`${base}${path}`)).status).toBe(404);
    }
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('bot');
  });

  it('lists everyone once, leaders first then each department; the three groups; who may use which command', async () => {
    const state = (await (await fetch(`${base}/sandbox/api/state`)).json()) as {
      people: Array<{ id: string; role: string }>;
      groups: Array<{ label: string; people: string[] }>;
      chats: Array<{ name: string; members: string[] }>;
      commands: Array<{ word: string; who?: string[] }>;
    };
    expect(state.groups[0]).toEqual({
      label: '区政府领导',
      people: [
        'zhou-jianguo',
        'liu-zhiqiang',
        'wang-lihua',
        'chen-lixin',
        'zhao-wenbo',
        'sun-haiyan',
        'li-mingyuan',
      ],
    });
    expect(state.groups[1]).toEqual({ label: '区政府办公室', people: ['ma-jun', 'gao-ya', 'he-xin'] });
    const listed = state.groups.flatMap((g) => g.people);
    expect(listed).toHaveLength(h.org.people().length);
    expect(new Set(listed).size).toBe(listed.length);
    expect(state.people.find((p) => p.id === 'cao-min')?.role).toBe('区教育局 主要负责人');
    expect(state.chats.map((c) => c.name)).toEqual([
      '区政府领导群',
      '区政府督查室工作群',
      '区政府办公室工作群',
    ]);
    expect(state.commands.find((c) => c.word === '请假')?.who).toBeUndefined();
  });

  it("a message sent without a chat named goes to the person's one-to-one chat with the bot", async () => {
    expect((await post('send', { as: 'cao-min', text: '/我是谁' })).status).toBe(200);
    await h.settle();
    expect((await messages()).filter((m) => m.chatId === p2p('cao-min')).map((m) => m.from)).toEqual([
      h.who('cao-min').openId,
      'bot',
    ]);
  });

  it('a message sent as a person reaches the bot signed and encrypted; both sides stream to the page', async () => {
    const r = await post('send', { as: 'cao-min', chatId: p2p('cao-min'), text: '/请假' });
    expect(r.status).toBe(200);
    await h.settle();
    const chat = (await messages()).filter((m) => m.chatId === p2p('cao-min'));
    expect(chat.map((m) => [m.from, m.msgType])).toEqual([
      [h.who('cao-min').openId, 'text'],
      ['bot', 'interactive'],
    ]);
    expect(chat[1]!.at).toBe(chat[1]!.at); // stamped with the sandbox clock
    expect(Math.abs(chat[1]!.at - NOW.getTime())).toBeLessThan(10_000);
    await expect.poll(() => events.filter((e) => e.type === 'message').length).toBe(2);
  });

  it('in a group the bot answers only when @mentioned; a person can not post where they are not a member', async () => {
    const office = h.org.chat('governmentOffice').chatId;
    expect(
      (await post('send', { as: 'cao-min', chatId: office, text: '/帮助', mentionBot: true })).status,
    ).toBe(403);
    await post('send', { as: 'ma-jun', chatId: office, text: '/我是谁' });
    await h.settle();
    expect(h.lark.messagesIn(office)).toHaveLength(0);
    await post('send', { as: 'ma-jun', chatId: office, text: '/我是谁', mentionBot: true });
    await h.settle();
    expect(h.lark.messagesIn(office)).toHaveLength(1);
    const [, mentioned] = (await messages()).filter((m) => m.chatId === office && m.from !== 'bot');
    expect(mentioned!.content).toEqual({ text: '@_user_1 /我是谁' });
  });

  it('a tap answers with the toast, the returned card replaces the tapped one for every page, refusals stay put', async () => {
    await post('send', { as: 'cao-min', chatId: p2p('cao-min'), text: '/请假' });
    await h.settle();
    const [form] = await cardsIn(p2p('cao-min'));
    const submit = buttonValue(form!.content, '提交');
    // Someone who can not see the card can not tap it.
    expect((await post('tap', { as: 'sun-haiyan', messageId: form!.id, value: submit })).status).toBe(403);
    const r = await post('tap', {
      as: 'cao-min',
      messageId: form!.id,
      value: submit,
      formValue: {
        type: 'out_of_city',
        start: '2026-12-01 +0800',
        end: '2026-12-03 +0800',
        destination: '北京',
        reason: '参加省厅培训',
      },
    });
    expect(r.json.toast).toEqual({ type: 'success', content: '已提交 Q0001' });
    await h.settle();
    const [tracker] = await cardsIn(p2p('cao-min'));
    expect(cardText(tracker!.content)).toContain('我的请假');
    expect(events).toContainEqual(expect.objectContaining({ type: 'card', messageId: form!.id }));

    const [vh] = await cardsIn(p2p('sun-haiyan'));
    const wrong = await post('tap', {
      as: 'sun-haiyan',
      messageId: vh!.id,
      value: buttonValue(vh!.content, '不同意'),
    });
    expect(wrong.json.toast).toEqual({ type: 'warning', content: '选择“不同意”时请填写理由。' });
    const ok = await post('tap', {
      as: 'sun-haiyan',
      messageId: vh!.id,
      value: buttonValue(vh!.content, '同意'),
      formValue: { comment: '' },
    });
    expect(ok.json.toast).toEqual({ type: 'success', content: '已同意' });
    await h.settle();
    // The bot's patch reaches every page: the tracker shows the vice head's answer.
    await expect
      .poll(async () => cardText((await cardsIn(p2p('cao-min')))[0]!.content))
      .toContain('孙海燕 **同意**');
  });

  it('refuses what is not JSON (a cross-site form can not drive it) and unknown routes', async () => {
    expect((await post('reset', {}, 'text/plain')).status).toBe(415);
    expect((await post('nope')).status).toBe(404);
    expect((await post('tap', { as: 'cao-min', messageId: 'om_x', value: 'str' })).status).toBe(400);
  });

  it('next working day 08:30 moves the clock by the calendar and runs the jobs; reset empties everything', async () => {
    clock.set(new Date('2026-11-27T15:00:00+08:00')); // a Friday
    const r = await post('clock/next-morning');
    expect((r.json.toast as { content: string }).content).toMatch(
      /^沙箱时间已调到 11月30日（周一）08:30。已运行：.*督办日报/,
    );
    expect(events).toContainEqual({ type: 'clock', offsetMs: clock.offsetMs });
    await h.settle();
    const leaders = await cardsIn(h.org.chat('leaders').chatId);
    expect(leaders.filter((m) => cardText(m.content).includes('督办日报 · 11月30日'))).toHaveLength(1);
    expect((await post('clock/tick')).json.toast).toEqual({
      type: 'success',
      content: '没有新到点的每日任务（今天已运行过或未到时间）',
    });

    await post('reset');
    expect(await messages()).toEqual([]);
    expect(h.store.data.jobRuns).toEqual({});
    expect(Math.abs(clock.offsetMs)).toBe(0);
    expect(events.at(-2)).toEqual({ type: 'reset' });
  });

  it('demo data: a realistic morning driven through the real commands — leaves in every state, overdue work, the digest', async () => {
    const r = await post('demo');
    expect(r.status).toBe(200);
    const report = r.json.report as { today: string; done: number; skipped: string[] };
    expect(report).toMatchObject({ today: '2026-11-26', skipped: [] });
    expect(report.done).toBeGreaterThan(40);
    const items = Object.values(h.store.data.items);
    const leaves = items.filter((i) => i.kind === 'leave');
    expect(new Set(leaves.map((l) => l.status))).toEqual(
      new Set(['approved', 'in_progress', 'rejected', 'withdrawn']),
    );
    const kinds = new Set(items.map((i) => i.kind));
    for (const k of ['leave', 'duty', 'instruction', 'topic']) expect(kinds).toContain(k);
    const overdue = items.filter((i) =>
      i.steps.some(
        (s) => s.status === 'active' && s.deadline && s.deadline.due < report.today && owing(s).length > 0,
      ),
    );
    expect(overdue.length).toBeGreaterThanOrEqual(5);
    // 孙海燕 has a leave card to approve on behalf of the absent 赵文博 (§8 代批).
    const proxy = (await cardsIn(p2p('sun-haiyan'))).map((m) => cardText(m.content));
    expect(proxy.some((t) => t.includes('您正代 赵文博 办理'))).toBe(true);
    // The morning digest, with its chart, in the leaders' group; the clock stands at 09:00.
    const digest = (await cardsIn(h.org.chat('leaders').chatId)).find((m) =>
      cardText(m.content).includes('督办日报'),
    );
    expect(JSON.stringify(digest?.content)).toContain('"tag":"chart"');
    expect(clock.now().toISOString()).toMatch(/^2026-11-26T01:0/);
  }, 60_000);
});
