import { indexOrg, type Org, type OrgIndex } from '../domain/org.ts';

/**
 * The org in use, swappable while the bot runs. Every part of the bot holds `index` — the same
 * object from start to stop — and each call answers from the org in use at that moment, so a swap
 * reaches every reader without threading anything through them.
 */
export interface LiveOrg {
  readonly index: OrgIndex;
  /** The org in use (validated), as its file would hold it. */
  current(): Org;
  /** The index of the org in use now, which a later swap does not change (to compare before and after). */
  snapshot(): OrgIndex;
  /** Takes a validated org; callers check it with parseOrg first. */
  swap(next: Org): void;
}

export function createLiveOrg(initial: Org): LiveOrg {
  let org = initial;
  let at: OrgIndex = indexOrg(initial);
  // Written out, not a Proxy: a method added to OrgIndex fails to compile here until it is delegated.
  const index: OrgIndex = {
    person: (id) => at.person(id),
    personByOpenId: (openId) => at.personByOpenId(openId),
    people: () => at.people(),
    rolesOf: (id) => at.rolesOf(id),
    primaryRole: (id) => at.primaryRole(id),
    departmentOf: (id) => at.departmentOf(id),
    department: (id) => at.department(id),
    departmentByFunction: (fn) => at.departmentByFunction(fn),
    departments: () => at.departments(),
    supervisingViceHead: (id) => at.supervisingViceHead(id),
    abPartner: (id) => at.abPartner(id),
    isLeader: (id) => at.isLeader(id),
    isViceHead: (id) => at.isViceHead(id),
    head: () => at.head(),
    executiveViceHead: () => at.executiveViceHead(),
    designatedPresider: () => at.designatedPresider(),
    officeDirector: () => at.officeDirector(),
    leaders: () => at.leaders(),
    viceHeads: () => at.viceHeads(),
    supervisingLeaderOf: (id) => at.supervisingLeaderOf(id),
    departmentsSupervisedBy: (id) => at.departmentsSupervisedBy(id),
    openIdOf: (id) => at.openIdOf(id),
    chat: (kind) => at.chat(kind),
    digestTime: () => at.digestTime(),
    nagTime: () => at.nagTime(),
    stepLimit: (kind) => at.stepLimit(kind),
  };
  return {
    index,
    current: () => org,
    snapshot: () => at,
    swap(next) {
      // Indexed before anything changes: a bad org throws here and the one in use stays.
      const nextIndex = indexOrg(next);
      org = next;
      at = nextIndex;
    },
  };
}
