import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { calendarCheck, connectionCheck, dataFolderCheck } from '../../src/health/checks.ts';
import type { ConnectionStatus } from '../../src/health/status.ts';
import { enqueue, textContent } from '../../src/lark/outbox.ts';
import { startWebSocket } from '../../src/lark/ws.ts';
import { createLogger } from '../../src/logger.ts';
import { type Harness, type HarnessOptions, startHarness } from '../helpers/harness.ts';

const ADMIN = { authorization: 'Bearer test-admin-token-0123456789' };
const NOW = new Date('2026-11-26T10:00:00+08:00');
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(o: HarnessOptions = {}): Promise<Harness> {
  h = await startHarness({ clock: () => NOW, ...o });
  return h;
}

async function healthz(url: string): Promise<{ status: number; body: { ok: boolean; reasons: string[] } }> {
  const r = await fetch(`${url}/healthz`);
  return { status: r.status, body: (await r.json()) as { ok: boolean; reasons: string[] } };
}

describe('/healthz tells the truth', () => {
  it('is 200 with every check listed when all is well, and /readyz says ready', async () => {
    const { url } = await start();
    const r = await healthz(url);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, reasons: [], mode: 'sandbox' });
    // The durable store (TEST_STORE=lowdb) adds the check of its data folder.
    const folder = process.env.TEST_STORE === 'lowdb' ? ['data-folder'] : [];
    expect(Object.keys((r.body as unknown as { checks: object }).checks).sort()).toEqual([
      'calendar',
      ...folder,
      'failed-messages',
      'outbox',
    ]);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, state: 'ready' });
  });

  it('503 when the long connection has been down for more than a minute (and 200 within the minute)', async () => {
    let status: ConnectionStatus = { state: 'connected', since: Date.now() - 3_600_000 };
    const { url } = await start({ bot: { connection: () => status } });
    expect((await healthz(url)).status).toBe(200);
    status = { state: 'down', since: Date.now() - 30_000 };
    expect((await healthz(url)).status).toBe(200);
    status = { state: 'down', since: Date.now() - 61_000 };
    const r = await healthz(url);
    expect(r.status).toBe(503);
    expect(r.body.reasons).toEqual([
      expect.stringMatching(/^long-connection: 飞书长连接已断开 6\d 秒，收不到消息和卡片点击/),
    ]);
    // Never connected at all counts the same.
    status = { state: 'connecting', since: Date.now() - 120_000 };
    expect((await healthz(url)).body.reasons[0]).toMatch(/飞书长连接1\d\d 秒仍未建立/);
  });

  it('the long connection’s status comes from the SDK client: a Lark it cannot reach is down after a minute', async () => {
    let now = Date.now();
    const ws = startWebSocket({
      appId: 'cli_0123456789abcdef',
      appSecret: 'x',
      domain: 'http://127.0.0.1:9', // nothing listens there
      intake: { accept: async () => ({ duplicate: false }), resume: async () => {}, idle: async () => {} },
      botOpenId: () => 'ou_bot',
      logger: createLogger('silent'),
      now: () => now,
    });
    try {
      const check = connectionCheck(ws.status);
      expect(ws.status().state).not.toBe('connected');
      expect((await check.run(now)).ok).toBe(true);
      now += 61_000;
      const r = await check.run(now);
      expect(r.ok).toBe(false);
      // Never connected: counted from the start, whether the SDK is still trying or gave up.
      expect(r.detail).toMatch(/^飞书长连接(61 秒仍未建立|已断开 61 秒)/);
    } finally {
      ws.close();
    }
  });

  it('503 when the oldest message still to send is older than the limit', async () => {
    const { url, bot, store } = await start({ bot: { outboxMaxAgeMs: 10 * 60_000 } });
    await bot.sender.stop(); // stuck: nothing goes out
    await store.transact((d) => {
      enqueue(
        d,
        { op: 'send', to: { openId: 'ou_x' }, msgType: 'text', content: textContent('x') },
        Date.now() - 11 * 60_000,
      );
    });
    const r = await healthz(url);
    expect(r.status).toBe(503);
    expect(r.body.reasons).toEqual([
      expect.stringMatching(/^outbox: 1 pending, oldest 11 min \(more than 10 min/),
    ]);
    await store.transact((d) => {
      d.outbox = [];
    });
  });

  it('503 when messages failed for good; the office lists them, retries once the cause is fixed, and the digest says so', async () => {
    const { url, lark, store, bot } = await start();
    // Someone outside the app's availability range (可用范围): Lark answers 230013, for good.
    const outsider = 'ou_newcomer_0000000000000000000000';
    await store.transact((d) => {
      enqueue(d, { op: 'send', to: { openId: outsider }, msgType: 'text', content: textContent('请审批') });
    });
    bot.sender.wake();
    await h!.settle();
    expect(store.data.outbox[0]).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/^230013 /),
    });
    expect(store.data.outbox[0]!.failedAt).toBeTypeOf('number');
    const r = await healthz(url);
    expect(r.status).toBe(503);
    expect(r.body.reasons).toEqual([
      expect.stringMatching(/^failed-messages: 1 message\(s\) failed for good \(codes 230013\)/),
    ]);

    expect((await fetch(`${url}/admin/outbox`)).status).toBe(401);
    const list = (await (await fetch(`${url}/admin/outbox`, { headers: ADMIN })).json()) as {
      failed: number;
      messages: Array<{ id: string; to: string; error: string }>;
    };
    expect(list.failed).toBe(1);
    expect(list.messages[0]).toMatchObject({
      op: 'send',
      to: outsider,
      error: expect.stringContaining('230013'),
    });

    // The digest tells the government office's group.
    await h!.tick('2026-11-26T08:30:00+08:00');
    const office = h!.org.chat('governmentOffice').chatId;
    // (The office's group may also hold the holiday calendar's notice of a provisional year.)
    const line = h!
      .inbox(office)
      .find((m) => m.msgType === 'text' && (m.content as { text: string }).text.includes('消息未送达'));
    expect((line!.content as { text: string }).text).toMatch(
      /【消息未送达】有1条消息被飞书拒收.*错误码 230013.*\/admin\/outbox/,
    );

    // The administrator widens the availability range, then retries: the same entry goes out once.
    lark.addUser({ openId: outsider, name: '新同志' });
    const bad = await fetch(`${url}/admin/outbox/retry`, {
      method: 'POST',
      headers: ADMIN,
      body: '{"ids":"x"}',
    });
    expect(bad.status).toBe(400);
    const retry = await fetch(`${url}/admin/outbox/retry`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ ids: [list.messages[0]!.id] }),
    });
    expect(await retry.json()).toEqual({ retried: 1 });
    await h!.settle();
    expect(lark.messagesIn(`oc_p2p_${outsider}`).map((m) => m.msgType)).toEqual(['text']);
    expect((await healthz(url)).status).toBe(200);
  });

  it('a failed message the office dealt with by phone can be dismissed', async () => {
    const { url, store, bot } = await start();
    await store.transact((d) => {
      enqueue(d, {
        op: 'send',
        to: { openId: 'ou_gone_000000000000000000000000' },
        msgType: 'text',
        content: textContent('x'),
      });
    });
    bot.sender.wake();
    await h!.settle();
    const id = store.data.outbox[0]!.id;
    const r = await fetch(`${url}/admin/outbox/dismiss`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ ids: [id] }),
    });
    expect(await r.json()).toEqual({ dismissed: 1 });
    expect(store.data.outbox).toEqual([]);
    expect((await healthz(url)).status).toBe(200);
  });

  it('503 when the data folder is not writable (gone, or the store’s last write failed)', async () => {
    const { url, dataDir } = await start({ store: 'lowdb' });
    let lastError: Error | undefined;
    const check = dataFolderCheck(dataDir!, () => lastError);
    expect((await check.run(Date.now())).ok).toBe(true);
    lastError = new Error('ENOSPC: no space left on device');
    expect(await check.run(Date.now())).toEqual({
      ok: false,
      detail: 'the last write failed: ENOSPC: no space left on device',
    });

    // Through the bot: the folder is unmounted or removed under it (root ignores permission bits, so a
    // chmod would prove nothing here).
    expect((await healthz(url)).status).toBe(200);
    const aside = `${dataDir}-aside`;
    renameSync(dataDir!, aside);
    writeFileSync(dataDir!, 'not a folder');
    try {
      const r = await healthz(url);
      expect(r.status).toBe(503);
      expect(r.body.reasons).toEqual([expect.stringMatching(/^data-folder: .* is not writable: ENOTDIR/)]);
    } finally {
      rmSync(dataDir!);
      renameSync(aside, dataDir!);
    }
  });

  it('503 when the calendar has no data for this year (or, from December, for next year)', async () => {
    const { url } = await start({ bot: { calendarStatus: () => 'none' } });
    const r = await healthz(url);
    expect(r.status).toBe(503);
    expect(r.body.reasons[0]).toMatch(/^calendar: no holiday calendar for 20\d\d/);

    const knows2026 = calendarCheck((y) => (y === 2026 ? 'official' : 'none'));
    expect(await knows2026.run(new Date('2026-11-30T12:00:00+08:00').getTime())).toEqual({
      ok: true,
      detail: '2026 official',
    });
    const dec = await knows2026.run(new Date('2026-12-01T00:10:00+08:00').getTime());
    expect(dec.ok).toBe(false);
    expect(dec.detail).toMatch(/^no holiday calendar for 2027 \(2026 official, 2027 none\)/);
    const provisional = calendarCheck((y) => (y === 2026 ? 'official' : 'provisional'));
    expect((await provisional.run(new Date('2026-12-01T00:10:00+08:00').getTime())).ok).toBe(true);
  });
});

describe('/metrics', () => {
  it('is scraped in the Prometheus text format: events, taps, commands, sends, outbox, latency, scheduler runs', async () => {
    const { url } = await start();
    await h!.say('cao-min', '/请假 12月1日 北京 培训');
    await h!.say('cao-min', '/我是谁');
    await h!.say('cao-min', '/不存在的命令');
    // A tap: the supervising leader approves the leave.
    const { cardsIn, buttonValue } = await import('../helpers/cards.ts');
    const [card] = cardsIn(h!, 'sun-haiyan');
    const value = buttonValue(card!.content, '同意');
    await h!.events.tapCard({
      operator: h!.who('sun-haiyan').openId,
      messageId: card!.messageId,
      chatId: `oc_p2p_${h!.who('sun-haiyan').openId}`,
      value,
    });
    await h!.settle();
    await h!.tick('2026-11-26T08:30:00+08:00');

    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const value_ = (name: string, labels: Record<string, string> = {}) => {
      const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
      const line = text
        .split('\n')
        .find((l) =>
          l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? want.every((w) => l.includes(w)) : false,
        );
      return line ? Number(line.split(' ').at(-1)) : undefined;
    };
    expect(value_('govbot_events_total', { kind: 'message', duplicate: 'false' })).toBe(3);
    expect(value_('govbot_events_total', { kind: 'card', duplicate: 'false' })).toBe(1);
    expect(value_('govbot_commands_total', { command: 'leave', outcome: 'ok' })).toBe(1);
    expect(value_('govbot_commands_total', { command: 'whoami', outcome: 'ok' })).toBe(1);
    expect(value_('govbot_card_taps_total')).toBe(1);
    expect(value_('govbot_card_tap_seconds_count')).toBe(1);
    expect(value_('govbot_event_ack_seconds_count', { kind: 'message' })).toBe(3);
    expect(value_('govbot_event_ack_seconds_bucket', { kind: 'card', le: '+Inf' })).toBe(1);
    expect(value_('govbot_lark_requests_total', { api: 'reply', code: '0' })).toBeGreaterThanOrEqual(3);
    expect(value_('govbot_lark_requests_total', { api: 'send', code: '0' })).toBeGreaterThanOrEqual(1);
    expect(value_('govbot_outbox_depth', { status: 'pending' })).toBe(0);
    expect(value_('govbot_outbox_depth', { status: 'failed' })).toBe(0);
    expect(value_('govbot_outbox_oldest_pending_seconds')).toBe(0);
    expect(value_('govbot_scheduler_runs_total', { job: 'daily-digest', result: 'ran' })).toBe(1);
    expect(text).toContain('# TYPE govbot_event_ack_seconds histogram');
  });

  it('counts the Approval Center’s calls by API beside the messages (approval.*), and its periodic job', async () => {
    const { url } = await start({ approvalCenter: true });
    await h!.say('cao-min', '/请假 12月1日 北京 培训');
    await h!.tick('2026-11-26T10:05:00+08:00');
    const text = await (await fetch(`${url}/metrics`)).text();
    // One definition per kind with decisions, upserted at start; the leave synced as an instance.
    expect(text).toMatch(/^govbot_lark_requests_total\{api="approval\.upsertDefinition",code="0"\} 5$/m);
    expect(text).toMatch(/^govbot_lark_requests_total\{api="approval\.syncInstance",code="0"\} [1-9]\d*$/m);
    expect(text).toMatch(/^govbot_lark_requests_total\{api="send",code="0"\} [1-9]\d*$/m);
    expect(text).toMatch(/^govbot_scheduler_runs_total\{job="approval-center",result="ran"\} 1$/m);
  });

  it('counts Lark failures by API and code', async () => {
    const { url, store, bot } = await start();
    await store.transact((d) => {
      enqueue(d, {
        op: 'send',
        to: { openId: 'ou_nobody_00000000000000000000000' },
        msgType: 'text',
        content: textContent('x'),
      });
    });
    bot.sender.wake();
    await h!.settle();
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^govbot_lark_failures_total\{api="send",code="230013"\} 1$/m);
    expect(text).toMatch(/^govbot_outbox_depth\{status="failed"\} 1$/m);
  });
});
