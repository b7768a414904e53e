import { CHAT_KINDS, normaliseEmail, normaliseMobile, type Org } from '../domain/org.ts';
import type { LarkUser } from './contact-api.ts';
import { assignIds } from './ids.ts';
import { placePeople } from './placement.ts';
import type { DirectorySnapshot } from './read-directory.ts';
import { FUNCTIONS, kindByName, type Roles, refKind } from './roles.ts';
import { type ImportProblem, selectUnits, treeOf } from './units.ts';

export interface MergeInput {
  snapshot: DirectorySnapshot;
  roles: Roles;
  /** The org in use, whose person and unit ids are kept (the data folder refers to them). */
  previous?: Org;
  /** open_ids that batch_get_id found for the roles file's mobiles and emails. */
  resolved: Map<string, string>;
  /** The chats the bot is in (the chat list API), with the members of the ones the roles file names. */
  chats: Map<string, { name: string; members?: string[] }>;
}

export interface MergeResult {
  /** The org file's content, in the bot's schema (still to be checked with parseOrg). */
  raw: Record<string, unknown>;
  problems: ImportProblem[];
  /** Lines that do not stop the import: a person in two units, a vice head who supervises nothing, … */
  warnings: string[];
}

const listNames = (names: string[], max = 10) =>
  names.length > max ? `${names.slice(0, max).join('、')} 等 ${names.length} 人` : names.join('、');

/** The directory read from Lark plus the roles file → the org file, and everything it could not fill. */
export function mergeOrg(m: MergeInput): MergeResult {
  const problems: ImportProblem[] = [];
  const warnings: string[] = [];
  const { snapshot: s, roles } = m;
  const tree = treeOf(s);
  const units = selectUnits(tree, roles.directory, problems);
  const unitIds = new Set(units.map((u) => u.open_department_id));
  const user = (openId: string): LarkUser | undefined => s.users.get(openId);

  const { placed, lostMain, rosterOf } = placePeople(tree, units, warnings);
  const unitName = (id: string) => tree.byId.get(id)?.name ?? id;

  // The people the roles file names, resolved to open_ids.
  const byMobile = new Map<string, string>();
  const byEmail = new Map<string, string>();
  for (const u of s.users.values()) {
    if (u.mobile) byMobile.set(normaliseMobile(u.mobile), u.open_id);
    if (u.email) byEmail.set(normaliseEmail(u.email), u.open_id);
  }
  const resolvePerson = (ref: string, path: string): string | undefined => {
    const kind = refKind(ref);
    const openId =
      kind === 'open_id'
        ? ref
        : kind === 'mobile'
          ? (byMobile.get(normaliseMobile(ref)) ?? m.resolved.get(ref))
          : (byEmail.get(normaliseEmail(ref)) ?? m.resolved.get(ref));
    if (openId && user(openId)) return openId;
    problems.push({
      where: 'roles',
      path,
      message: openId
        ? `${ref} is ${openId}, who is not under the root department ${s.rootId} (or is outside the app's contact range)`
        : `no one in Lark has the ${kind} ${ref}`,
    });
    return undefined;
  };
  const L = roles.leaders;
  const roleTitle = new Map<string, string>();
  const rolePerson = (ref: string, path: string, title: string) => {
    const openId = resolvePerson(ref, path);
    if (openId && !roleTitle.has(openId)) roleTitle.set(openId, title);
    return openId;
  };
  const head = rolePerson(L.head, 'leaders.head', '区长');
  const executive = rolePerson(L.executiveViceHead, 'leaders.executiveViceHead', '常务副区长');
  const vices = L.viceHeads.map((v, i) => ({
    person: rolePerson(v.person, `leaders.viceHeads[${i}].person`, '副区长'),
    abPartner: v.abPartner ? resolvePerson(v.abPartner, `leaders.viceHeads[${i}].abPartner`) : undefined,
  }));
  const presider = resolvePerson(L.designatedPresider, 'leaders.designatedPresider');
  const director = rolePerson(L.officeDirector, 'leaders.officeDirector', '区政府办公室主任');

  // Everyone in the org: the leaders first, then each unit's main head, deputies and staff.
  const rosters = units.map(rosterOf);
  const order = [
    // The presider and AB partners are vice heads; listed here too, parseOrg says so when they are not.
    ...[head, executive, ...vices.flatMap((v) => [v.person, v.abPartner]), presider, director].filter(
      (x): x is string => !!x,
    ),
    ...rosters.flatMap((r) => [...(r.main ? [r.main] : []), ...r.deputies, ...r.staff]),
  ];
  const openIds = [...new Set(order)];
  const unitTitle = new Map<string, string>();
  for (const r of rosters) {
    const n = r.unit.name;
    if (r.main) unitTitle.set(r.main, `${n}主要负责人`);
    for (const d of r.deputies) unitTitle.set(d, `${n}负责人`);
    for (const x of r.staff) unitTitle.set(x, `${n}工作人员`);
  }
  const nameless = openIds.filter((id) => !user(id)?.name?.trim());
  if (nameless.length > 0) {
    problems.push({
      where: 'org',
      path: 'people',
      message: `Lark returned no name for ${nameless.length} people (${nameless.slice(0, 5).join(', ')}…): grant the app the scope contact:user.base:readonly`,
    });
  }
  const untitled = openIds.filter((id) => !user(id)?.job_title?.trim());
  if (untitled.length > 0) {
    warnings.push(
      `${untitled.length} 人在飞书中没有职务 (job_title)，职务按其岗位填写（如「区财政局工作人员」）：${listNames(untitled.map((id) => user(id)?.name ?? id))}。如通讯录中已填写职务，请为应用开通 contact:user.employee:readonly`,
    );
  }

  const ids = assignIds(
    openIds.map((id) => user(id)!),
    units,
    m.previous,
  );
  const pid = (openId: string | undefined) => (openId ? ids.person.get(openId) : undefined);
  const people = openIds.map((openId) => ({
    id: pid(openId)!,
    name: user(openId)?.name?.trim() || openId,
    title: user(openId)?.job_title?.trim() || roleTitle.get(openId) || unitTitle.get(openId) || '工作人员',
    openId,
  }));
  const inOrg = new Set(openIds);
  const outside = [...s.users.values()].filter((u) => !inOrg.has(u.open_id));
  if (outside.length > 0) {
    warnings.push(
      `根部门下有 ${outside.length} 人不属于任何单位、在角色文件中也没有角色，未列入组织架构：${listNames(outside.map((u) => u.name ?? u.open_id))}`,
    );
  }

  // Which vice head supervises which unit, and which units do the four jobs the workflows route to.
  const supervisor = new Map<string, { person?: string; path: string }>();
  L.viceHeads.forEach((v, i) => {
    v.supervises.forEach((ref, k) => {
      const path = `leaders.viceHeads[${i}].supervises[${k}]`;
      const f = tree.find(ref);
      const id = f.ok ? f.dept.open_department_id : '';
      const first = supervisor.get(id);
      const message = !f.ok
        ? f.message
        : !unitIds.has(id)
          ? `「${f.dept.name}」 is not one of the units`
          : first
            ? `「${f.dept.name}」 is already supervised at ${first.path}; a unit has one supervising vice head`
            : undefined;
      if (message) problems.push({ where: 'roles', path, message });
      else supervisor.set(id, { person: pid(vices[i]?.person), path });
    });
    if (v.supervises.length === 0)
      warnings.push(
        `副区长 ${user(vices[i]?.person ?? '')?.name ?? v.person}（leaders.viceHeads[${i}]）在角色文件中没有分管单位`,
      );
  });
  const fnOf = new Map<string, string>();
  for (const fn of FUNCTIONS) {
    const ref = roles.functions[fn];
    const f = tree.find(ref);
    if (!f.ok) problems.push({ where: 'roles', path: `functions.${fn}`, message: f.message });
    else if (!unitIds.has(f.dept.open_department_id))
      problems.push({
        where: 'roles',
        path: `functions.${fn}`,
        message: `「${f.dept.name}」 is not one of the units`,
      });
    else fnOf.set(f.dept.open_department_id, fn);
  }
  const kinds = new Map(
    Object.entries(roles.kinds).flatMap(([ref, kind]) => {
      const f = tree.find(ref);
      if (!f.ok) problems.push({ where: 'roles', path: `kinds.${ref}`, message: f.message });
      return f.ok ? [[f.dept.open_department_id, kind] as const] : [];
    }),
  );

  const departments = rosters.map((r, i) => {
    const u = r.unit;
    const id = u.open_department_id;
    const at = `departments[${i}]`;
    if (!r.main) {
      const elsewhere = lostMain.get(id);
      problems.push({
        where: 'org',
        path: `${at}.mainHead`,
        message: elsewhere
          ? `「${u.name}」(${id})'s main leader in Lark, ${user(elsewhere)?.name ?? elsewhere}, also leads 「${unitName(placed.get(elsewhere)!.unit)}」 and is kept there: make someone else 「${u.name}」's main leader (主负责人) in Lark`
          : `「${u.name}」(${id}) has no main leader (主负责人) in Lark: set the department's leader in the Lark admin console (组织架构 → 部门 → 负责人)`,
      });
    }
    const sup = supervisor.get(id);
    if (!sup) {
      problems.push({
        where: 'org',
        path: `${at}.supervisor`,
        message: `no vice head supervises 「${u.name}」: add it to a vice head's supervises in the roles file`,
      });
    }
    const fn = fnOf.get(id);
    return {
      id: ids.department.get(id)!,
      name: u.name,
      kind: kinds.get(id) ?? kindByName(u.name),
      ...(fn ? { function: fn } : {}),
      ...(r.main ? { mainHead: pid(r.main) } : {}),
      deputies: r.deputies.map((d) => pid(d)!),
      staff: r.staff.map((x) => pid(x)!),
      ...(sup?.person ? { supervisor: sup.person } : {}),
      larkId: id,
    };
  });

  const chats = Object.fromEntries(
    CHAT_KINDS.map((kind) => {
      const chatId = roles.chats[kind];
      const chat = m.chats.get(chatId);
      if (!chat) {
        problems.push({
          where: 'roles',
          path: `chats.${kind}`,
          message: `the bot is not in chat ${chatId}: add the bot to the group (npm run org:chats lists the groups it is in)`,
        });
      }
      const members = (chat?.members ?? []).filter((o) => inOrg.has(o)).map((o) => pid(o)!);
      return [kind, { chatId, name: chat?.name || chatId, members }];
    }),
  );

  const raw = {
    district: roles.district,
    people,
    leaders: {
      head: pid(head),
      executiveViceHead: pid(executive),
      viceHeads: vices.map((v) => ({
        person: pid(v.person),
        ...(v.abPartner ? { abPartner: pid(v.abPartner) } : {}),
      })),
      designatedPresider: pid(presider),
      officeDirector: pid(director),
    },
    departments,
    chats,
    schedule: { digestTime: roles.schedule.digestTime },
  };
  return { raw, problems, warnings };
}
