import { existsSync, readFileSync } from 'node:fs';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { CHAT_KINDS, type Org } from '../domain/org.ts';
import { toLarkError } from '../lark/errors.ts';
import { createSdkClient } from '../lark/gateway.ts';
import { loadOrg } from '../org-loader.ts';
import { type ContactApi, createContactApi } from './contact-api.ts';
import { importOrg } from './import.ts';
import { orgText, writeFileAtomic } from './org-file.ts';
import { readFailure } from './read-directory.ts';
import { parseRoles, type Roles } from './roles.ts';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = [
  '用法 (usage): npm run org:import -- [--dry-run] [--roles <角色文件>] [--out <组织架构文件>]',
  '  读取飞书通讯录（contact v3）与角色文件，写出组织架构文件（默认 ORG_FILE，data/org.json）。',
  '  --dry-run  只检查并列出结果，不写文件',
];

/** Config with the app's credentials, or the reason there is none (the import reads the real tenant). */
function credentials(env: Record<string, string | undefined>, io: Io): Config | undefined {
  try {
    const config = loadConfig(env);
    if (config.mode !== 'sandbox') return config;
    io.err(
      '需要应用凭证 (needs the app credentials): 请设置 LARK_APP_ID 和 LARK_APP_SECRET（国际版或测试服务器另设 LARK_DOMAIN）。沙盒中的导入请在沙盒页面上进行。',
    );
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(err.message);
  }
  return undefined;
}

function contactApi(config: Config): ContactApi {
  return createContactApi(
    // Behind the office's proxy the import reaches Lark the way the bot does (HTTPS_PROXY).
    createSdkClient({
      appId: config.appId,
      appSecret: config.appSecret,
      domain: config.domain!,
      proxy: config.httpsProxy,
    }),
  );
}

function readRoles(file: string, io: Io): Roles | undefined {
  if (!existsSync(file)) {
    io.err(
      `找不到角色文件 (no roles file) ${file}: 参照 data/org.example.roles.json 和 README「组织架构来自飞书通讯录」编写`,
    );
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    io.err(`角色文件不是有效的 JSON (roles file is not valid JSON) ${file}: ${(err as Error).message}`);
    return undefined;
  }
  const r = parseRoles(raw);
  if (r.ok) return r.roles;
  io.err(`角色文件有误 (invalid roles file) ${file}, ${r.problems.length} problem(s):`);
  for (const p of r.problems) io.err(`  - ${p.path}: ${p.message}`);
  return undefined;
}

/** `npm run org:import`: the directory plus the roles file → the org file, whole or not at all. Exit code. */
export async function runOrgImport(
  args: string[],
  env: Record<string, string | undefined>,
  io: Io,
): Promise<number> {
  const opts = {
    dryRun: false,
    roles: undefined as string | undefined,
    out: undefined as string | undefined,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--dry-run') opts.dryRun = true;
    else if ((a === '--roles' || a === '--out') && args[i + 1])
      opts[a === '--roles' ? 'roles' : 'out'] = args[++i];
    else {
      for (const line of [`不认识的参数 (unknown argument): ${a}`, ...USAGE]) io.err(line);
      return 2;
    }
  }
  const config = credentials(env, io);
  if (!config) return 2;
  const out = opts.out ?? config.orgFile;
  const roles = readRoles(opts.roles ?? config.orgRolesFile, io);
  if (!roles) return 1;
  const api = contactApi(config);
  const started = performance.now();

  // The ids of the org in use are kept: the data folder refers to them.
  let previous: Org | undefined;
  if (existsSync(out)) {
    try {
      previous = (
        await loadOrg(out, async (q) => {
          const found = await api.resolveIds(q);
          const pick = (keys: string[]) =>
            Object.fromEntries(keys.flatMap((k) => (found.has(k) ? [[k, found.get(k)!]] : [])));
          return { byMobile: pick(q.mobiles), byEmail: pick(q.emails) };
        })
      ).org;
    } catch (err) {
      io.err(
        `! 现有组织架构文件 ${out} 无法使用，人员与单位将使用新的 id：${(err as Error).message.split('\n')[0]}`,
      );
    }
  }
  let r: Awaited<ReturnType<typeof importOrg>>;
  try {
    r = await importOrg({ api, roles, previous });
  } catch (err) {
    io.err(
      `导入失败，未写入任何文件 (import failed, nothing written): ${readFailure('飞书', toLarkError(err))}`,
    );
    return 1;
  }
  for (const w of r.warnings) io.out(`! ${w}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!r.ok) {
    io.err(`导入未完成，${out} 未改动 (nothing written), ${r.problems.length} problem(s):`);
    for (const p of r.problems) io.err(`  - ${p}`);
    return 1;
  }
  const summary = `${r.org.people.length} 人，${r.org.departments.length} 个单位，${api.requests} 次请求，用时 ${seconds} 秒`;
  if (opts.dryRun) {
    io.out(`检查通过（--dry-run，未写入）：${summary}`);
    return 0;
  }
  await writeFileAtomic(out, orgText(r.org));
  io.out(`已写入 ${out}：${summary}`);
  io.out('运行中的机器人会自动采用新的组织架构，无需重启。');
  return 0;
}

/** `npm run org:chats`: the group chats the bot is in, with ids and names, to pick the three from. */
export async function runOrgChats(env: Record<string, string | undefined>, io: Io): Promise<number> {
  const config = credentials(env, io);
  if (!config) return 2;
  let chats: Array<{ chat_id: string; name?: string }>;
  try {
    chats = await contactApi(config).chats();
  } catch (err) {
    io.err(readFailure('机器人所在的群 (im/v1/chats)', toLarkError(err)));
    return 1;
  }
  if (chats.length === 0) {
    io.out('机器人还不在任何群里：请先把机器人加入区政府领导群、督查室群和政府办群。');
    return 0;
  }
  const roles = existsSync(config.orgRolesFile)
    ? readRoles(config.orgRolesFile, { out: () => {}, err: () => {} })
    : undefined;
  const used = new Map(CHAT_KINDS.map((k) => [roles?.chats[k], k] as const));
  io.out(`机器人所在的群（${chats.length} 个）：`);
  for (const c of chats) {
    const kind = used.get(c.chat_id);
    io.out(`  ${c.chat_id}  ${c.name ?? ''}${kind ? `  ← 角色文件 chats.${kind}` : ''}`);
  }
  io.out(
    '在角色文件的 "chats" 中填写：{ "leaders": "oc_…", "supervision": "oc_…", "governmentOffice": "oc_…" }',
  );
  return 0;
}
