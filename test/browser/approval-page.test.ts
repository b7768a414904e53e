import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardWith,
  hasChromium,
  launchChromium,
  openPage,
  pageErrors,
  playAs,
  type Sandbox,
  SKIP_NOTE,
  startSandbox,
  toastWith,
} from './support.ts';

const MORNING = '2026-11-26T10:00:00+08:00';
const title = `the sandbox page's Approval Center in Chromium${hasChromium ? '' : ` — ${SKIP_NOTE}`}`;

describe.skipIf(!hasChromium)(title, () => {
  let sandbox: Sandbox;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync('artifacts', { recursive: true });
    [sandbox, browser] = await Promise.all([startSandbox({ APPROVAL_CENTER: 'on' }), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it('each person’s 待办 beside their chats; 同意 there goes through the callback and closes the chat card too', async () => {
    await sandbox.post('reset');
    await sandbox.post('clock/set', { at: MORNING });
    const page = await openPage(browser, sandbox.url, 'cao-min');
    await page.locator('#input').fill('/请假 12月1日至12月3日 北京 参加培训');
    await page.locator('#send').click();
    await cardWith(page, '我的请假').waitFor();

    // The supervising vice head: one 待办 in her Approval Center, and the card in her chat.
    await playAs(page, 'sun-haiyan');
    const entry = page.locator('.chat-item', { hasText: '审批中心' });
    await expect.poll(() => entry.textContent()).toContain('待办 1 项');
    await entry.click();
    const todo = page.locator('.ac-item', { hasText: '曹敏 离阜外出' });
    await expect.poll(() => todo.textContent()).toContain('分管副区长审批');
    expect(await todo.textContent()).toContain('12月1日至12月3日（3天）');
    // 拒绝 needs a reason, as in Feishu.
    await todo.getByRole('button', { name: '拒绝' }).click();
    await toastWith(page, '拒绝时请填写审批意见');
    await todo.getByRole('button', { name: '同意' }).click();
    await toastWith(page, '已同意');
    await expect.poll(() => page.locator('.ac-item').count()).toBe(0);
    await page.locator('.ac-tab', { hasText: '已办' }).click();
    await expect.poll(() => page.locator('.ac-item').first().textContent()).toContain('孙海燕 同意');
    await page.screenshot({ path: 'artifacts/approval-center.png' });

    // Her chat card closed with the decision; the head has the next 待办.
    await page.locator('.chat-item', { hasText: '政务督办助手' }).first().click();
    const vh = cardWith(page, '请假审批');
    await expect.poll(() => vh.getByRole('button', { name: '同意', exact: true }).count()).toBe(0);
    await playAs(page, 'zhou-jianguo');
    await expect
      .poll(() => page.locator('.chat-item', { hasText: '审批中心' }).textContent())
      .toContain('待办 1 项');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 120_000);
});
