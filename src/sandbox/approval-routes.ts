import { asRecord } from './http-io.ts';
import { userIdOf } from './ids.ts';
import type { Route, RouteContext, SandboxState } from './state.ts';
import { type DirectoryUser, larkError, ok, type Reply } from './types.ts';

const invalid = (msg: string): Reply => larkError(400, 1390001, `param is invalid: ${msg}`);

export const userIdOfUser = (u: DirectoryUser): string => u.userId ?? userIdOf(u.openId);

/** approval v4 三方审批 (definitions, instances, the check) and the contact look-up of one user. */
export function approvalRoutes(state: SandboxState): Route[] {
  const store = state.approvals;
  return [
    {
      method: 'POST',
      pattern: /^\/open-apis\/approval\/v4\/external_approvals$/,
      auth: true,
      op: 'approval',
      run: ({ json }) => {
        const r = store.upsertDefinition(json);
        return r.ok ? ok({ approval_code: r.value }) : invalid(r.msg);
      },
    },
    {
      method: 'POST',
      pattern: /^\/open-apis\/approval\/v4\/external_instances$/,
      auth: true,
      op: 'approval',
      run: ({ json }) => {
        const r = store.sync(json);
        if (!r.ok) return invalid(r.msg);
        state.events.emit('approval', { instanceId: r.value.id, at: Date.now() });
        return ok({ data: json });
      },
    },
    {
      method: 'POST',
      pattern: /^\/open-apis\/approval\/v4\/external_instances\/check$/,
      auth: true,
      op: 'approval',
      run: ({ json }) => {
        const r = store.check(json);
        return r.ok ? ok({ diff_instances: r.value }) : invalid(r.msg);
      },
    },
    { method: 'GET', pattern: /^\/open-apis\/contact\/v3\/users\/([^/]+)$/, auth: true, run: userGet },
  ];

  function userGet({ params, query }: RouteContext): Reply {
    const id = decodeURIComponent(params[0] ?? '');
    const type = query.get('user_id_type') ?? 'open_id';
    const users = [...state.users.values()];
    const user =
      type === 'user_id'
        ? users.find((u) => userIdOfUser(u) === id)
        : type === 'open_id'
          ? state.users.get(id)
          : undefined;
    if (!user) return larkError(400, 41050, 'no user authority error');
    return ok({
      user: asRecord({ open_id: user.openId, user_id: userIdOfUser(user), name: user.name }),
    });
  }
}
