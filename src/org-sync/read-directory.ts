import type { LarkError } from '../lark/errors.ts';
import { toLarkError } from '../lark/errors.ts';
import { type ContactApi, isOutOfRange, type LarkDepartment, type LarkUser } from './contact-api.ts';

/** The district's part of the tenant's directory, as read from contact v3 at one moment. */
export interface DirectorySnapshot {
  rootId: string;
  /** Every department under the root, parents before their children. */
  departments: LarkDepartment[];
  /** Every user found under the root, by open_id, in the order first met. */
  users: Map<string, LarkUser>;
  /** Department (or the root id) → the open_ids directly in it, in Lark's order. */
  members: Map<string, string[]>;
  /** open_department_id → its parent's id (`rootId` for the root's children), as the tree was walked. */
  parent: Map<string, string>;
}

export type DirectoryRead = { ok: true; snapshot: DirectorySnapshot } | { ok: false; problems: string[] };

// Two calls per department; four departments at a time keep a real tenant's import to seconds while the
// contact API's pacing (contact-api.ts) keeps it under Lark's 50 a second.
const PARALLEL = 4;

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** One clear line for a failed read, naming the department (40004: outside the contact permission range). */
export function readFailure(what: string, err: LarkError): string {
  if (isOutOfRange(err)) {
    return `${what} 不在应用的通讯录权限范围内（Lark ${err.code}，HTTP ${err.status ?? 403}）：请在开发者后台 → 权限管理 → 数据权限 → 通讯录权限范围中加入该部门（或整个区政府），发布新版本后再导入`;
  }
  if (err.code === 99991400 || err.status === 429) {
    return `${what} 读取时多次触发 Lark 频率限制（99991400，HTTP 429），已按 x-ogw-ratelimit-reset 等待重试仍未成功：请稍后再导入`;
  }
  return `${what} 读取失败：${err.message}`;
}

/**
 * Reads the root's subtree: each department's children and its direct users, every page of each.
 * Nothing is returned unless every call succeeded; otherwise every failed department is named.
 */
export async function readDirectory(api: ContactApi, rootId: string): Promise<DirectoryRead> {
  const departments: LarkDepartment[] = [];
  const users = new Map<string, LarkUser>();
  const members = new Map<string, string[]>();
  const parent = new Map<string, string>();
  const problems: string[] = [];
  const seen = new Set<string>([rootId]);
  let level: Array<{ id: string; label: string }> = [{ id: rootId, label: `根部门 ${rootId}` }];

  while (level.length > 0) {
    const found = await mapLimit(level, PARALLEL, async ({ id, label }) => {
      const [kids, people] = await Promise.allSettled([api.children(id), api.usersIn(id)]);
      if (kids.status === 'rejected' || people.status === 'rejected') {
        const err = toLarkError(
          kids.status === 'rejected' ? kids.reason : (people as PromiseRejectedResult).reason,
        );
        problems.push(readFailure(label, err));
        return [];
      }
      members.set(
        id,
        people.value.map((u) => u.open_id),
      );
      for (const u of people.value) if (!users.has(u.open_id)) users.set(u.open_id, u);
      return kids.value.map((d) => ({ d, from: id }));
    });
    level = [];
    for (const { d, from } of found.flat()) {
      // A department listed twice (a paging glitch) would be read twice and double its members.
      if (seen.has(d.open_department_id)) continue;
      seen.add(d.open_department_id);
      departments.push(d);
      parent.set(d.open_department_id, from);
      level.push({ id: d.open_department_id, label: `部门「${d.name}」(${d.open_department_id})` });
    }
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, snapshot: { rootId, departments, users, members, parent } };
}
