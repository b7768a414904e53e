import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaults, type FaultKind } from '../../src/sandbox/faults.ts';
import { createSandboxLark, type SandboxLark } from '../../src/sandbox/lark-server.ts';
import { APP, sdkClient, text, thrown } from './support.ts';

let sandbox: SandboxLark;
let client: lark.Client;

beforeEach(async () => {
  sandbox = createSandboxLark(APP);
  client = sdkClient(await sandbox.listen());
});
afterEach(() => sandbox.close());

const sendToGroup = (uuid?: string) =>
  client.im.v1.message.create({
    params: { receive_id_type: 'chat_id' },
    data: { receive_id: 'oc_group1', msg_type: 'text', content: text('催办'), ...(uuid ? { uuid } : {}) },
  });

describe('uuid idempotency', () => {
  it('sends at most one message per uuid and counts every request', async () => {
    const a = await sendToGroup('u-1');
    const b = await sendToGroup('u-1');
    const c = await sendToGroup('u-2');
    expect(b.data?.message_id).toBe(a.data?.message_id);
    expect(c.data?.message_id).not.toBe(a.data?.message_id);
    expect(sandbox.messages).toHaveLength(2);
    expect(sandbox.uuidHits.get('u-1')).toBe(2);
  });
});

describe('fault injection', () => {
  it('http500 throws an AxiosError and sends nothing', async () => {
    sandbox.faults.failNext('http500');
    const err = await thrown(() => sendToGroup('f-1'));
    expect(err.name).toBe('AxiosError');
    expect(err.response.status).toBe(500);
    expect(sandbox.messages).toHaveLength(0);
    expect((await sendToGroup('f-1')).code).toBe(0);
    expect(sandbox.uuidHits.get('f-1')).toBe(1);
  });

  it('rate429 throws with status 429 and the reset header', async () => {
    sandbox.faults.failNext('rate429');
    const err = await thrown(() => sendToGroup());
    expect(err.name).toBe('AxiosError');
    expect(err.response.status).toBe(429);
    expect(err.response.headers['x-ogw-ratelimit-reset']).toBe('1');
    expect(err.response.data).toEqual({ code: 99991400, msg: 'request trigger frequency limit' });
  });

  it('chat230020 throws with HTTP 400', async () => {
    sandbox.faults.failNext('chat230020');
    const err = await thrown(() => sendToGroup());
    expect(err.response.status).toBe(400);
    expect(err.response.data.code).toBe(230020);
  });

  it('code11232 resolves with the code instead of throwing', async () => {
    sandbox.faults.failNext('code11232');
    expect(await sendToGroup()).toMatchObject({ code: 11232 });
    expect(sandbox.messages).toHaveLength(0);
  });

  it('counts down and can target one operation', async () => {
    sandbox.faults.failNext('code11232', 2, ['reply']);
    const sent = await sendToGroup();
    const reply = () =>
      client.im.v1.message.reply({
        path: { message_id: sent.data?.message_id ?? '' },
        data: { msg_type: 'text', content: text('r') },
      });
    expect((await reply()).code).toBe(11232);
    expect((await reply()).code).toBe(11232);
    expect((await reply()).code).toBe(0);
    expect(sandbox.faults.injected.map((f) => f.op)).toEqual(['reply', 'reply']);
  });

  it('never breaks the token endpoint', async () => {
    sandbox.faults.failNext('http500');
    // the client's first call fetches a token, which must succeed; the send behind it takes the fault
    expect((await thrown(() => sendToGroup())).response.status).toBe(500);
    expect(sandbox.faults.injected).toEqual([expect.objectContaining({ op: 'create', kind: 'http500' })]);
  });

  it('timeout creates the message; a retry with the same uuid does not duplicate it', async () => {
    const previous = lark.defaultHttpInstance.defaults.timeout;
    lark.defaultHttpInstance.defaults.timeout = 300;
    try {
      sandbox.faults.failNext('timeout');
      const err = await thrown(() => sendToGroup('late-1'));
      expect(err.code).toBe('ECONNABORTED');
      expect(sandbox.messages).toHaveLength(1);
      const retry = await sendToGroup('late-1');
      expect(retry.data?.message_id).toBe(sandbox.messages[0]?.messageId);
      expect(sandbox.messages).toHaveLength(1);
      expect(sandbox.uuidHits.get('late-1')).toBe(2);
    } finally {
      lark.defaultHttpInstance.defaults.timeout = previous;
    }
  });

  it('close() releases a held response', async () => {
    sandbox.faults.failNext('timeout');
    const pending = thrown(() => sendToGroup());
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sandbox.close();
    const err = await pending;
    expect(err.isAxiosError).toBe(true);
    expect(err.code).toBe('ECONNRESET');
  });

  it('random faults are reproducible from the seed', () => {
    const kinds: FaultKind[] = ['http500', 'rate429', 'chat230020', 'code11232'];
    const run = (seed: number) => {
      const faults = createFaults();
      faults.setRandom({ rate: 0.3, kinds, seed });
      return Array.from({ length: 200 }, () => faults.draw('create'));
    };
    const drawn = run(42);
    expect(run(42)).toEqual(drawn);
    expect(run(7)).not.toEqual(drawn);
    const failures = drawn.filter(Boolean).length;
    expect(failures).toBeGreaterThan(30);
    expect(failures).toBeLessThan(90);
    expect(new Set(drawn.filter(Boolean))).toEqual(new Set(kinds));
  });
});

describe('rate observation', () => {
  it('flags six sends to one chat within a second', async () => {
    for (let i = 0; i < 5; i++) await sendToGroup();
    expect(sandbox.rateViolations()).toEqual([]);
    await sendToGroup();
    expect(sandbox.rateViolations()).toEqual([{ kind: 'chat', id: 'oc_group1', maxPerSecond: 6 }]);
    expect(sandbox.rateViolations({ perTarget: 10, perApp: 5 })).toEqual([
      { kind: 'app', id: APP.appId, maxPerSecond: 6 },
    ]);
  });

  it('tracks the receiving user of p2p sends', async () => {
    for (let i = 0; i < 6; i++) {
      await client.im.v1.message.create({
        params: { receive_id_type: i % 2 ? 'open_id' : 'email' },
        data: {
          receive_id: i % 2 ? 'ou_alice' : 'alice@example.gov.cn',
          msg_type: 'text',
          content: text('x'),
        },
      });
    }
    expect(sandbox.rateViolations()).toEqual(
      expect.arrayContaining([{ kind: 'user', id: 'ou_alice', maxPerSecond: 6 }]),
    );
  });
});
