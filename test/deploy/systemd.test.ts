import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHUTDOWN_TIMEOUT_MS } from '../../src/shutdown.ts';

const UNIT = 'deploy/govbot.service';

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

describe('deploy/govbot.service', () => {
  it('passes systemd-analyze verify (Debian’s systemd) without a warning', () => {
    const analyze = which('systemd-analyze');
    if (!analyze) {
      throw new Error(
        'systemd-analyze not found: install Debian’s systemd (apt-get install -y systemd; .ci/run does) to verify the unit',
      );
    }
    const dir = mkdtempSync(join(tmpdir(), 'govbot-unit-'));
    try {
      copyFileSync(UNIT, join(dir, 'govbot.service'));
      const r = spawnSync(analyze, ['verify', join(dir, 'govbot.service')], { encoding: 'utf8' });
      // verify exits 0 on some warnings (an unknown key is "ignored"): any word from it is a finding.
      expect({ status: r.status, output: `${r.stdout}${r.stderr}`.trim() }).toEqual({
        status: 0,
        output: '',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the compiled bot as a dedicated user, restarts on failure, keeps the data folder 0700 and waits out the shutdown', () => {
    const unit = readFileSync(UNIT, 'utf8');
    const key = (k: string) => [...unit.matchAll(new RegExp(`^${k}=(.*)$`, 'gm'))].map((m) => m[1]);
    expect(key('User')).toEqual(['govbot']);
    expect(key('Restart')).toEqual(['on-failure']);
    expect(key('RestartPreventExitStatus')).toEqual(['78']);
    expect(key('EnvironmentFile')).toEqual(['/etc/govbot/govbot.env']);
    expect(key('StateDirectoryMode')).toEqual(['0700']);
    expect(key('Environment').join(' ')).toContain('DATA_DIR=/var/lib/govbot');
    expect(key('ExecStart')).toEqual(['/usr/bin/node /opt/govbot/dist/main.js']);
    const stopSec = Number(key('TimeoutStopSec')[0]);
    expect(stopSec * 1000).toBeGreaterThan(SHUTDOWN_TIMEOUT_MS);
    // The example env file names every variable the unit relies on.
    const env = readFileSync('deploy/govbot.env.example', 'utf8');
    for (const v of [
      'LARK_APP_ID',
      'LARK_APP_SECRET',
      'ORG_FILE',
      'HTTPS_PROXY',
      'ADMIN_TOKEN',
      'APPROVAL_CENTER',
      'APPROVAL_CALLBACK_URL',
      'APPROVAL_CALLBACK_TOKEN',
      'APPROVAL_CALLBACK_KEY',
    ])
      expect(env).toContain(v);
  });
});
