import { normaliseEmail, normaliseMobile, type Org } from '../domain/org.ts';
import type { LarkDepartment, LarkUser } from './contact-api.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const slugOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * Person and unit ids for an import. The data folder refers to them, so an id once given is kept: a
 * person keeps the id the org in use has for their open_id (or mobile / email, for a hand-written file),
 * a unit the one it has for its Lark department (or name, the first time). Newcomers get ids from their
 * Lark ids: `ou-…` from the open_id, the custom department_id when it is a slug, else `od-…`.
 */
export function assignIds(
  users: LarkUser[],
  units: LarkDepartment[],
  previous: Org | undefined,
): { person: Map<string, string>; department: Map<string, string> } {
  const prev = previous?.people ?? [];
  const byOpenId = new Map(prev.flatMap((p) => (p.openId ? [[p.openId, p.id] as const] : [])));
  const byMobile = new Map(
    prev.flatMap((p) => (p.mobile ? [[normaliseMobile(p.mobile), p.id] as const] : [])),
  );
  const byEmail = new Map(prev.flatMap((p) => (p.email ? [[normaliseEmail(p.email), p.id] as const] : [])));
  const taken = new Set<string>();
  const unique = (want: string) => {
    let id = want;
    for (let n = 2; taken.has(id); n++) id = `${want}-${n}`;
    taken.add(id);
    return id;
  };
  const person = new Map<string, string>();
  // Ids found in the org in use first, so a newcomer's derived id never takes one of them.
  const kept = users.map(
    (u) =>
      byOpenId.get(u.open_id) ??
      (u.mobile ? byMobile.get(normaliseMobile(u.mobile)) : undefined) ??
      (u.email ? byEmail.get(normaliseEmail(u.email)) : undefined),
  );
  users.forEach((u, i) => {
    const id = kept[i];
    if (id && !taken.has(id)) {
      taken.add(id);
      person.set(u.open_id, id);
    }
  });
  for (const u of users)
    if (!person.has(u.open_id)) person.set(u.open_id, unique(slugOf(u.open_id) || 'person'));

  const prevDepts = previous?.departments ?? [];
  const byLark = new Map(prevDepts.flatMap((d) => (d.larkId ? [[d.larkId, d.id] as const] : [])));
  const byName = new Map(prevDepts.filter((d) => !d.larkId).map((d) => [d.name, d.id] as const));
  const deptTaken = new Set<string>();
  const department = new Map<string, string>();
  const keptDept = units.map((u) => byLark.get(u.open_department_id) ?? byName.get(u.name));
  units.forEach((u, i) => {
    const id = keptDept[i];
    if (id && !deptTaken.has(id)) {
      deptTaken.add(id);
      department.set(u.open_department_id, id);
    }
  });
  for (const u of units) {
    if (department.has(u.open_department_id)) continue;
    const custom = u.department_id && SLUG.test(u.department_id) ? u.department_id : undefined;
    let id = custom && !deptTaken.has(custom) ? custom : slugOf(u.open_department_id) || 'unit';
    for (let n = 2; deptTaken.has(id); n++) id = `${slugOf(u.open_department_id)}-${n}`;
    deptTaken.add(id);
    department.set(u.open_department_id, id);
  }
  return { person, department };
}
