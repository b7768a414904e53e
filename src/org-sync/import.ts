import { type Org, parseOrg } from '../domain/org.ts';
import { toLarkError } from '../lark/errors.ts';
import type { ContactApi } from './contact-api.ts';
import { mergeOrg } from './merge.ts';
import { readDirectory, readFailure } from './read-directory.ts';
import { type Roles, refKind } from './roles.ts';
import type { ImportProblem } from './units.ts';

export type ImportResult =
  | { ok: true; org: Org; warnings: string[] }
  | { ok: false; problems: string[]; warnings: string[] };

/** One line per problem, saying which file the path is in. */
export function problemLines(problems: ImportProblem[]): string[] {
  return problems.map(
    (p) => `[${p.where === 'roles' ? '角色文件 roles' : '组织架构 org'}] ${p.path}: ${p.message}`,
  );
}

function rolesRefs(roles: Roles): string[] {
  const L = roles.leaders;
  return [
    L.head,
    L.executiveViceHead,
    L.designatedPresider,
    L.officeDirector,
    ...L.viceHeads.flatMap((v) => [v.person, ...(v.abPartner ? [v.abPartner] : [])]),
  ];
}

/**
 * 从飞书通讯录导入 — reads the root's subtree, the chats the bot is in and the three chats' members,
 * merges them with the roles file and checks the result as the bot checks an org file. The org comes
 * back only when nothing is missing; otherwise every problem, each on one line.
 */
export async function importOrg(o: { api: ContactApi; roles: Roles; previous?: Org }): Promise<ImportResult> {
  const { api, roles } = o;
  const read = await readDirectory(api, roles.directory.root);
  if (!read.ok) return { ok: false, problems: read.problems, warnings: [] };
  const snapshot = read.snapshot;

  const problems: string[] = [];
  // Mobiles and emails Lark did not return with the users (no phone / email scope) go through batch_get_id.
  const known = new Set([...snapshot.users.values()].flatMap((u) => [u.mobile, u.email].filter(Boolean)));
  const refs = rolesRefs(roles).filter((r) => refKind(r) !== 'open_id' && !known.has(r));
  let resolved = new Map<string, string>();
  if (refs.length > 0) {
    try {
      resolved = await api.resolveIds({
        mobiles: refs.filter((r) => refKind(r) === 'mobile'),
        emails: refs.filter((r) => refKind(r) === 'email'),
      });
    } catch (err) {
      problems.push(readFailure('按手机号 / 邮箱查找角色文件中的人员 (batch_get_id)', toLarkError(err)));
    }
  }
  const chats = new Map<string, { name: string; members?: string[] }>();
  try {
    for (const c of await api.chats()) chats.set(c.chat_id, { name: c.name ?? '' });
    for (const id of new Set(Object.values(roles.chats))) {
      const chat = chats.get(id);
      if (chat) chat.members = await api.chatMembers(id);
    }
  } catch (err) {
    problems.push(readFailure('机器人所在的群 (im/v1/chats)', toLarkError(err)));
  }
  if (problems.length > 0) return { ok: false, problems, warnings: [] };

  const merged = mergeOrg({ snapshot, roles, previous: o.previous, resolved, chats });
  const parsed = parseOrg(merged.raw);
  // The merge already said why a field is empty (or a function unit is unknown); parseOrg saying it
  // again for the same path adds nothing.
  const said = new Set(merged.problems.map((p) => p.path));
  const explained = (p: { path: string; message: string }) =>
    said.has(p.path) ||
    (p.path === 'departments' && said.has(`functions.${/function "(\w+)"/.exec(p.message)?.[1]}`));
  const all = [
    ...merged.problems,
    ...(parsed.ok
      ? []
      : parsed.problems.filter((p) => !explained(p)).map((p) => ({ where: 'org' as const, ...p }))),
  ];
  if (all.length > 0 || !parsed.ok)
    return { ok: false, problems: problemLines(all), warnings: merged.warnings };
  return { ok: true, org: parsed.org, warnings: merged.warnings };
}
