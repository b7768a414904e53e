import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCommitted } from '../../src/store/lowdb.ts';
import { calendarOverrides, cleanCopy, freePort, run, start, waitStatus } from './support.ts';

// There is no Docker engine on this machine: the Dockerfile is read and its instructions carried out
// here — each stage in a folder of its own standing for the image's root, in a clean copy of the
// repository as the build context — so the commands the image runs are the commands tested.

interface Stage {
  name?: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  volumes: string[];
  cmd?: string[];
  healthcheck?: string[];
}

/** Instructions with their continuation lines joined, comments dropped. */
function instructions(text: string): Array<{ op: string; args: string }> {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\w+)\s+(.*)$/.exec(l)!;
      return { op: m[1]!.toUpperCase(), args: m[2]! };
    });
}

const root = mkdtempSync(join(tmpdir(), 'govbot-docker-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Dockerfile', () => {
  it('builds in two stages, installs production dependencies only, runs as a non-root user and answers its HEALTHCHECK', async () => {
    const context = join(root, 'context');
    cleanCopy(context);
    const text = readFileSync(join(context, 'Dockerfile'), 'utf8');
    const stages: Stage[] = [];
    // A stand-in for chown (the image's `node` user does not exist here): records what it was asked.
    const shims = join(root, 'shims');
    mkdirSync(shims);
    writeFileSync(join(shims, 'chown'), `#!/bin/sh\necho "$@" >> ${join(root, 'chown.log')}\n`);
    chmodSync(join(shims, 'chown'), 0o755);

    let s: Stage | undefined;
    const map = (st: Stage, p: string) => join(st.root, posix.resolve(st.workdir, p));
    // Absolute image paths inside shell commands and values, mapped into the stage's folder.
    const mapText = (st: Stage, t: string) =>
      t.replace(/(^|[\s=])(\/(?:app|data)\b)/g, (_m, pre, p) => `${pre}${join(st.root, p)}`);
    for (const { op, args } of instructions(text)) {
      switch (op) {
        case 'FROM': {
          const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
          expect(m[1]).toMatch(/^node:(22|24)[-\w.]*$/);
          s = {
            ...(m[2] ? { name: m[2] } : {}),
            root: join(root, `stage-${stages.length}`),
            workdir: '/',
            env: {},
            volumes: [],
          };
          mkdirSync(s.root);
          stages.push(s);
          break;
        }
        case 'WORKDIR':
          s!.workdir = posix.resolve(s!.workdir, args);
          mkdirSync(map(s!, '.'), { recursive: true });
          break;
        case 'ENV':
          for (const kv of args.split(/\s+/)) {
            const [k, v] = kv.split('=') as [string, string];
            s!.env[k] = v;
          }
          break;
        case 'COPY': {
          const parts = args.split(/\s+/);
          const from = parts.find((p) => p.startsWith('--from='))?.slice('--from='.length);
          const paths = parts.filter((p) => !p.startsWith('--'));
          const dest = paths.pop()!;
          const src = from ? stages.find((x) => x.name === from)! : undefined;
          for (const p of paths) {
            const source = src ? join(src.root, p) : join(context, p);
            expect(existsSync(source), `COPY source ${p}`).toBe(true);
            const target = map(s!, dest);
            const into = dest.endsWith('/') || paths.length > 1;
            if (statSync(source).isDirectory()) cpSync(source, target, { recursive: true });
            else {
              mkdirSync(into ? target : join(target, '..'), { recursive: true });
              cpSync(source, into ? join(target, basename(p)) : target);
            }
          }
          break;
        }
        case 'RUN': {
          const r = await run('sh', ['-c', mapText(s!, args)], {
            cwd: map(s!, '.'),
            env: { ...s!.env, PATH: `${shims}:${process.env.PATH}` },
          });
          expect(r.code, `RUN ${args}\n${r.output}`).toBe(0);
          break;
        }
        case 'USER':
          s!.user = args;
          break;
        case 'VOLUME':
          s!.volumes.push(...(JSON.parse(args) as string[]));
          break;
        case 'HEALTHCHECK':
          s!.healthcheck = JSON.parse(args.slice(args.indexOf('CMD') + 3).trim()) as string[];
          break;
        case 'CMD':
          s!.cmd = JSON.parse(args) as string[];
          break;
        case 'EXPOSE':
        case 'STOPSIGNAL':
          break;
        default:
          throw new Error(`the test does not know the instruction ${op}`);
      }
    }
    const [build, final] = stages as [Stage, Stage];
    expect(stages).toHaveLength(2);
    expect(build.name).toBe('build');
    expect(final.user).toBe('node');
    expect(final.volumes).toEqual(['/data']);
    expect(final.env.DATA_DIR).toBe('/data');
    expect(readFileSync(join(root, 'chown.log'), 'utf8')).toContain(`node:node ${join(final.root, '/data')}`);
    expect(statSync(join(final.root, 'data')).mode & 0o777).toBe(0o700);
    // Production dependencies only: no compiler, no test runner, no tsx in the image.
    const app = map(final, '.');
    for (const dev of ['esbuild', 'tsx', 'vitest', 'typescript'])
      expect(existsSync(join(app, 'node_modules', dev))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'fs-native-extensions'))).toBe(true);
    expect(existsSync(join(app, 'src'))).toBe(false);

    // Start it as the image would (CMD in WORKDIR with the image's ENV), in sandbox mode.
    const port = await freePort();
    const calendar = join(root, 'calendar.json');
    writeFileSync(calendar, calendarOverrides());
    const env: Record<string, string> = {
      ...Object.fromEntries(Object.entries(final.env).map(([k, v]) => [k, mapText(final, v)])),
      PORT: String(port),
      CALENDAR_FILE: calendar,
    };
    const [cmd, ...cmdArgs] = final.cmd!;
    expect(cmd).toBe('node');
    expect(cmdArgs).toEqual(['dist/main.js']);
    const bot = start(process.execPath, cmdArgs, { cwd: app, env });
    await waitStatus(`http://127.0.0.1:${port}/readyz`, 200, bot);
    const health = await run(process.execPath, final.healthcheck!.slice(1), { env: { PORT: String(port) } });
    expect(health.code, health.output).toBe(0);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200); // the sandbox page's files came along

    // Backup and restore from the image as it stands (docker exec … node dist/backup.js /data/backup-1).
    const dataDir = env.DATA_DIR!;
    const backup = join(root, 'backup-1');
    const b = await run(process.execPath, ['dist/backup.js', backup], { cwd: app, env });
    expect(b.code, b.output).toBe(0);
    expect(b.output).toMatch(/备份完成.*运行中热备份/);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const restored = join(root, 'restored');
    const r = await run(process.execPath, ['dist/restore.js', backup], {
      cwd: app,
      env: { ...env, DATA_DIR: restored },
    });
    expect(r.code, r.output).toBe(0);
    expect(readCommitted(restored).seq).toBe(readCommitted(dataDir).seq);
    const again = start(process.execPath, cmdArgs, { cwd: app, env: { ...env, DATA_DIR: restored } });
    await waitStatus(`http://127.0.0.1:${port}/readyz`, 200, again);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });
});
