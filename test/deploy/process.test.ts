import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOrg } from '../../src/domain/org.ts';
import { createEventSender } from '../../src/sandbox/event-sender.ts';
import { createSandboxLark, type SandboxLark } from '../../src/sandbox/lark-server.ts';
import { sandboxDirectory } from '../../src/sandbox-directory.ts';
import { SHUTDOWN_TIMEOUT_MS } from '../../src/shutdown.ts';
import { DATA_FILE, readCommitted } from '../../src/store/lowdb.ts';
import { contactSandbox, EXAMPLE, EXAMPLE_ROLES, readJson, substance } from '../org-sync/support.ts';
import { calendarOverrides, descendants, freePort, run, start, waitStatus } from './support.ts';

// The compiled bot as an operator runs it: node dist/main.js (and npm start), real processes, real signals.
const APP_ID = 'cli_0123456789abcdef';
const APP_SECRET = 'process-test-secret';
const ENCRYPT_KEY = 'process-encrypt-key-0123456789';
const VERIFICATION_TOKEN = 'process-verification-token';
const BOT_OPEN_ID = 'ou_process_bot_00000000000000000000';
const ORG_FILE = 'data/org.example.json';

const dirs: string[] = [];
const tmp = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `govbot-${name}-`));
  dirs.push(d);
  return d;
};
let calendarFile: string;
let lark: SandboxLark;
let larkUrl: string;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
  calendarFile = join(tmp('cal'), 'calendar.json');
  writeFileSync(calendarFile, calendarOverrides());
  const d = sandboxDirectory(ORG_FILE);
  lark = createSandboxLark({
    appId: APP_ID,
    appSecret: APP_SECRET,
    botOpenId: BOT_OPEN_ID,
    botName: '政务督办助手',
    directory: d.people,
    chats: d.chats,
  });
  larkUrl = await lark.listen();
});
afterAll(async () => {
  await lark.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sandboxEnv = (dataDir: string, port: number) => ({
  PORT: String(port),
  DATA_DIR: dataDir,
  CALENDAR_FILE: calendarFile,
  LOG_LEVEL: 'info',
});
const webhookEnv = (dataDir: string, port: number) => ({
  ...sandboxEnv(dataDir, port),
  LARK_APP_ID: APP_ID,
  LARK_APP_SECRET: APP_SECRET,
  LARK_TRANSPORT: 'webhook',
  LARK_ENCRYPT_KEY: ENCRYPT_KEY,
  LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
  LARK_DOMAIN: larkUrl,
  ORG_FILE,
  HOST: '127.0.0.1',
});

describe('one bot per data folder (real processes)', () => {
  it('a second instance on the same folder refuses at once: exit 78, one line naming the folder and the running one', async () => {
    const dataDir = tmp('two');
    const [p1, p2] = [await freePort(), await freePort()];
    // A host in another zone: the program sets Asia/Shanghai itself, no wrapper needed.
    const first = start(process.execPath, ['dist/main.js'], {
      env: { ...sandboxEnv(dataDir, p1), TZ: 'America/New_York' },
    });
    await waitStatus(`http://127.0.0.1:${p1}/readyz`, 200, first);
    const facts = (await (await fetch(`http://127.0.0.1:${p1}/healthz`)).json()) as { timeZone: string };
    expect(facts.timeZone).toBe('Asia/Shanghai');
    // The compiled sandbox receives over the long connection to its embedded Lark, as production does.
    let state: string | undefined;
    for (let i = 0; i < 200 && state !== 'connected'; i++) {
      const h = (await (await fetch(`http://127.0.0.1:${p1}/healthz`)).json()) as {
        longConnection?: { state: string };
      };
      state = h.longConnection?.state;
      if (state !== 'connected') await new Promise((r) => setTimeout(r, 50));
    }
    expect(state).toBe('connected');
    const second = start(process.execPath, ['dist/main.js'], { env: sandboxEnv(dataDir, p2) });
    const code = await second.exited;
    expect(code).toBe(78);
    const lines = second.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(resolve(dataDir));
    expect(lines[0]).toContain(`pid ${first.pid}`);
    expect(lines[0]).toContain(`host ${hostname()}`);
    expect(lines[0]).toMatch(/since 20\d\d-\d\d-\d\dT\d\d:\d\d/);
    // It stopped before binding its port (nothing listens there) and the first one is untouched.
    expect(await fetch(`http://127.0.0.1:${p2}/readyz`).catch(() => 'refused')).toBe('refused');
    expect((await fetch(`http://127.0.0.1:${p1}/readyz`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // kill -9 leaves no stale lock: the kernel released it with the process.
    const third = start(process.execPath, ['dist/main.js'], { env: sandboxEnv(dataDir, p1) });
    await waitStatus(`http://127.0.0.1:${p1}/readyz`, 200, third);
    third.child.kill('SIGKILL');
    await third.exited;
    const fourth = start(process.execPath, ['dist/main.js'], { env: sandboxEnv(dataDir, p2) });
    await waitStatus(`http://127.0.0.1:${p2}/readyz`, 200, fourth);
    fourth.child.kill('SIGTERM');
    expect(await fourth.exited).toBe(0);
  });

  it('the sandbox refuses a production folder (an env file that failed to load), leaving its data as it was', async () => {
    const dataDir = tmp('prod');
    const port = await freePort();
    const prod = start(process.execPath, ['dist/main.js'], { env: webhookEnv(dataDir, port) });
    await waitStatus(`http://127.0.0.1:${port}/readyz`, 200, prod);
    prod.child.kill('SIGTERM');
    expect(await prod.exited).toBe(0);
    const before = readFileSync(join(dataDir, DATA_FILE));

    const oops = start(process.execPath, ['dist/main.js'], { env: sandboxEnv(dataDir, port) });
    expect(await oops.exited).toBe(78);
    expect(oops.output()).toMatch(
      /数据目录 .* 属于飞书应用 cli_0123456789abcdef .*不能用于沙箱.*LARK_APP_ID/,
    );
    expect(readFileSync(join(dataDir, DATA_FILE))).toEqual(before);
    // The sandbox's own default folder is data/sandbox/, not the production default ./data.
    expect(await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => 'refused')).toBe('refused');
  });
});

describe('shutdown', () => {
  it('SIGTERM while a request is in flight: the request is answered, the change kept, exit 0 well within the bound', async () => {
    const dataDir = tmp('term');
    const port = await freePort();
    const bot = start(process.execPath, ['dist/main.js'], { env: webhookEnv(dataDir, port) });
    await waitStatus(`http://127.0.0.1:${port}/readyz`, 200, bot);
    const sender = createEventSender({
      eventsUrl: `http://127.0.0.1:${port}/lark/events`,
      encryptKey: ENCRYPT_KEY,
      verificationToken: VERIFICATION_TOKEN,
      appId: APP_ID,
      botOpenId: BOT_OPEN_ID,
      botName: '政务督办助手',
    });
    const org = sandboxDirectory(ORG_FILE).people;
    const someone = org[3]!.openId;
    const env = sender.envelope(
      'im.message.receive_v1',
      {
        sender: { sender_id: { open_id: someone }, sender_type: 'user' },
        message: {
          message_id: 'om_inflight_1',
          chat_id: `oc_p2p_${someone}`,
          chat_type: 'p2p',
          message_type: 'text',
          content: JSON.stringify({ text: '/我是谁' }),
        },
      },
      { event_id: 'ev-inflight-1' },
    );
    const { body, headers } = sender.prepare(env);
    // Half the body is sent, then SIGTERM: the request is in flight when the signal lands.
    const answered = new Promise<{ status: number; text: string }>((resolveAnswer, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/lark/events',
          method: 'POST',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      setTimeout(() => {
        bot.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(half)), 300);
      }, 200);
    });
    const t0 = performance.now();
    const r = await answered;
    expect(r.status).toBe(200);
    expect(await bot.exited).toBe(0);
    expect(performance.now() - t0).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(bot.output()).toMatch(/"msg":"shutting down"[\s\S]*"msg":"stopped"/);
    // The event was accepted durably before the answer: a restart will not lose it.
    expect(Object.keys(readCommitted(dataDir).seenEvents)).toContain('e:ev-inflight-1');
    // The port is free at once: a supervisor's restart does not meet EADDRINUSE.
    const again = start(process.execPath, ['dist/main.js'], { env: webhookEnv(dataDir, port) });
    await waitStatus(`http://127.0.0.1:${port}/readyz`, 200, again);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('npm start: npm’s only child is the bot itself (plain node on dist/); SIGTERM to npm stops it cleanly', async () => {
    const dataDir = tmp('npm');
    const port = await freePort();
    const npm = start('npm', ['start'], { env: sandboxEnv(dataDir, port) });
    await npm.waitFor(/打开 Open:\s+http:\/\/127\.0\.0\.1:\d+/);
    await waitStatus(`http://127.0.0.1:${port}/readyz`, 200, npm);
    const tree = descendants(npm.pid);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.cmd).toMatch(/^\S*node scripts\/start\.mjs$/);
    expect(tree.some((p) => /tsx|tz\.mjs|sh -c/.test(p.cmd))).toBe(false);
    const botPid = tree[0]!.pid;
    npm.child.kill('SIGTERM');
    expect(await npm.exited).toBe(0);
    expect(npm.output()).toMatch(/"msg":"stopped"/);
    expect(() => process.kill(botPid, 0)).toThrow(); // no orphan left behind
    const again = start(process.execPath, ['dist/main.js'], { env: sandboxEnv(dataDir, port) });
    await waitStatus(`http://127.0.0.1:${port}/readyz`, 200, again);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });
});

describe('npm run org:chats / org:import from the build (a production install has no tsx)', () => {
  it('list the bot’s chats and write the org file from Lark’s contacts with plain node on dist/', async () => {
    const s = await contactSandbox();
    try {
      const dir = tmp('org-import');
      copyFileSync(EXAMPLE_ROLES, join(dir, 'org.roles.json'));
      const env = {
        LARK_APP_ID: APP_ID,
        LARK_APP_SECRET: 'org-sync-secret',
        LARK_DOMAIN: s.url,
        ORG_FILE: join(dir, 'org.json'),
      };
      const chats = await run('npm', ['run', '--silent', 'org:chats'], { env });
      expect(chats.code, chats.output).toBe(0);
      expect(chats.output).toContain('区政府领导群');
      const imported = await run('npm', ['run', '--silent', 'org:import'], { env });
      expect(imported.code, imported.output).toBe(0);
      expect(imported.output).toMatch(/已写入 .*org\.json：58 人，17 个单位/);
      const written = parseOrg(readJson(env.ORG_FILE));
      const example = parseOrg(readJson(EXAMPLE));
      if (!written.ok || !example.ok) throw new Error('org');
      expect(substance(written.org)).toEqual(substance(example.org));
      // Run by plain node from dist/ (scripts/start.mjs), not through tsx.
      expect(existsSync('dist/org-import.js') && existsSync('dist/org-chats.js')).toBe(true);
      const scripts = (readJson('package.json') as { scripts: Record<string, string> }).scripts;
      expect([scripts['org:import'], scripts['org:chats']]).toEqual([
        'exec node scripts/start.mjs org-import',
        'exec node scripts/start.mjs org-chats',
      ]);
    } finally {
      await s.close();
    }
  });
});
