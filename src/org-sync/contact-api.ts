import type * as lark from '@larksuiteoapi/node-sdk';
import { LarkError, toLarkError } from '../lark/errors.ts';
import { createRateLimiter } from '../lark/rate-limiter.ts';

type Request = Parameters<lark.Client['request']>[0];

/** A department as contact v3 returns it (department_id_type=open_department_id, user_id_type=open_id). */
export interface LarkDepartment {
  name: string;
  open_department_id: string;
  department_id?: string;
  parent_department_id?: string;
  leader_user_id?: string;
  /** leaderType 1 主负责人, 2 副负责人. */
  leaders?: Array<{ leaderType?: number; leaderID?: string }>;
}

/** A user as contact v3 returns it; the fields beyond open_id and name need their own scopes. */
export interface LarkUser {
  open_id: string;
  name?: string;
  job_title?: string;
  mobile?: string;
  email?: string;
  department_ids?: string[];
  orders?: Array<{ department_id?: string; is_primary_dept?: boolean }>;
}

export interface LarkChat {
  chat_id: string;
  name?: string;
}

/** The Lark calls an org import makes; every list is read to its last page, or the call throws. */
export interface ContactApi {
  children(departmentId: string): Promise<LarkDepartment[]>;
  usersIn(departmentId: string): Promise<LarkUser[]>;
  chats(): Promise<LarkChat[]>;
  chatMembers(chatId: string): Promise<string[]>;
  /** open_ids by mobile and by email (batch_get_id), keys as given. */
  resolveIds(q: { mobiles: string[]; emails: string[] }): Promise<Map<string, string>>;
  /** HTTP requests made so far (pages and retries). */
  readonly requests: number;
}

/** 40004 / 40014 (HTTP 403): the department is outside the app's contact permission range (通讯录权限范围). */
export const isOutOfRange = (e: LarkError): boolean => e.code === 40004 || e.code === 40014;

export interface ContactApiOptions {
  /** How long to wait; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
  /** Tries per page on 429 / 99991400 / 5xx before giving up (default 5). */
  attempts?: number;
  /** Requests a second per API (default 40, under Lark's 50); benchmarks lift it to see the import's own cost. */
  perSecond?: number;
}

// Lark answers contact v3 at most 50 pages a second per API (1000/min); requests are paced below that so
// a 429 is the exception, and a 429 still waits for `x-ogw-ratelimit-reset` and tries again.
const PAGE = { contact: 50, chats: 100 };

/**
 * The contact calls through the SDK's authenticated `request`, paged by hand: the SDK's
 * `…WithIterator` helpers end quietly on a 403 or a 429 mid-list (reference/lark-platform.md §10),
 * which would let an import write half an org. Here every page is checked and a failure throws.
 */
export function createContactApi(client: lark.Client, o: ContactApiOptions = {}): ContactApi {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts = o.attempts ?? 5;
  const limiter = createRateLimiter({
    perKey: Number.POSITIVE_INFINITY,
    perApp: o.perSecond ?? 40,
    windowMs: 1000,
  });

  let requests = 0;
  async function call<T>(api: string, req: Request): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      for (let wait = limiter.take('all', Date.now(), api); wait > 0; ) {
        await sleep(wait);
        wait = limiter.take('all', Date.now(), api);
      }
      let err: LarkError;
      requests++;
      try {
        const res = await client.request<{ code?: number; msg?: string; data?: T }>(req);
        if (res && (res.code === undefined || res.code === 0)) return (res.data ?? {}) as T;
        err = new LarkError(res?.code ?? -1, res?.msg ?? 'empty response', res?.code === 99991400);
      } catch (e) {
        err = toLarkError(e);
      }
      if (!err.retryable || attempt >= attempts) throw err;
      await sleep(err.retryAfterMs ?? 500 * 2 ** (attempt - 1));
    }
  }

  async function all<T>(
    api: string,
    url: string,
    params: Record<string, string | number>,
    pageSize: number,
  ): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    for (;;) {
      const data = await call<{ items?: T[]; has_more?: boolean; page_token?: string }>(api, {
        url,
        method: 'GET',
        params: { ...params, page_size: pageSize, ...(token ? { page_token: token } : {}) },
      });
      out.push(...(data.items ?? []));
      if (!data.has_more) return out;
      // has_more without a token would loop forever on the first page.
      if (!data.page_token) throw new LarkError(-1, `${url}: has_more without page_token`, false);
      token = data.page_token;
    }
  }

  // A custom department_id (set by an administrator) is read with its own id type; `od-…` and 0 are open ids.
  const idType = (id: string) =>
    id === '0' || id.startsWith('od-') ? 'open_department_id' : 'department_id';

  return {
    get requests() {
      return requests;
    },
    children: (id) =>
      all<LarkDepartment>(
        'children',
        `/open-apis/contact/v3/departments/${encodeURIComponent(id)}/children`,
        { department_id_type: idType(id), user_id_type: 'open_id', fetch_child: 'false' },
        PAGE.contact,
      ),
    usersIn: (id) =>
      all<LarkUser>(
        'find_by_department',
        '/open-apis/contact/v3/users/find_by_department',
        { department_id: id, department_id_type: idType(id), user_id_type: 'open_id' },
        PAGE.contact,
      ),
    chats: () => all<LarkChat>('chats', '/open-apis/im/v1/chats', {}, PAGE.chats),
    async chatMembers(chatId) {
      const items = await all<{ member_id?: string }>(
        'chat_members',
        `/open-apis/im/v1/chats/${encodeURIComponent(chatId)}/members`,
        { member_id_type: 'open_id' },
        PAGE.chats,
      );
      return items.flatMap((m) => (m.member_id ? [m.member_id] : []));
    },
    async resolveIds(q) {
      const found = new Map<string, string>();
      // batch_get_id takes at most 50 mobiles and 50 emails a call.
      for (let i = 0; i < Math.max(q.mobiles.length, q.emails.length); i += 50) {
        const data = await call<{
          user_list?: Array<{ user_id?: string; mobile?: string; email?: string }>;
        }>('batch_get_id', {
          url: '/open-apis/contact/v3/users/batch_get_id',
          method: 'POST',
          params: { user_id_type: 'open_id' },
          data: { mobiles: q.mobiles.slice(i, i + 50), emails: q.emails.slice(i, i + 50) },
        });
        for (const u of data.user_list ?? []) {
          if (!u.user_id) continue;
          if (u.mobile) found.set(u.mobile, u.user_id);
          if (u.email) found.set(u.email, u.user_id);
        }
      }
      return found;
    },
  };
}
