import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createCalendar } from '../../src/domain/calendar.ts';
import { createLogger } from '../../src/logger.ts';
import { createSandboxClock } from '../../src/sandbox/clock.ts';
import { createSandboxWeb, type SandboxWeb } from '../../src/sandbox/web/server.ts';
import { BOT_NAME, type Harness, startHarness } from '../helpers/harness.ts';

const NOW = new Date('2026-11-26T10:00:00+08:00');
let h: Harness;
let web: SandboxWeb;
let server: Server;
let base: string;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'govbot-page-org-'));
  copyFileSync('data/org.example.json', join(dir, 'org.json'));
  copyFileSync('data/org.example.roles.json', join(dir, 'org.roles.json'));
  const calendar = createCalendar();
  const clock = createSandboxClock(calendar);
  clock.set(NOW);
  h = await startHarness({ clock: () => clock.now(), orgFile: join(dir, 'org.json'), orgSync: true });
  await h.orgSync!.idle();
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
    orgSync: h.orgSync,
  });
  server = createServer((req, res) => (web.owns(req.url) ? web.handle(req, res) : res.end('bot')));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  web.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = async (path: string, body: unknown = {}) => {
  const res = await fetch(`${base}/sandbox/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { toast?: unknown; error?: string } };
};
type PageState = {
  units: Array<{ id: string; mainHead: string }>;
  people: Array<{ id: string; role: string }>;
};
const state = async () => (await (await fetch(`${base}/sandbox/api/state`)).json()) as PageState;

describe('the sandbox page’s 通讯录 tools', () => {
  it('syncs from the sandbox directory, and names a unit’s new main head as Lark’s administrator would', async () => {
    expect((await post('org/refresh')).json.toast).toEqual({
      type: 'info',
      content: '已从沙箱通讯录读取 58 人、17 个单位，组织架构没有变化',
    });
    const before = await state();
    expect(before.units.find((u) => u.id === 'finance')).toMatchObject({ mainHead: 'yang-fan' });

    const r = await post('org/main-head', { unit: 'finance', person: 'zhu-li' });
    expect(r.json.toast).toEqual({
      type: 'success',
      content: '组织架构已更新：区财政局主要负责人变更（详见区政府办公室工作群）',
    });
    const after = await state();
    expect(after.units.find((u) => u.id === 'finance')).toMatchObject({ mainHead: 'zhu-li' });
    expect(after.people.find((p) => p.id === 'zhu-li')?.role).toBe('区财政局 主要负责人');
    const gov = h.lark.messagesIn(h.org.chat('governmentOffice').chatId).at(-1)?.content as { text: string };
    expect(gov.text).toContain('区财政局 主要负责人：杨帆 → 朱莉');

    expect((await post('org/main-head', { unit: 'finance', person: 'cao-min' })).json).toEqual({
      error: '请从该单位的人员中选择新的主要负责人',
    });
  });
});
