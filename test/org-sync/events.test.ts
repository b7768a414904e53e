import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalise } from '../../src/bot/inbound.ts';
import { wsHandlers } from '../../src/lark/ws.ts';
import { createLogger } from '../../src/logger.ts';
import { departmentEventBody } from '../../src/sandbox/contact-directory.ts';
import { sandboxDepartmentId } from '../../src/sandbox-directory.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness;
let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'govbot-contact-events-'));
  copyFileSync('data/org.example.json', join(dir, 'org.json'));
  copyFileSync('data/org.example.roles.json', join(dir, 'org.roles.json'));
  h = await startHarness({ orgFile: join(dir, 'org.json'), orgSync: true });
  await h.orgSync!.idle();
});
afterEach(async () => {
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('contact change events', () => {
  it('the four contact events become one kind of inbound; other contact events are not the bot’s', () => {
    for (const t of [
      'contact.user.created_v3',
      'contact.user.updated_v3',
      'contact.user.deleted_v3',
      'contact.department.updated_v3',
    ]) {
      expect(normalise(h.events.envelope(t, {}, { event_id: 'e1' }) as never, '')).toMatchObject({
        kind: 'directory',
        eventType: t,
        eventId: 'e1',
      });
    }
    expect(normalise(h.events.envelope('contact.department.created_v3', {}) as never, '')).toBeUndefined();
  });

  it('over the long connection, a burst of events brings one summary, and the org follows Lark', async () => {
    const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register(
      wsHandlers(h.bot.intake, h.bot.botOpenId, { logger: createLogger('silent') }),
    );
    const finance = sandboxDepartmentId('finance');
    h.lark.contact.setLeaders(finance, h.who('zhu-li').openId, [h.who('yang-fan').openId]);
    const before = h.lark.messagesIn(h.org.chat('governmentOffice').chatId).length;
    const body = departmentEventBody(h.lark.contact.department(finance)!);
    for (let i = 0; i < 5; i++)
      await dispatcher.invoke(h.events.envelope('contact.department.updated_v3', body), { needCheck: false });
    await h.orgSync!.idle();
    await h.settle();
    expect(h.org.department('finance')?.mainHead).toBe('zhu-li');
    // One refresh for the burst: one summary in the government office group.
    expect(h.lark.messagesIn(h.org.chat('governmentOffice').chatId).length - before).toBe(1);
    expect(h.store.data.inbox).toEqual([]);
  });
});
