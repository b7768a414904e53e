import type { ContactDirectory, DepartmentIdType } from './contact-directory.ts';
import { unionIdOf, userIdOf } from './ids.ts';
import { invalidParam } from './message-rules.ts';
import type { Route, RouteContext, SandboxState } from './state.ts';
import { type DirectoryDepartment, type DirectoryUser, larkError, ok, type Reply } from './types.ts';

// The contact v3 and chat-list calls an org import makes, with Lark's paging, limits and errors
// (open.feishu.cn server-docs/contact-v3/department/children, …/user/find_by_department,
// server-docs/group/chat/list, server-docs/group/chat-member/get).

const ACTIVE = {
  is_frozen: false,
  is_resigned: false,
  is_activated: true,
  is_exited: false,
  is_unjoin: false,
};
const PER_SECOND = 50;

const noDeptAuthority = (): Reply => larkError(403, 40004, 'no dept authority error');
const pageSizeInvalid = (): Reply => larkError(400, 40011, 'page size is invalid');
const pageTokenInvalid = (): Reply => larkError(400, 40012, 'page token is invalid error');

type Page<T> = { ok: true; items: T[]; data: Record<string, unknown> } | { ok: false; reply: Reply };

/** Lark's page_token is opaque; the sandbox's encodes the offset and what it pages, so a foreign one fails. */
function page<T>(all: T[], query: URLSearchParams, what: string, max: number, dflt: number): Page<T> {
  const raw = query.get('page_size');
  const size = raw === null || raw === '' ? dflt : Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > max) return { ok: false, reply: pageSizeInvalid() };
  const token = query.get('page_token');
  let offset = 0;
  if (token) {
    const m = /^(\w+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m || m[1] !== what) return { ok: false, reply: pageTokenInvalid() };
    offset = Number(m[2]);
  }
  const items = all.slice(offset, offset + size);
  const more = offset + size < all.length;
  return {
    ok: true,
    items,
    data: {
      has_more: more,
      ...(more ? { page_token: Buffer.from(`${what}:${offset + size}`).toString('base64url') } : {}),
    },
  };
}

export function contactRoutes(state: SandboxState, dir: ContactDirectory): Route[] {
  const windows = new Map<string, number[]>();
  const limited = (api: string, run: (ctx: RouteContext) => Reply) => (ctx: RouteContext) => {
    const now = Date.now();
    const hits = (windows.get(api) ?? []).filter((t) => now - t < 1000);
    windows.set(api, hits);
    if (hits.length >= PER_SECOND) {
      const reset = Math.max(1, Math.ceil((1000 - (now - hits[0]!)) / 1000));
      return {
        status: 429,
        headers: { 'x-ogw-ratelimit-limit': String(PER_SECOND), 'x-ogw-ratelimit-reset': String(reset) },
        body: { code: 99991400, msg: 'request trigger frequency limit' },
      };
    }
    hits.push(now);
    return run(ctx);
  };
  return [
    {
      method: 'GET',
      pattern: /^\/open-apis\/contact\/v3\/departments\/([A-Za-z0-9_\-@.]+)\/children$/,
      auth: true,
      op: 'contact',
      run: limited('children', children),
    },
    {
      method: 'GET',
      pattern: /^\/open-apis\/contact\/v3\/users\/find_by_department$/,
      auth: true,
      op: 'contact',
      run: limited('find_by_department', findByDepartment),
    },
    { method: 'GET', pattern: /^\/open-apis\/im\/v1\/chats$/, auth: true, op: 'contact', run: chatList },
    {
      method: 'GET',
      pattern: /^\/open-apis\/im\/v1\/chats\/([A-Za-z0-9_-]+)\/members$/,
      auth: true,
      op: 'contact',
      run: chatMembers,
    },
  ];

  function idType(query: URLSearchParams): DepartmentIdType | undefined {
    const t = query.get('department_id_type') ?? 'open_department_id';
    return t === 'open_department_id' || t === 'department_id' ? t : undefined;
  }

  function openIdType(query: URLSearchParams): boolean {
    return (query.get('user_id_type') ?? 'open_id') === 'open_id';
  }

  /** The department a request names, or the reply that refuses it. */
  function target(id: string, type: DepartmentIdType): { openId: string } | { reply: Reply } {
    if (id === '0') return dir.inScope('0') ? { openId: '0' } : { reply: noDeptAuthority() };
    const d = dir.department(id, type);
    if (!d) return { reply: larkError(400, 40008, 'dept Info is null error') };
    return dir.inScope(d.openId) ? { openId: d.openId } : { reply: noDeptAuthority() };
  }

  function idOf(openDepartmentId: string, type: DepartmentIdType): string {
    if (openDepartmentId === '0') return '0';
    const d = dir.department(openDepartmentId);
    return type === 'open_department_id' || !d ? openDepartmentId : d.departmentId;
  }

  function children({ params, query }: RouteContext): Reply {
    const type = idType(query);
    if (!type) return invalidParam('department_id_type');
    if (!openIdType(query)) return invalidParam('the sandbox only knows user_id_type=open_id');
    const t = target(params[0] ?? '', type);
    if ('reply' in t) return t.reply;
    const all = dir.children(t.openId, query.get('fetch_child') === 'true');
    const p = page(all, query, 'dept', 50, 10);
    if (!p.ok) return p.reply;
    return ok({ ...p.data, items: p.items.map((d) => departmentJson(d, type)) });
  }

  function memberCount(d: DirectoryDepartment): number {
    const ids = new Set([d.openId, ...dir.children(d.openId, true).map((c) => c.openId)]);
    return [...state.users.values()].filter((u) => u.departmentIds?.some((x) => ids.has(x))).length;
  }

  function departmentJson(d: DirectoryDepartment, type: DepartmentIdType) {
    const main = d.leaders.find((l) => l.type === 1);
    return {
      name: d.name,
      i18n_name: { zh_cn: d.name, ja_jp: '', en_us: '' },
      parent_department_id: idOf(d.parent, type),
      department_id: d.departmentId,
      open_department_id: d.openId,
      ...(main ? { leader_user_id: main.openId } : {}),
      order: String(dir.departments().indexOf(d) * 100),
      member_count: memberCount(d),
      status: { is_deleted: false },
      leaders: d.leaders.map((l) => ({ leaderType: l.type, leaderID: l.openId })),
    };
  }

  function findByDepartment({ query }: RouteContext): Reply {
    const type = idType(query);
    if (!type) return invalidParam('department_id_type');
    if (!openIdType(query)) return invalidParam('the sandbox only knows user_id_type=open_id');
    const id = query.get('department_id');
    if (!id) return invalidParam('department_id is required');
    const t = target(id, type);
    if ('reply' in t) return t.reply;
    const p = page(dir.usersIn(t.openId), query, 'user', 50, 10);
    if (!p.ok) return p.reply;
    return ok({ ...p.data, items: p.items.map((u) => userJson(u, type)) });
  }

  function userJson(u: DirectoryUser, type: DepartmentIdType) {
    const depts = u.departmentIds ?? [];
    return {
      union_id: unionIdOf(u.openId),
      user_id: userIdOf(u.openId),
      open_id: u.openId,
      name: u.name,
      en_name: '',
      ...(u.email ? { email: u.email } : {}),
      ...(u.mobile ? { mobile: u.mobile } : {}),
      status: ACTIVE,
      department_ids: depts.map((d) => idOf(d, type)),
      job_title: u.jobTitle ?? '',
      orders: depts.map((d, i) => ({
        department_id: idOf(d, type),
        user_order: 0,
        department_order: depts.length - i,
        is_primary_dept: i === 0,
      })),
    };
  }

  function chatList({ query }: RouteContext): Reply {
    const p = page([...state.chats.values()], query, 'chat', 100, 20);
    if (!p.ok) return p.reply;
    const items = p.items.map((c) => ({
      chat_id: c.chatId,
      avatar: '',
      name: c.name,
      description: '',
      owner_id: c.members[0] ?? '',
      owner_id_type: 'open_id',
      external: false,
      tenant_key: state.tenantKey,
      chat_status: 'normal',
    }));
    return ok({ ...p.data, items });
  }

  function chatMembers({ params, query }: RouteContext): Reply {
    const chat = state.chats.get(params[0] ?? '');
    // Every sandbox chat has the bot in it; an unknown id is a chat it is not in.
    if (!chat) return larkError(400, 232011, 'Operator can NOT be out of the chat.');
    if ((query.get('member_id_type') ?? 'open_id') !== 'open_id') {
      return invalidParam('the sandbox only knows member_id_type=open_id');
    }
    const p = page(chat.members, query, 'member', 100, 20);
    if (!p.ok) return p.reply;
    const items = p.items.map((openId) => ({
      member_id_type: 'open_id',
      member_id: openId,
      name: state.users.get(openId)?.name ?? '',
      tenant_key: state.tenantKey,
    }));
    return ok({ ...p.data, items, member_total: chat.members.length });
  }
}
