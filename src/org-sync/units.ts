import type { LarkDepartment } from './contact-api.ts';
import type { DirectorySnapshot } from './read-directory.ts';
import type { Roles } from './roles.ts';

export interface ImportProblem {
  /** Which file a path belongs to: the roles file, or the org the import builds. */
  where: 'roles' | 'org';
  path: string;
  message: string;
}

/** The tree read from Lark, with lookups by id and by name. */
export interface Tree {
  snapshot: DirectorySnapshot;
  byId: Map<string, LarkDepartment>;
  /** A unit reference (open_department_id, custom department_id or name) → the department, or why not. */
  find(ref: string): { ok: true; dept: LarkDepartment } | { ok: false; message: string };
  /** The department and its ancestors up to (not including) the root, nearest first. */
  lineage(openDepartmentId: string): string[];
}

export function treeOf(snapshot: DirectorySnapshot): Tree {
  const byId = new Map(snapshot.departments.map((d) => [d.open_department_id, d]));
  const byCustom = new Map(
    snapshot.departments.flatMap((d) => (d.department_id ? [[d.department_id, d]] : [])),
  );
  return {
    snapshot,
    byId,
    find(ref) {
      const d = byId.get(ref) ?? byCustom.get(ref);
      if (d) return { ok: true, dept: d };
      const named = snapshot.departments.filter((x) => x.name === ref);
      if (named.length === 1) return { ok: true, dept: named[0]! };
      if (named.length > 1) {
        const ids = named.map((x) => x.open_department_id).join('、');
        return {
          ok: false,
          message: `${named.length} departments are named "${ref}" (${ids}): use the Lark department id`,
        };
      }
      return {
        ok: false,
        message: `no department "${ref}" under the root ${snapshot.rootId} (by Lark department id or name)`,
      };
    },
    lineage(id) {
      const out: string[] = [];
      for (let at: string | undefined = id; at && at !== snapshot.rootId; at = snapshot.parent.get(at))
        out.push(at);
      return out;
    },
  };
}

/**
 * Which departments are units (RULES.md 部门 / 镇街): the ones the roles file lists, or whose name
 * matches its pattern (the outermost where matches nest), or else every direct child of the root;
 * minus the excluded ones. A department inside a unit belongs to the unit.
 */
export function selectUnits(tree: Tree, d: Roles['directory'], problems: ImportProblem[]): LarkDepartment[] {
  const all = tree.snapshot.departments;
  const pick = (refs: string[], path: string) =>
    refs.flatMap((ref, i) => {
      const f = tree.find(ref);
      if (!f.ok) problems.push({ where: 'roles', path: `${path}[${i}]`, message: f.message });
      return f.ok ? [f.dept.open_department_id] : [];
    });
  let chosen: Set<string>;
  if (d.units) chosen = new Set(pick(d.units, 'directory.units'));
  else if (d.unitPattern) {
    const re = new RegExp(d.unitPattern, 'u');
    const matching = new Set(all.filter((x) => re.test(x.name)).map((x) => x.open_department_id));
    chosen = new Set(
      [...matching].filter(
        (id) =>
          !tree
            .lineage(id)
            .slice(1)
            .some((a) => matching.has(a)),
      ),
    );
  } else
    chosen = new Set(
      all
        .filter((x) => tree.snapshot.parent.get(x.open_department_id) === tree.snapshot.rootId)
        .map((x) => x.open_department_id),
    );
  for (const id of pick(d.exclude, 'directory.exclude')) chosen.delete(id);
  return all.filter((x) => chosen.has(x.open_department_id));
}
