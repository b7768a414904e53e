import * as lark from '@larksuiteoapi/node-sdk';
import type { SandboxLarkOptions } from '../../src/sandbox/lark-server.ts';

export const APP: SandboxLarkOptions = {
  appId: 'cli_a1b2c3d4e5f60718',
  appSecret: 'sandbox-secret',
  botOpenId: 'ou_bot',
  botName: '督办助手',
  directory: [
    { openId: 'ou_alice', name: '张三', mobile: '+8613800000001', email: 'alice@example.gov.cn' },
    { openId: 'ou_bob', name: '李四', mobile: '13800000002', email: 'bob@example.gov.cn' },
  ],
  chats: [{ chatId: 'oc_group1', name: '督办一组', members: ['ou_alice', 'ou_bob'] }],
};

export const silent = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/** A real SDK client with its own token cache, so no test leans on a token fetched by another. */
export function sdkClient(domain: string, appSecret = APP.appSecret): lark.Client {
  const store = new Map<string, { value: unknown; expire: number }>();
  const cache: NonNullable<ConstructorParameters<typeof lark.Client>[0]['cache']> = {
    async get(key, opts) {
      const hit = store.get(`${opts?.namespace}:${String(key)}`);
      return hit && hit.expire > Date.now() ? hit.value : undefined;
    },
    async set(key, value, expire, opts) {
      store.set(`${opts?.namespace}:${String(key)}`, { value, expire: expire ?? Number.POSITIVE_INFINITY });
      return true;
    },
  };
  return new lark.Client({
    appId: APP.appId,
    appSecret,
    domain,
    cache,
    logger: silent,
    loggerLevel: lark.LoggerLevel.error,
  });
}

export const text = (t: string) => JSON.stringify({ text: t });

export const card = (title: string) =>
  JSON.stringify({
    schema: '2.0',
    header: { title: { tag: 'plain_text', content: title } },
    body: { elements: [{ tag: 'markdown', content: title }] },
  });

/** The parts of an AxiosError the tests look at. */
export interface SdkError {
  name: string;
  code?: string;
  isAxiosError?: boolean;
  response: { status: number; headers: Record<string, string>; data: { code: number; msg: string } };
}

/** Runs `fn` and returns what it threw (fails when it did not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<SdkError> {
  try {
    await fn();
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('expected a rejection');
}
