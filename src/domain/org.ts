import type { DueSpec } from './engine/types.ts';
import type { ChatKind, ChatRef, Department, DepartmentFunction, Org, Person } from './org-schema.ts';
import { STEP_LIMIT_DEFAULTS, type StepLimitKind } from './rule-limits.ts';

export {
  CHAT_KINDS,
  type ChatKind,
  type ChatRef,
  type Department,
  type DepartmentFunction,
  type DepartmentKind,
  type Leaders,
  normaliseEmail,
  normaliseMobile,
  type Org,
  type OrgProblem,
  type Person,
  parseOrg,
} from './org-schema.ts';

/** 职务类别 — what a person is in the district government (§6–§9). */
export type RoleKind =
  | 'head'
  | 'executive_vice_head'
  | 'vice_head'
  | 'office_director'
  | 'department_main_head'
  | 'department_deputy'
  | 'department_staff';

/** 职务 — a role with its Chinese label, e.g. `区司法局 主要负责人` or `副区长`. */
export interface Role {
  kind: RoleKind;
  departmentId?: string;
  label: string;
}

/** 组织架构查询 — answers "who is who" in O(1); built once from an org that passed parseOrg. */
export interface OrgIndex {
  person(id: string): Person | undefined;
  personByOpenId(openId: string): Person | undefined;
  people(): readonly Person[];
  /** Leader roles first. The executive vice head has only `executive_vice_head`; isViceHead() covers both. */
  rolesOf(personId: string): readonly Role[];
  primaryRole(personId: string): Role | undefined;
  /** The department a person belongs to as main head, deputy or staff. */
  departmentOf(personId: string): Department | undefined;
  department(id: string): Department | undefined;
  departmentByFunction(fn: DepartmentFunction): Department;
  departments(): readonly Department[];
  /** 分管副区长; throws on an unknown department id, which is a bug in the caller. */
  supervisingViceHead(departmentId: string): Person;
  abPartner(viceHeadId: string): Person | undefined;
  /** Head, executive vice head and vice heads (区政府领导); the office director is not one. */
  isLeader(personId: string): boolean;
  /** True for the executive vice head too. */
  isViceHead(personId: string): boolean;
  head(): Person;
  executiveViceHead(): Person;
  designatedPresider(): Person;
  officeDirector(): Person;
  /** Head, executive vice head, then the other vice heads in file order. */
  leaders(): readonly Person[];
  /** Every vice head, the executive vice head included, in file order. */
  viceHeads(): readonly Person[];
  /** Who is escalated to when this person is overdue: department people → 分管副区长; vice heads, office director → head. */
  supervisingLeaderOf(personId: string): Person | undefined;
  departmentsSupervisedBy(viceHeadId: string): readonly Department[];
  openIdOf(personId: string): string | undefined;
  chat(kind: ChatKind): ChatRef;
  /** When the daily digest is posted (HH:mm, Beijing time), from the org file's `schedule`. */
  digestTime(): string;
  /** When the morning nags go out (HH:mm, Beijing time; `schedule.nagTime`, 09:00 by default). */
  nagTime(): string;
  /** The limit of a kind of step the seed gives no number for (`schedule.stepLimits`, else the default). */
  stepLimit(kind: StepLimitKind): DueSpec;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

export function indexOrg(org: Org): OrgIndex {
  const people = new Map(org.people.map((p) => [p.id, p]));
  const byOpenId = new Map(org.people.flatMap((p) => (p.openId ? [[p.openId, p] as const] : [])));
  const departments = new Map(org.departments.map((d) => [d.id, d]));
  const byFunction = new Map(org.departments.flatMap((d) => (d.function ? [[d.function, d] as const] : [])));
  const supervised = groupBy(org.departments, (d) => d.supervisor);
  const must = (id: string): Person => {
    const p = people.get(id);
    if (!p) throw new Error(`org: unknown person "${id}" (was the org checked with parseOrg?)`);
    return p;
  };

  const L = org.leaders;
  const head = must(L.head);
  const executive = must(L.executiveViceHead);
  const presider = must(L.designatedPresider);
  const director = must(L.officeDirector);
  const viceHeads = L.viceHeads.map((v) => must(v.person));
  const viceHeadIds = new Set(viceHeads.map((p) => p.id));
  const partners = new Map(
    L.viceHeads.flatMap((v) => (v.abPartner ? [[v.person, must(v.abPartner)] as const] : [])),
  );
  const leaders = [head, executive, ...viceHeads.filter((p) => p.id !== executive.id)];

  const roles = new Map<string, Role[]>();
  const memberOf = new Map<string, Department>();
  const give = (id: string, role: Role) => roles.set(id, [...(roles.get(id) ?? []), role]);
  give(head.id, { kind: 'head', label: '区长' });
  give(executive.id, { kind: 'executive_vice_head', label: '常务副区长' });
  for (const p of viceHeads) if (p.id !== executive.id) give(p.id, { kind: 'vice_head', label: '副区长' });
  give(director.id, { kind: 'office_director', label: '政府办主任' });
  for (const d of org.departments) {
    const members: Array<[string, RoleKind, string]> = [
      [d.mainHead, 'department_main_head', '主要负责人'],
      ...d.deputies.map((id): [string, RoleKind, string] => [id, 'department_deputy', '分管负责人']),
      ...d.staff.map((id): [string, RoleKind, string] => [id, 'department_staff', '工作人员']),
    ];
    for (const [id, kind, label] of members) {
      give(id, { kind, departmentId: d.id, label: `${d.name} ${label}` });
      if (!memberOf.has(id)) memberOf.set(id, d);
    }
  }

  const index: OrgIndex = {
    person: (id) => people.get(id),
    personByOpenId: (openId) => byOpenId.get(openId),
    people: () => org.people,
    rolesOf: (id) => roles.get(id) ?? [],
    primaryRole: (id) => roles.get(id)?.[0],
    departmentOf: (id) => memberOf.get(id),
    department: (id) => departments.get(id),
    departmentByFunction: (fn) => {
      const d = byFunction.get(fn);
      if (!d) throw new Error(`org: no department has function "${fn}" (was the org checked with parseOrg?)`);
      return d;
    },
    departments: () => org.departments,
    supervisingViceHead: (departmentId) => {
      const d = departments.get(departmentId);
      if (!d) throw new Error(`org: unknown department "${departmentId}"`);
      return must(d.supervisor);
    },
    abPartner: (id) => partners.get(id),
    isLeader: (id) => id === head.id || viceHeadIds.has(id),
    isViceHead: (id) => viceHeadIds.has(id),
    head: () => head,
    executiveViceHead: () => executive,
    designatedPresider: () => presider,
    officeDirector: () => director,
    leaders: () => leaders,
    viceHeads: () => viceHeads,
    supervisingLeaderOf: (id) => {
      if (id === head.id) return undefined;
      if (viceHeadIds.has(id) || id === director.id) return head;
      const d = memberOf.get(id);
      return d ? must(d.supervisor) : undefined;
    },
    departmentsSupervisedBy: (id) => supervised.get(id) ?? [],
    openIdOf: (id) => people.get(id)?.openId,
    chat: (kind) => org.chats[kind],
    digestTime: () => org.schedule.digestTime,
    nagTime: () => org.schedule.nagTime,
    stepLimit: (kind) => {
      const d = STEP_LIMIT_DEFAULTS[kind];
      return { rule: d.rule, unit: d.unit, amount: org.schedule.stepLimits[kind] ?? d.amount };
    },
  };
  return index;
}
