import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const creds = { LARK_APP_ID: 'cli_0123456789abcdef', LARK_APP_SECRET: 'secret' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('runs the sandbox without credentials, with fresh keys and safe defaults', () => {
    const c = loadConfig({});
    expect(c.mode).toBe('sandbox');
    expect(c.encryptKey).toMatch(/^[0-9a-f]{32}$/);
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('./data/sandbox');
    expect(c.adminToken).toBeUndefined();
    expect(c.host).toBe('127.0.0.1');
  });

  it('uses the long connection by default when credentials are set', () => {
    const c = loadConfig(creds);
    expect(c.mode).toBe('websocket');
    expect(c.dataDir).toBe('./data');
    expect(c.host).toBe('127.0.0.1');
    expect(loadConfig({ ...creds, LARK_TRANSPORT: 'webhook', LARK_ENCRYPT_KEY: 'k' }).host).toBe('0.0.0.0');
    expect(c.domain).toBe('https://open.feishu.cn');
    expect(c.orgFile).toBe('data/org.json');
  });

  it.each([
    ['feishu', 'https://open.feishu.cn'],
    ['lark', 'https://open.larksuite.com'],
    ['http://127.0.0.1:9999', 'http://127.0.0.1:9999'],
    ['http://127.0.0.1:9999/', 'http://127.0.0.1:9999'],
  ])('LARK_DOMAIN=%s → %s', (value, domain) => {
    expect(loadConfig({ ...creds, LARK_DOMAIN: value }).domain).toBe(domain);
  });

  it('refuses webhook mode without an encrypt key', () => {
    const p = problems({ ...creds, LARK_TRANSPORT: 'webhook' });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^LARK_ENCRYPT_KEY: required when LARK_TRANSPORT=webhook/);
    expect(loadConfig({ ...creds, LARK_TRANSPORT: 'webhook', LARK_ENCRYPT_KEY: 'k' }).mode).toBe('webhook');
  });

  it('lists every problem at once, each with the variable name', () => {
    const p = problems({
      LARK_DOMAIN: 'ftp//x',
      PORT: 'eighty',
      LARK_TRANSPORT: 'carrier-pigeon',
      ADMIN_TOKEN: 'short',
    });
    expect(p.map((x) => x.split(':')[0]).sort()).toEqual([
      'ADMIN_TOKEN',
      'LARK_DOMAIN',
      'LARK_TRANSPORT',
      'PORT',
    ]);
    expect(p.join('\n')).toContain('"eighty"');
  });

  it('refuses half the credentials, a transport without credentials, and a malformed app id for websocket', () => {
    expect(problems({ LARK_APP_ID: 'cli_0123456789abcdef' })[0]).toMatch(/^LARK_APP_SECRET/);
    expect(problems({ LARK_TRANSPORT: 'webhook' })[0]).toMatch(/^LARK_TRANSPORT/);
    expect(problems({ LARK_APP_ID: 'myapp', LARK_APP_SECRET: 's' })[0]).toMatch(/^LARK_APP_ID/);
  });

  it('the error message names every problem on its own line', () => {
    expect(() => loadConfig({ PORT: '99999', LARK_DOMAIN: 'nope' })).toThrow(
      /PORT:[\s\S]*\n.*LARK_DOMAIN:|LARK_DOMAIN:[\s\S]*\n.*PORT:/,
    );
  });
});

describe('APPROVAL_CENTER (三方审批)', () => {
  const url = 'https://bot.example.gov.cn/lark/approval-callback';
  const token = 'approval-token-0123456789';

  it('is off unless set to on', () => {
    expect(loadConfig(creds).approvalCenter).toBeUndefined();
    expect(loadConfig({ ...creds, APPROVAL_CENTER: 'off' }).approvalCenter).toBeUndefined();
    expect(problems({ ...creds, APPROVAL_CENTER: 'yes' })[0]).toContain('APPROVAL_CENTER: must be on or off');
  });

  it('on over the long connection without a callback URL: the sync only', () => {
    expect(loadConfig({ ...creds, APPROVAL_CENTER: 'on' }).approvalCenter).toEqual({
      callbackUrl: undefined,
      callbackToken: undefined,
      callbackKey: undefined,
    });
  });

  it('with a callback URL it needs its token; the key is optional', () => {
    expect(problems({ ...creds, APPROVAL_CENTER: 'on', APPROVAL_CALLBACK_URL: url })[0]).toContain(
      'APPROVAL_CALLBACK_TOKEN: required with APPROVAL_CALLBACK_URL',
    );
    const c = loadConfig({
      ...creds,
      APPROVAL_CENTER: 'on',
      APPROVAL_CALLBACK_URL: url,
      APPROVAL_CALLBACK_TOKEN: token,
      APPROVAL_CALLBACK_KEY: 'approval-key-0123456789',
    });
    expect(c.approvalCenter).toEqual({
      callbackUrl: url,
      callbackToken: token,
      callbackKey: 'approval-key-0123456789',
    });
  });

  it('refuses the callback settings without APPROVAL_CENTER=on or without a URL, and a bad URL', () => {
    expect(problems({ ...creds, APPROVAL_CALLBACK_URL: url, APPROVAL_CALLBACK_TOKEN: token })).toEqual([
      'APPROVAL_CALLBACK_URL: only used with APPROVAL_CENTER=on',
      'APPROVAL_CALLBACK_TOKEN: only used with APPROVAL_CENTER=on',
    ]);
    expect(problems({ ...creds, APPROVAL_CENTER: 'on', APPROVAL_CALLBACK_TOKEN: token })[0]).toContain(
      'only used with APPROVAL_CALLBACK_URL',
    );
    expect(problems({ ...creds, APPROVAL_CENTER: 'on', APPROVAL_CALLBACK_URL: 'bot/cb' })[0]).toContain(
      'APPROVAL_CALLBACK_URL: must be a full URL',
    );
  });

  it('in the sandbox: a fresh token and key each start, the URL the bot’s own', () => {
    const c = loadConfig({ APPROVAL_CENTER: 'on' }).approvalCenter!;
    expect(c.callbackUrl).toBeUndefined();
    expect(c.callbackToken).toMatch(/^[0-9a-f]{32}$/);
    expect(c.callbackKey).toMatch(/^[0-9a-f]{32}$/);
  });
});
