import type { DirectoryDepartment, DirectoryUser } from './types.ts';

/**
 * The sandbox tenant's contact tree, as contact v3 sees it: departments with their leaders, users with
 * their departments, and the app's contact permission range (通讯录权限范围) — a department outside it
 * answers 40004, as Lark does.
 */
export interface ContactDirectory {
  department(id: string, type?: DepartmentIdType): DirectoryDepartment | undefined;
  /** Direct children (or every descendant), in the order they were added. */
  children(parent: string, recursive: boolean): DirectoryDepartment[];
  /** Users directly in a department. */
  usersIn(openDepartmentId: string): DirectoryUser[];
  /** Whether the app's contact range covers a department (`0`: the whole tenant). */
  inScope(openDepartmentId: string): boolean;
  /** Limits the contact range to these departments and their subtrees; `all` is the whole tenant. */
  setScope(scope: 'all' | string[]): void;
  /** Sets a department's leaders (leaderType 1 main, 2 deputy), as an administrator does in the admin console. */
  setLeaders(openDepartmentId: string, main: string | undefined, deputies?: string[]): void;
  addDepartment(d: DirectoryDepartment): void;
  /** Adds or replaces a user (a new hire, a move: pass the new departmentIds). */
  putUser(u: DirectoryUser): void;
  /** The user leaves the tenant: gone from every department and from the leaders. */
  removeUser(openId: string): void;
  departments(): readonly DirectoryDepartment[];
}

export type DepartmentIdType = 'open_department_id' | 'department_id';

export function createContactDirectory(
  departments: DirectoryDepartment[],
  users: Map<string, DirectoryUser>,
): ContactDirectory {
  const list = [...departments];
  const byOpen = new Map(list.map((d) => [d.openId, d]));
  let scope: 'all' | Set<string> = 'all';

  const find = (id: string, type: DepartmentIdType = 'open_department_id') =>
    type === 'open_department_id' ? byOpen.get(id) : list.find((d) => d.departmentId === id);

  const inScope = (id: string): boolean => {
    if (scope === 'all') return true;
    // The range covers a department's whole subtree.
    for (let d = byOpen.get(id); d; d = byOpen.get(d.parent)) if (scope.has(d.openId)) return true;
    return false;
  };

  return {
    department: find,
    children(parent, recursive) {
      const direct = list.filter((d) => d.parent === parent);
      return recursive ? direct.flatMap((d) => [d, ...this.children(d.openId, true)]) : direct;
    },
    usersIn: (id) => [...users.values()].filter((u) => u.departmentIds?.includes(id)),
    inScope,
    setScope(s) {
      scope = s === 'all' ? 'all' : new Set(s);
    },
    setLeaders(id, main, deputies = []) {
      const d = byOpen.get(id);
      if (!d) throw new Error(`sandbox contact: no department ${id}`);
      d.leaders = [
        ...(main ? [{ type: 1 as const, openId: main }] : []),
        ...deputies.map((openId) => ({ type: 2 as const, openId })),
      ];
    },
    addDepartment(d) {
      list.push(d);
      byOpen.set(d.openId, d);
    },
    putUser: (u) => void users.set(u.openId, u),
    removeUser(openId) {
      users.delete(openId);
      for (const d of list) d.leaders = d.leaders.filter((l) => l.openId !== openId);
    },
    departments: () => list,
  };
}

/** The body of contact.department.updated_v3 as Lark sends it (object: the department after the change). */
export function departmentEventBody(d: DirectoryDepartment): Record<string, unknown> {
  const main = d.leaders.find((l) => l.type === 1);
  return {
    object: {
      name: d.name,
      parent_department_id: d.parent,
      department_id: d.departmentId,
      open_department_id: d.openId,
      ...(main ? { leader_user_id: main.openId } : {}),
      status: { is_deleted: false },
      leaders: d.leaders.map((l) => ({ leaderType: l.type, leaderID: l.openId })),
    },
  };
}

/** The body of contact.user.created_v3 / updated_v3 / deleted_v3 (object: the user). */
export function userEventBody(u: DirectoryUser): Record<string, unknown> {
  return {
    object: {
      open_id: u.openId,
      name: u.name,
      job_title: u.jobTitle ?? '',
      department_ids: u.departmentIds ?? [],
      status: {
        is_frozen: false,
        is_resigned: false,
        is_activated: true,
        is_exited: false,
        is_unjoin: false,
      },
    },
  };
}
