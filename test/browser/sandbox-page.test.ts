import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserRequired,
  CHROMIUM,
  cardWith,
  hasChromium,
  launchChromium,
  openChat,
  openPage,
  pageErrors,
  playAs,
  type Sandbox,
  SKIP_NOTE,
  startSandbox,
  toastWith,
} from './support.ts';

// Thursday 2026-11-26, 10:00 in Beijing: the sandbox clock is set there so dates in the test are fixed.
const MORNING = '2026-11-26T10:00:00+08:00';
const title = `the sandbox chat page in Chromium${hasChromium ? '' : ` — ${SKIP_NOTE}`}`;
// Set SANDBOX_DOCS_SCREENSHOT=1 to refresh the README's picture (docs/sandbox.png).
const docsShot = process.env.SANDBOX_DOCS_SCREENSHOT === '1';

describe.runIf(browserRequired && !hasChromium)('the browser tests are required (REQUIRE_BROWSER=1)', () => {
  it('Chromium is installed', () => {
    expect.fail(`${CHROMIUM} not found: apt-get install chromium fonts-noto-cjk (CI runs the page tests)`);
  });
});

describe.skipIf(!hasChromium)(title, () => {
  let sandbox: Sandbox;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync('artifacts', { recursive: true });
    [sandbox, browser] = await Promise.all([startSandbox(), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  async function freshMorning() {
    await sandbox.post('reset');
    await sandbox.post('clock/set', { at: MORNING });
  }

  it('§71 a department head files /请假 through the form, the vice head and the head approve, every card ends approved, live', async () => {
    await freshMorning();
    const page = await openPage(browser, sandbox.url, 'cao-min');
    // A second window stays on the department head's chat: its cards must update without reloading.
    const watcher = await openPage(browser, sandbox.url, 'cao-min');

    // The department head opens the form with the command chip and fills it in as in Lark.
    await page.locator('.chip', { hasText: '/请假' }).click();
    const form = cardWith(page, '请假 / 离阜报备');
    await form.locator('input[data-field=start]').fill('2026-12-01');
    await form.locator('input[data-field=end]').fill('2026-12-03');
    await form.locator('input[data-field=destination]').fill('北京');
    await form.locator('textarea[data-field=reason]').fill('参加省厅培训');
    await form.getByRole('button', { name: '提交' }).click();
    await toastWith(page, '已提交');
    // The form became the tracker (the card answered to the tap replaces it in place).
    const tracker = cardWith(page, '我的请假');
    await expect.poll(() => tracker.textContent()).toContain('待 孙海燕 办理');
    await expect.poll(() => cardWith(watcher, '我的请假').textContent()).toContain('办理中');

    // The supervising vice head approves in her own chat with the bot.
    await playAs(page, 'sun-haiyan');
    const vh = cardWith(page, '请假审批');
    await expect.poll(() => vh.textContent()).toContain('12月1日（周二）至12月3日（周四），共3天');
    await vh.getByRole('button', { name: '同意', exact: true }).click();
    await toastWith(page, '已同意');
    await expect.poll(() => vh.getByRole('button', { name: '同意', exact: true }).count()).toBe(0);

    // Then the head.
    await playAs(page, 'zhou-jianguo');
    const head = cardWith(page, '请假审批');
    await expect.poll(() => head.textContent()).toContain('孙海燕 同意');
    await head.getByRole('button', { name: '同意', exact: true }).click();
    await toastWith(page, '已同意');

    // Every card is patched to its final state: approved, no answer buttons, who decided.
    const final = async (p: Page, text: string) => {
      const card = cardWith(p, text);
      await expect.poll(() => card.locator('.c-sub').textContent()).toContain('已通过');
      expect(await card.getByRole('button', { name: '同意', exact: true }).count()).toBe(0);
      expect(await card.textContent()).toMatch(/孙海燕 同意.*周建国 同意/s);
    };
    await final(page, '请假审批');
    await playAs(page, 'sun-haiyan');
    await final(page, '请假审批');
    await playAs(page, 'cao-min');
    await final(page, '我的请假');
    await final(watcher, '我的请假'); // live, no reload
    expect(await cardWith(watcher, '我的请假').getByRole('button', { name: '撤回申请' }).count()).toBe(0);

    // The government office's group has the filing (§71 报备), in its final state too.
    await playAs(page, 'ma-jun');
    await openChat(page, '区政府办公室工作群');
    await final(page, '参加省厅培训');
    await page.screenshot({ path: 'artifacts/leave-flow.png' });
    // All of it went over the long connection, the production default, not the webhook.
    const health = (await (await fetch(`${sandbox.url}/healthz`)).json()) as {
      longConnection?: { state: string };
    };
    expect(health.longConnection?.state).toBe('connected');
    const state = (await (await fetch(`${sandbox.url}/sandbox/api/state`)).json()) as {
      longConnection: { connections: number; deliveries: number };
    };
    expect(state.longConnection.connections).toBe(1);
    expect(state.longConnection.deliveries).toBeGreaterThanOrEqual(4);
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(watcher)).toEqual([]);
    await Promise.all([page.close(), watcher.close()]);
  }, 120_000);

  it('the daily digest card with its bar chart after "next working day 08:30" (demo data first)', async () => {
    await freshMorning();
    const page = await openPage(browser, sandbox.url, 'zhou-jianguo');
    await page.locator('#demo').click();
    await toastWith(page, '已生成示例数据', 90_000);
    if (docsShot) {
      // The README's picture: a vice head approving on behalf of her absent AB partner (§8 代批).
      await playAs(page, 'sun-haiyan');
      await cardWith(page, '您正代').evaluate((el) => el.scrollIntoView({ block: 'center' }));
      mkdirSync('docs', { recursive: true });
      await page.screenshot({ path: 'docs/sandbox.png' });
      await playAs(page, 'zhou-jianguo');
    }

    await page.locator('#next-morning').click();
    await toastWith(page, '沙箱时间已调到 11月27日（周五）08:30');
    await openChat(page, '区政府领导群');
    // The digest job posts to the leaders' group; poll until its card (with the chart) is there.
    const digest = cardWith(page, '督办日报 · 11月27日');
    await digest.waitFor({ timeout: 30_000 });
    const bars = digest.locator('svg.chart rect.bar');
    await expect.poll(() => bars.count()).toBeGreaterThanOrEqual(2);
    const heights = await bars.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
    expect(heights.every((h) => h > 0)).toBe(true);
    expect(await digest.locator('svg.chart').getAttribute('aria-label')).toBe('各单位逾期事项数');
    await digest.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'artifacts/digest.png' });
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  }, 180_000);
});
