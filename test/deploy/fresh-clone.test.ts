import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanCopy, descendants, freePort, run, start, waitStatus } from './support.ts';

// The README's two commands on a fresh clone: no node_modules, no dist/.
const root = mkdtempSync(join(tmpdir(), 'govbot-clone-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm install && npm start on a fresh clone', () => {
  it('installs, builds dist/ on the first start, serves the sandbox page, and stops on SIGTERM', async () => {
    const clone = join(root, 'clone');
    cleanCopy(clone);
    const install = await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: clone });
    expect(install.code, install.output).toBe(0);
    const port = await freePort();
    // No DATA_DIR: the sandbox uses its own folder, data/sandbox/ in the clone.
    const npm = start('npm', ['start'], { cwd: clone, env: { PORT: String(port) } });
    const [, url] = await npm.waitFor(/打开 Open:\s+(http:\/\/127\.0\.0\.1:\d+)\//, 180_000);
    expect(npm.output()).toMatch(/building dist\/ \(dist\/ is missing\)/);
    const page = await waitStatus(`${url}/`, 200, npm);
    expect(await page.text()).toContain('政务督办助手');
    expect((await fetch(`${url}/sandbox/static/app.js`)).status).toBe(200);
    expect(descendants(npm.pid).map((p) => p.cmd)).toEqual([
      expect.stringMatching(/node scripts\/start\.mjs$/),
    ]);
    npm.child.kill('SIGTERM');
    expect(await npm.exited).toBe(0);
    // The second start finds dist/ current and does not build again.
    const again = start('npm', ['start'], { cwd: clone, env: { PORT: String(port) } });
    await again.waitFor(/打开 Open:/, 120_000);
    expect(again.output()).not.toContain('building dist/');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });
});
