import { stringList, stringOr } from './http-io.ts';
import { newFileKey } from './ids.ts';
import { invalidParam } from './message-rules.ts';
import { boundaryOf, parseMultipart } from './multipart.ts';
import type { Route, RouteContext, SandboxState } from './state.ts';
import { type DirectoryUser, larkError, ok, type Reply } from './types.ts';

const ACTIVE = {
  is_frozen: false,
  is_resigned: false,
  is_activated: true,
  is_exited: false,
  is_unjoin: false,
};

/** Everything except the message calls: token, bot info, files, contact lookup, delayed card update. */
export function openRoutes(state: SandboxState): Route[] {
  const { opts } = state;
  return [
    {
      method: 'POST',
      pattern: /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/,
      auth: false,
      run: token,
    },
    { method: 'GET', pattern: /^\/open-apis\/bot\/v3\/info$/, auth: true, run: botInfo },
    { method: 'POST', pattern: /^\/open-apis\/im\/v1\/files$/, auth: true, op: 'file', run: uploadFile },
    {
      method: 'POST',
      pattern: /^\/open-apis\/contact\/v3\/users\/batch_get_id$/,
      auth: true,
      run: batchGetId,
    },
    { method: 'POST', pattern: /^\/open-apis\/interactive\/v1\/card\/update$/, auth: true, run: cardUpdate },
  ];

  function token({ json }: RouteContext): Reply {
    if (json.app_id !== opts.appId || json.app_secret !== opts.appSecret) {
      return larkError(200, 10014, 'app secret invalid');
    }
    return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: state.token, expire: 7200 } };
  }

  function botInfo(): Reply {
    const bot = {
      activate_status: 2,
      app_name: opts.botName,
      avatar_url: '',
      ip_white_list: [],
      open_id: opts.botOpenId,
    };
    return { status: 200, body: { code: 0, msg: 'ok', bot } };
  }

  function uploadFile({ headers, body }: RouteContext): Reply {
    const boundary = boundaryOf(headers['content-type']);
    if (!boundary) return invalidParam('expected multipart/form-data');
    const fields = new Map(parseMultipart(body, boundary).map((p) => [p.name, p]));
    const type = fields.get('file_type')?.data.toString('utf8');
    const name = fields.get('file_name')?.data.toString('utf8');
    const file = fields.get('file');
    if (!type || !name || !file) return invalidParam('file_type, file_name and file are required');
    if (file.data.length === 0) return invalidParam('file must not be empty');
    const key = newFileKey();
    state.files.set(key, { key, name, type, bytes: file.data, createdAt: Date.now() });
    return ok({ file_key: key });
  }

  function batchGetId({ query, json }: RouteContext): Reply {
    const idType = query.get('user_id_type') ?? 'open_id';
    if (idType !== 'open_id') return invalidParam('the sandbox only knows open_id');
    const users = [...state.users.values()];
    const entry = (user: DirectoryUser | undefined) => (user ? { user_id: user.openId, status: ACTIVE } : {});
    const byEmail = stringList(json.emails).map((email) => ({
      email,
      ...entry(users.find((u) => u.email?.toLowerCase() === email.toLowerCase())),
    }));
    const byMobile = stringList(json.mobiles).map((mobile) => ({
      mobile,
      ...entry(users.find((u) => u.mobile !== undefined && sameMobile(u.mobile, mobile))),
    }));
    return ok({ user_list: [...byEmail, ...byMobile] });
  }

  function cardUpdate({ json }: RouteContext): Reply {
    const cardToken = stringOr(json.token);
    if (!cardToken || json.card === undefined) return invalidParam('token and card are required');
    const card = json.card;
    const messageId = state.cardTokens.get(cardToken);
    const at = Date.now();
    const update = messageId ? { token: cardToken, card, at, messageId } : { token: cardToken, card, at };
    state.cardUpdates.push(update);
    const message = messageId ? state.store.get(messageId) : undefined;
    if (message) {
      message.patches.push({ content: card, at });
      state.events.emit('patch', { messageId: message.messageId, content: card, at });
    }
    state.events.emit('cardUpdate', update);
    return ok({});
  }
}

// Lark matches "13800000000" against "+8613800000000".
function sameMobile(a: string, b: string): boolean {
  const local = (m: string) => m.replace(/\D/g, '').replace(/^86(?=\d{11}$)/, '');
  return local(a) === local(b);
}
