import type { LarkDepartment, LarkUser } from './contact-api.ts';
import type { Tree } from './units.ts';

type Claim = { unit: string; as: 'main' | 'deputy' | 'member'; primary: boolean };
const RANK = { main: 0, deputy: 1, member: 2 } as const;
const AS_WORD = { main: '主负责人', deputy: '副负责人', member: '成员' } as const;

/** A unit's main head, deputies and staff as the import places them (open_ids). */
export interface Roster {
  unit: LarkDepartment;
  main?: string;
  deputies: string[];
  staff: string[];
}

/** A department's leaders in Lark: leaderType 1 is the main one (older tenants: only leader_user_id). */
export function leadersOf(u: LarkDepartment): { main?: string; deputies: string[] } {
  const main = u.leaders?.find((l) => l.leaderType === 1)?.leaderID ?? u.leader_user_id;
  const deputies = (u.leaders ?? []).flatMap((l) =>
    l.leaderType === 2 && l.leaderID && l.leaderID !== main ? [l.leaderID] : [],
  );
  return { main, deputies };
}

/**
 * Everyone Lark puts in a unit — as its leader, or as a member of it or of a department inside it — placed
 * in exactly one (the bot's org has one unit a person): where they lead (main before deputy), else their
 * main department in Lark, else the first. Each person found in two units is one warning line; a unit
 * whose main leader was kept elsewhere is in `lostMain`.
 */
export function placePeople(tree: Tree, units: LarkDepartment[], warnings: string[]) {
  const s = tree.snapshot;
  const unitIds = new Set(units.map((u) => u.open_department_id));
  const unitOf = (dept: string) => tree.lineage(dept).find((id) => unitIds.has(id));
  const user = (openId: string): LarkUser | undefined => s.users.get(openId);
  const unitName = (id: string) => tree.byId.get(id)?.name ?? id;

  const claims = new Map<string, Claim[]>();
  const claim = (openId: string, c: Claim) => claims.set(openId, [...(claims.get(openId) ?? []), c]);
  for (const u of units) {
    const { main, deputies } = leadersOf(u);
    if (main) claim(main, { unit: u.open_department_id, as: 'main', primary: false });
    for (const d of deputies) claim(d, { unit: u.open_department_id, as: 'deputy', primary: false });
  }
  for (const d of [s.rootId, ...s.departments.map((x) => x.open_department_id)]) {
    const unit = unitOf(d);
    if (!unit) continue;
    for (const openId of s.members.get(d) ?? []) {
      const primary = user(openId)?.orders?.some((o) => o.department_id === d && o.is_primary_dept) ?? false;
      claim(openId, { unit, as: 'member', primary });
    }
  }

  const placed = new Map<string, Claim>();
  const lostMain = new Map<string, string>();
  for (const [openId, cs] of claims) {
    const best = [...cs].sort((a, b) => RANK[a.as] - RANK[b.as] || Number(b.primary) - Number(a.primary))[0]!;
    placed.set(openId, best);
    const others = [...new Set(cs.filter((c) => c.unit !== best.unit).map((c) => c.unit))];
    if (others.length === 0) continue;
    const why =
      best.as !== 'member'
        ? `在该单位任${AS_WORD[best.as]}`
        : best.primary
          ? '该单位是其飞书主部门'
          : '按通讯录顺序';
    warnings.push(
      `${user(openId)?.name ?? openId} (${openId}) 在飞书中同时属于「${[best.unit, ...others].map(unitName).join('」「')}」；机器人中一人只属一个单位，归入「${unitName(best.unit)}」（${why}）`,
    );
    for (const c of cs) if (c.unit !== best.unit && c.as === 'main') lostMain.set(c.unit, openId);
  }

  const rosterOf = (u: LarkDepartment): Roster => {
    const { main, deputies } = leadersOf(u);
    const here = (openId: string) => placed.get(openId)?.unit === u.open_department_id;
    const members = [...claims.entries()].filter(
      ([id, cs]) => here(id) && cs.some((c) => c.unit === u.open_department_id),
    );
    return {
      unit: u,
      ...(main && here(main) ? { main } : {}),
      deputies: deputies.filter((d) => here(d) && d !== main),
      staff: members.map(([id]) => id).filter((id) => id !== main && !deputies.includes(id)),
    };
  };
  return { placed, lostMain, rosterOf };
}
