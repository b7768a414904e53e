import { describe, expect, it } from 'vitest';
import { indexOrg, type Org, type OrgIndex, parseOrg } from '../../src/domain/org.ts';
import { createLiveOrg } from '../../src/org-sync/live-org.ts';
import { EXAMPLE, readJson } from './support.ts';

const example = (): Org => {
  const r = parseOrg(readJson(EXAMPLE));
  if (!r.ok) throw new Error('example');
  return r.org;
};

// One sample argument per method: a person, a unit, a function, a chat kind.
const ARGS: Record<keyof OrgIndex, unknown[]> = {
  person: ['yang-fan'],
  personByOpenId: ['ou_f79f04c10c0e2ac11a09a4c07ca658ff'],
  people: [],
  rolesOf: ['yang-fan'],
  primaryRole: ['zhu-li'],
  departmentOf: ['zhu-li'],
  department: ['finance'],
  departmentByFunction: ['finance'],
  departments: [],
  supervisingViceHead: ['finance'],
  abPartner: ['wang-lihua'],
  isLeader: ['gao-ya'],
  isViceHead: ['gao-ya'],
  head: [],
  executiveViceHead: [],
  designatedPresider: [],
  officeDirector: [],
  leaders: [],
  viceHeads: [],
  supervisingLeaderOf: ['zhu-li'],
  departmentsSupervisedBy: ['liu-zhiqiang'],
  openIdOf: ['zhu-li'],
  chat: ['governmentOffice'],
  digestTime: [],
  nagTime: [],
  stepLimit: ['leaveApproval'],
};

describe('the live org', () => {
  it('answers every OrgIndex question from the org in use, through the same object, before and after a swap', () => {
    const live = createLiveOrg(example());
    const held = live.index;
    const next = structuredClone(example());
    const finance = next.departments.find((d) => d.id === 'finance')!;
    [finance.mainHead, finance.deputies[0]] = [finance.deputies[0]!, finance.mainHead];
    finance.supervisor = 'chen-lixin';
    next.leaders.officeDirector = 'gao-ya';
    next.schedule.digestTime = '09:00';
    next.chats.governmentOffice.name = '政府办新群';
    for (const [org, expected] of [
      [example(), indexOrg(example())],
      [next, indexOrg(next)],
    ] as const) {
      live.swap(org);
      for (const [name, args] of Object.entries(ARGS)) {
        const call = (ix: OrgIndex) => (ix[name as keyof OrgIndex] as (...a: unknown[]) => unknown)(...args);
        expect(call(held), name).toEqual(call(expected));
      }
    }
    expect(held.primaryRole('zhu-li')?.kind).toBe('department_main_head');
    expect(held.officeDirector().id).toBe('gao-ya');
  });

  it('an org that can not be indexed is refused and the one in use stays', () => {
    const live = createLiveOrg(example());
    const broken = { ...example(), leaders: { ...example().leaders, head: 'nobody' } };
    expect(() => live.swap(broken)).toThrow(/unknown person "nobody"/);
    expect(live.index.head().id).toBe('zhou-jianguo');
  });
});
