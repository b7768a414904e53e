import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DirectoryDepartment } from './sandbox/types.ts';

export interface DirectoryEntry {
  openId: string;
  name: string;
  mobile?: string;
  email?: string;
  departmentIds?: string[];
  jobTitle?: string;
}

interface RawOrg {
  district?: string;
  people?: Array<{
    id: string;
    name: string;
    title?: string;
    openId?: string;
    mobile?: string;
    email?: string;
  }>;
  departments?: Array<{ id: string; name: string; mainHead: string; deputies?: string[]; staff?: string[] }>;
  chats?: Record<string, { chatId: string; name: string; members: string[] }>;
}

export interface SandboxTenant {
  people: DirectoryEntry[];
  departments: DirectoryDepartment[];
  chats: Array<{ chatId: string; name: string; members: string[] }>;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** The sandbox's open_department_id for an org file's department id (`root`, `leaders` for the two extra ones). */
export const sandboxDepartmentId = (id: string): string => `od-${md5(`sandbox-dept:${id}`)}`;

/** The Lark department the sandbox puts the district government's root at. */
export const SANDBOX_ROOT = sandboxDepartmentId('root');

/**
 * The sandbox's "tenant", built from an org file: everyone in it (people listed by mobile or email get a
 * derived open_id, so they resolve through the contact API exactly as against real Lark), and the
 * contact tree contact v3 serves — a root department for the district government, a 区政府领导
 * department for the leaders, and one department per unit with its main head (leaderType 1) and deputies
 * (leaderType 2) as Lark's department leaders.
 */
export function sandboxTenant(raw: RawOrg): SandboxTenant {
  const openIdOf = new Map(
    (raw.people ?? []).map((p) => [p.id, p.openId ?? `ou_${md5(`sandbox:${p.id}`)}`] as const),
  );
  const deptOf = new Map<string, string>();
  const departments: DirectoryDepartment[] = [
    {
      openId: SANDBOX_ROOT,
      departmentId: 'district-government',
      name: `${(raw.district ?? '示例区').replace(/（.*）$/, '')}人民政府`,
      parent: '0',
      leaders: [],
    },
    {
      openId: sandboxDepartmentId('leaders'),
      departmentId: 'district-leaders',
      name: '区政府领导',
      parent: SANDBOX_ROOT,
      leaders: [],
    },
  ];
  for (const d of raw.departments ?? []) {
    const openId = sandboxDepartmentId(d.id);
    const oid = (id: string) => openIdOf.get(id) ?? id;
    departments.push({
      openId,
      departmentId: d.id,
      name: d.name,
      parent: SANDBOX_ROOT,
      leaders: [
        { type: 1, openId: oid(d.mainHead) },
        ...(d.deputies ?? []).map((id) => ({ type: 2 as const, openId: oid(id) })),
      ],
    });
    for (const id of [d.mainHead, ...(d.deputies ?? []), ...(d.staff ?? [])])
      if (!deptOf.has(id)) deptOf.set(id, openId);
  }
  const people = (raw.people ?? []).map((p) => ({
    openId: openIdOf.get(p.id)!,
    name: p.name,
    mobile: p.mobile,
    email: p.email,
    departmentIds: [deptOf.get(p.id) ?? sandboxDepartmentId('leaders')],
    ...(p.title ? { jobTitle: p.title } : {}),
  }));
  const chats = Object.values(raw.chats ?? {}).map((c) => ({
    chatId: c.chatId,
    name: c.name,
    members: c.members.map((m) => openIdOf.get(m) ?? m),
  }));
  return { people, departments, chats };
}

/** The sandbox tenant of an org file (see `sandboxTenant`). */
export function sandboxDirectory(orgFile: string): SandboxTenant {
  return sandboxTenant(JSON.parse(readFileSync(orgFile, 'utf8')) as RawOrg);
}
