import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Intake } from '../../src/bot/intake.ts';
import { createHttpApp } from '../../src/http/server.ts';
import { createLogger } from '../../src/logger.ts';

async function serve(adminToken: string | undefined, tick = async () => ({ ran: [] })) {
  const intake: Intake = {
    accept: async () => ({ duplicate: false }),
    resume: async () => {},
    idle: async () => {},
  };
  const app = createHttpApp({
    encryptKey: 'k',
    verificationToken: 't',
    adminToken,
    intake,
    botOpenId: () => 'ou_bot',
    health: () => ({ mode: 'test' }),
    tick,
    logger: createLogger('silent'),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((r) => server.close(r)) };
}

describe('operator routes', () => {
  it('/admin/* is 404 when ADMIN_TOKEN is unset', async () => {
    const s = await serve(undefined);
    const r = await fetch(`${s.url}/admin/tick`, { method: 'POST', headers: { authorization: 'Bearer x' } });
    expect(r.status).toBe(404);
    await s.close();
  });

  it('/admin/tick refuses a bad instant with a clear message and runs the jobs at a good one', async () => {
    let seen: Date | undefined;
    const s = await serve('a-long-admin-token-123', async (at?: Date) => {
      seen = at;
      return { ran: [] };
    });
    const post = (body: string) =>
      fetch(`${s.url}/admin/tick`, {
        method: 'POST',
        headers: { authorization: 'Bearer a-long-admin-token-123' },
        body,
      });
    const bad = await post('{"at":"next tuesday"}');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('not an ISO instant');
    expect((await post('not json')).status).toBe(400);
    const ok = await post('{"at":"2026-09-20T08:30:00+08:00"}');
    expect(ok.status).toBe(200);
    expect(seen?.toISOString()).toBe('2026-09-20T00:30:00.000Z');
    await s.close();
  });

  it('a request that is not JSON is refused with 400 and nothing is accepted', async () => {
    const s = await serve(undefined);
    const r = await fetch(`${s.url}/lark/events`, { method: 'POST', body: '<xml/>' });
    expect(r.status).toBe(400);
    await s.close();
  });
});
