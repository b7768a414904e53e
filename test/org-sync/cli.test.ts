import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseOrg } from '../../src/domain/org.ts';
import { runOrgChats, runOrgImport } from '../../src/org-sync/cli.ts';
import { sandboxDepartmentId } from '../../src/sandbox-directory.ts';
import { contactSandbox, EXAMPLE, EXAMPLE_ROLES, readJson, substance } from './support.ts';

let s: Awaited<ReturnType<typeof contactSandbox>>;
let dir: string;
let env: Record<string, string>;
const lines = { out: [] as string[], err: [] as string[] };
const io = { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l) };

beforeEach(async () => {
  s = await contactSandbox();
  dir = mkdtempSync(join(tmpdir(), 'govbot-org-import-'));
  copyFileSync(EXAMPLE_ROLES, join(dir, 'org.roles.json'));
  env = {
    LARK_APP_ID: 'cli_0123456789abcdef',
    LARK_APP_SECRET: 'org-sync-secret',
    LARK_DOMAIN: s.url,
    ORG_FILE: join(dir, 'org.json'),
  };
  lines.out = [];
  lines.err = [];
});
afterEach(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const example = () => {
  const r = parseOrg(readJson(EXAMPLE));
  if (!r.ok) throw new Error('example');
  return r.org;
};

describe('npm run org:import', () => {
  it('writes the org file from the sandbox’s directory and the roles file beside it', async () => {
    expect(await runOrgImport([], env, io)).toBe(0);
    const written = parseOrg(readJson(env.ORG_FILE!));
    if (!written.ok) throw new Error(JSON.stringify(written.problems));
    expect(substance(written.org)).toEqual(substance(example()));
    expect(lines.out.at(-2)).toMatch(/^已写入 .*org\.json：58 人，17 个单位，\d+ 次请求，用时 \d+\.\d 秒$/);
    // Nothing is left beside it: the new file was renamed over, not written in place.
    expect(readdirSync(dir).sort()).toEqual(['org.json', 'org.roles.json']);
  });

  it('over a hand-written org file, keeps its ids: the example comes back with Lark’s ids added', async () => {
    copyFileSync(EXAMPLE, env.ORG_FILE!);
    expect(await runOrgImport([], env, io)).toBe(0);
    const written = readJson(env.ORG_FILE!) as ReturnType<typeof example>;
    expect(written.people.map((p) => p.id)).toEqual(example().people.map((p) => p.id));
    expect(written.departments.map((d) => [d.id, d.larkId])).toEqual(
      example().departments.map((d) => [d.id, sandboxDepartmentId(d.id)]),
    );
  });

  it('a failed import leaves the org file as it was and says why, line by line', async () => {
    writeFileSync(env.ORG_FILE!, '{"kept": true}');
    s.lark.contact.setLeaders(sandboxDepartmentId('justice'), undefined);
    expect(await runOrgImport([], env, io)).toBe(1);
    expect(readFileSync(env.ORG_FILE!, 'utf8')).toBe('{"kept": true}');
    expect(lines.err).toContain(`导入未完成，${env.ORG_FILE} 未改动 (nothing written), 1 problem(s):`);
    expect(lines.err.at(-1)).toContain('「区司法局」');
    expect(lines.err.at(-1)).toContain('has no main leader (主负责人) in Lark');
    expect(readdirSync(dir).sort()).toEqual(['org.json', 'org.roles.json']);
  });

  it('--dry-run checks and writes nothing; bad arguments and missing credentials get a usage line', async () => {
    expect(await runOrgImport(['--dry-run'], env, io)).toBe(0);
    expect(lines.out.at(-1)).toMatch(/^检查通过（--dry-run，未写入）：58 人，17 个单位/);
    expect(existsSync(env.ORG_FILE!)).toBe(false);

    expect(await runOrgImport(['--force'], env, io)).toBe(2);
    expect(lines.err).toContain('不认识的参数 (unknown argument): --force');
    const { LARK_APP_ID: _, LARK_APP_SECRET: __, ...noCredentials } = env;
    expect(await runOrgImport([], noCredentials, io)).toBe(2);
    expect(lines.err.at(-1)).toContain('请设置 LARK_APP_ID 和 LARK_APP_SECRET');
  });
});

describe('npm run org:chats', () => {
  it('lists the group chats the bot is in, with ids and names, marking the ones the roles file uses', async () => {
    env.ORG_ROLES_FILE = join(dir, 'org.roles.json');
    expect(await runOrgChats(env, io)).toBe(0);
    const chats = (readJson(EXAMPLE) as { chats: Record<string, { chatId: string; name: string }> }).chats;
    expect(lines.out[0]).toBe('机器人所在的群（3 个）：');
    expect(lines.out).toContain(`  ${chats.leaders!.chatId}  区政府领导群  ← 角色文件 chats.leaders`);
    expect(lines.out).toContain(
      `  ${chats.governmentOffice!.chatId}  区政府办公室工作群  ← 角色文件 chats.governmentOffice`,
    );
  });
});
