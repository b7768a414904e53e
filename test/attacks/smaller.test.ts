import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createCalendar } from '../../src/domain/calendar.ts';
import type { InstructionItem } from '../../src/domain/instruction/types.ts';
import { AUDIT_SHEET } from '../../src/export/audit-xlsx.ts';
import { createLogger } from '../../src/logger.ts';
import { createSandboxClock } from '../../src/sandbox/clock.ts';
import { createSandboxWeb } from '../../src/sandbox/web/server.ts';
import { buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { BOT_NAME, type Harness, startHarness } from '../helpers/harness.ts';

// Issue 12, point 8. The admin token's comparison is observed through node:crypto: it must go through
// timingSafeEqual (a plain !== returns sooner the earlier a guess goes wrong).
const safeEqualCalls = vi.hoisted(() => ({ n: 0 }));
vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      safeEqualCalls.n++;
      return real.timingSafeEqual(a, b);
    },
  };
});

const NOW = new Date('2026-11-26T10:00:00+08:00');
let h: Harness | undefined;
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
  await h?.stop();
  h = undefined;
});

describe('the admin token', () => {
  it('is compared in constant time, and only the exact token opens /admin/tick', async () => {
    h = await startHarness({ clock: () => NOW, adminToken: 'admin-token-0123456789' });
    const tick = (auth: string) =>
      fetch(`${h!.url}/admin/tick`, { method: 'POST', headers: { authorization: auth }, body: '{}' });
    const before = safeEqualCalls.n;
    for (const wrong of ['Bearer admin-token-012345678', 'Bearer admin-token-01234567890', 'Bearer x', ''])
      expect((await tick(wrong)).status).toBe(401);
    expect((await tick('Bearer admin-token-0123456789')).status).toBe(200);
    expect(safeEqualCalls.n - before).toBeGreaterThanOrEqual(5);
  });
});

describe('the data folder', () => {
  it('and its archive are created readable by the bot’s own user only (0700)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'govbot-perm-'));
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    const dataDir = join(root, 'data');
    h = await startHarness({ clock: () => NOW, store: 'lowdb', dataDir });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(existsSync(join(dataDir, 'archive'))).toBe(true);
    expect(statSync(join(dataDir, 'archive')).mode & 0o777).toBe(0o700);
  });
});

describe('the sandbox page', () => {
  it('answers only to localhost or an IP address (DNS rebinding)', async () => {
    const calendar = createCalendar();
    const clock = createSandboxClock(calendar);
    clock.set(NOW);
    h = await startHarness({ clock: () => clock.now() });
    const web = createSandboxWeb({
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
    const server: Server = createServer((req, res) => web.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => {
      web.close();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    });
    const port = (server.address() as AddressInfo).port;
    const get = async (host: string, path = '/sandbox/api/state') => {
      const { request } = await import('node:http');
      return new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    };
    expect(await get(`attacker.example:${port}`)).toBe(403);
    expect(await get(`rebind.attacker.example`)).toBe(403);
    expect(await get(`attacker.example:${port}`, '/')).toBe(403);
    expect(await get(`127.0.0.1:${port}`)).toBe(200);
    expect(await get(`localhost:${port}`)).toBe(200);
    expect(await get(`[::1]:${port}`)).toBe(200);
  });
});

describe('a supervision-office 销号', () => {
  it('is recorded as the supervision office’s act, never §8 代, and the issuing leader is told both ways', async () => {
    h = await startHarness({ clock: () => NOW });
    const hh = h;
    await hh.say('chen-lixin', '/批示 牵头:区财政局 请研究老旧小区改造资金');
    const ack = cardsIn(hh, 'yang-fan').at(-1)!;
    await tap(hh, 'yang-fan', ack.messageId, buttonValue(ack.content, '签收'), { responsible: 'zhu-li' });
    const report = async (text: string) => {
      await hh.say('zhu-li', `/反馈 I0001 办结 ${text}`);
      const review = cardsIn(hh, 'yang-fan')
        .map((m) => ({ messageId: m.messageId, content: hh.lark.currentContent(m.messageId) }))
        .filter((m) => cardText(m.content).includes('审定通过并上报'))
        .at(-1)!;
      await tap(hh, 'yang-fan', review.messageId, buttonValue(review.content, '审定通过并上报'));
    };
    const groupCard = () => {
      const c = cardsIn(hh, hh.org.chat('supervision').chatId).at(-1)!;
      return { messageId: c.messageId, content: hh.lark.currentContent(c.messageId) };
    };
    await report('已研究');
    let g = groupCard();
    await tap(hh, 'zheng-hong', g.messageId, buttonValue(g.content, '退回重办'), {
      comment: '请补充资金来源',
    });
    expect(hh.lastText('chen-lixin')).toContain('已由 督查室 郑红 退回牵头部门重办：请补充资金来源');

    await report('已研究，资金来源已落实');
    g = groupCard();
    await tap(hh, 'zheng-hong', g.messageId, buttonValue(g.content, '验收销号'));
    const it0 = hh.store.data.items.I0001 as InstructionItem;
    expect(it0.status).toBe('closed');
    expect(it0.trail.at(-1)).toMatchObject({
      actor: 'zheng-hong',
      capacity: 'supervision',
      action: 'close_out',
    });
    expect(it0.trail.every((t) => t.action !== 'close_out' || t.onBehalfOf === undefined)).toBe(true);
    expect(hh.lastText('chen-lixin')).toContain('已经 督查室 郑红 验收，予以销号');
    expect(cardText(hh.lark.currentContent(g.messageId))).not.toContain('代 陈立新');

    // The audit export (issue 13) names it the same way, and counts no 代批.
    await hh.say('zheng-hong', '/留痕导出 2026-11-01 2026-12-31');
    expect(hh.lastText('zheng-hong')).toContain('（其中代批0条）');
    const file = hh.inbox('zheng-hong').findLast((m) => m.msgType === 'file')!;
    const stored = hh.lark.files.get((file.content as { file_key: string }).file_key)!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(stored.bytes as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.getWorksheet(AUDIT_SHEET)!.eachRow((r) => {
      rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    const closeOuts = rows.filter((r) => r[1] === 'I0001' && (r[5] === '验收销号' || r[5] === '退回办理'));
    expect(closeOuts.map((r) => [r[6], r[7]])).toEqual([
      ['督查室 郑红', ''],
      ['督查室 郑红', ''],
    ]);
  });
});
