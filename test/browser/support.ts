import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium (`apt-get install chromium`); the tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SKIP_NOTE = `SKIPPED: ${CHROMIUM} not found (apt-get install chromium to run the browser tests)`;
/**
 * CI sets REQUIRE_BROWSER=1 (.ci/run): there a missing Chromium fails the suite, so a page regression
 * cannot land unseen. A developer's `npm test` without Chromium skips these tests and says so.
 */
export const browserRequired = process.env.REQUIRE_BROWSER === '1';

export interface Sandbox {
  url: string;
  stop(): Promise<void>;
  post(path: string, body?: unknown): Promise<unknown>;
}

/** `npm start` with no Lark credentials, exactly as an administrator runs it, on a free port and a fresh data folder. */
export async function startSandbox(extraEnv: Record<string, string> = {}): Promise<Sandbox> {
  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-page-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'Asia/Shanghai' };
  Object.assign(env, { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, extraEnv);
  const child: ChildProcess = spawn(join('node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /打开 Open:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}):\n${output}`)));
  });
  return {
    url,
    async post(path, body = {}) {
      const res = await fetch(`${url}/sandbox/api/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return res.json();
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const errors = new WeakMap<Page, string[]>();
/** Script errors the page raised (none expected). */
export const pageErrors = (page: Page): string[] => errors.get(page) ?? [];

export async function openPage(browser: Browser, url: string, as: string): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1360, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  page.on('dialog', (d) => void d.accept());
  errors.set(page, []);
  page.on('pageerror', (e) => errors.get(page)?.push(e.message));
  await page.goto(`${url}/?as=${as}`);
  await page.waitForSelector('body[data-ready=true]');
  return page;
}

/** Plays another person, as the "who am I" picker does. */
export async function playAs(page: Page, personId: string): Promise<void> {
  await page.selectOption('#who', personId);
  await expect.poll(() => page.inputValue('#who')).toBe(personId);
}

export async function openChat(page: Page, name: string): Promise<void> {
  await page.locator('.chat-item', { hasText: name }).first().click();
  await page.locator('.ch-name', { hasText: name }).waitFor();
}

/** The newest card in the open chat whose text contains `text`. */
export const cardWith = (page: Page, text: string): Locator =>
  page.locator('#msgs .card-wrap', { hasText: text }).last();

/** Waits for a toast containing `text` (Lark shows the bot's answer to a tap as a toast). */
export async function toastWith(page: Page, text: string, timeout = 15_000): Promise<void> {
  await page.locator('.toast', { hasText: text }).first().waitFor({ timeout });
}
