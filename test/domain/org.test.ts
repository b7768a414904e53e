import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexOrg, type Org, parseOrg } from '../../src/domain/org.ts';

type Raw = Org & Record<string, unknown>;
const example: Raw = JSON.parse(
  readFileSync(new URL('../../data/org.example.json', import.meta.url), 'utf8'),
);
const clone = (): Raw => structuredClone(example);
const pi = (id: string) => example.people.findIndex((p) => p.id === id);
const di = (id: string) => example.departments.findIndex((d) => d.id === id);
const dept = (o: Raw, id: string) => o.departments[di(id)]!;
const person = (o: Raw, id: string) => o.people[pi(id)]!;

function problemsOf(o: unknown) {
  const r = parseOrg(o);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

describe('parseOrg', () => {
  it('accepts the example org', () => {
    const r = parseOrg(example);
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  // Each row breaks one thing and expects exactly these problems, so a mistake is neither missed nor echoed.
  const cases: Array<[string, (o: Raw) => void, Array<[string, RegExp]>]> = [
    [
      'department without a supervising vice head',
      (o) => delete (dept(o, 'education') as Partial<Org['departments'][number]>).supervisor,
      [[`departments[${di('education')}].supervisor`, /missing: the supervising vice head/]],
    ],
    [
      'supervisor who is not a vice head',
      (o) => (dept(o, 'education').supervisor = 'li-mingyuan'),
      [[`departments[${di('education')}].supervisor`, /"li-mingyuan" \(李明远\) is not a vice head/]],
    ],
    [
      'AB partner who is not a vice head',
      (o) => (o.leaders.viceHeads[1]!.abPartner = 'li-mingyuan'),
      [
        ['leaders.viceHeads[1].abPartner', /"li-mingyuan" \(李明远\) is not a vice head; AB partners/],
        ['leaders.viceHeads[2].abPartner', /not mutual: "wang-lihua" \(王丽华\) names "li-mingyuan"/],
      ],
    ],
    [
      'AB partnership that is not mutual',
      (o) => delete o.leaders.viceHeads[2]!.abPartner,
      [['leaders.viceHeads[1].abPartner', /not mutual: "chen-lixin" \(陈立新\) names no one as AB partner/]],
    ],
    [
      'vice head partnered with themselves',
      (o) => (o.leaders.viceHeads[0]!.abPartner = 'liu-zhiqiang'),
      [['leaders.viceHeads[0].abPartner', /named as their own AB partner/]],
    ],
    [
      'duplicate person id',
      (o) => o.people.push({ id: 'ma-jun', name: '马俊', title: '科员', openId: `ou_${'f'.repeat(32)}` }),
      [
        [
          `people[${example.people.length}].id`,
          new RegExp(`duplicate person id "ma-jun": already used by people\\[${pi('ma-jun')}\\]`),
        ],
      ],
    ],
    [
      'duplicate openId',
      (o) => (person(o, 'gao-ya').openId = person(o, 'ma-jun').openId),
      [[`people[${pi('gao-ya')}].openId`, /duplicate openId/]],
    ],
    [
      'duplicate mobile, with and without +86',
      (o) => (person(o, 'guo-liang').mobile = '13800000301'),
      [[`people[${pi('guo-liang')}].mobile`, new RegExp(`duplicate mobile .*people\\[${pi('han-xue')}\\]`)]],
    ],
    [
      'duplicate email, in another case',
      (o) => (person(o, 'zhou-jianguo').email = 'YuanFang@xinqiu.example'),
      [[`people[${pi('yuan-fang')}].email`, /duplicate email "yuanfang@xinqiu.example"/]],
    ],
    [
      'unknown person as a leader',
      (o) => (o.leaders.officeDirector = 'ghost'),
      [['leaders.officeDirector', /unknown person "ghost"/]],
    ],
    [
      'unknown person in a department',
      (o) => (dept(o, 'finance').staff[0] = 'ghost'),
      [[`departments[${di('finance')}].staff[0]`, /unknown person "ghost"/]],
    ],
    [
      'unknown person in a chat',
      (o) => (o.chats.supervision.members[1] = 'ghost'),
      [['chats.supervision.members[1]', /unknown person "ghost"/]],
    ],
    [
      'person with no openId, mobile or email',
      (o) => delete person(o, 'ma-jun').openId,
      [[`people[${pi('ma-jun')}]`, /马骏 \("ma-jun"\) has no openId, mobile or email/]],
    ],
    [
      'executive vice head not among the vice heads',
      (o) => (o.leaders.executiveViceHead = 'li-mingyuan'),
      [['leaders.executiveViceHead', /must also be listed in leaders.viceHeads/]],
    ],
    [
      'designated presider who is not a vice head',
      (o) => (o.leaders.designatedPresider = 'ma-jun'),
      [['leaders.designatedPresider', /is not a vice head; §8/]],
    ],
    [
      'designated presider who is the executive vice head',
      (o) => (o.leaders.designatedPresider = 'liu-zhiqiang'),
      [['leaders.designatedPresider', /is the executive vice head/]],
    ],
    [
      'head listed as a vice head',
      (o) => o.leaders.viceHeads.push({ person: 'zhou-jianguo' }),
      [['leaders.viceHeads[5].person', /the head "zhou-jianguo" \(周建国\) can not also be a vice head/]],
    ],
    [
      'vice head listed twice',
      (o) => o.leaders.viceHeads.push({ person: 'sun-haiyan' }),
      [['leaders.viceHeads[5].person', /listed as a vice head twice/]],
    ],
    [
      'main head of two departments',
      (o) => (dept(o, 'civil-affairs').mainHead = dept(o, 'education').mainHead),
      [
        [
          `departments[${di('civil-affairs')}].mainHead`,
          new RegExp(`already the main head of departments\\[${di('education')}\\]`),
        ],
      ],
    ],
    [
      'main head also a deputy of the same department',
      (o) => dept(o, 'education').deputies.push('cao-min'),
      [[`departments[${di('education')}].deputies[1]`, /already this department's main head/]],
    ],
    [
      'person in two departments',
      (o) => dept(o, 'civil-affairs').staff.push('peng-bo'),
      [
        [
          `departments[${di('civil-affairs')}].staff[1]`,
          /already belongs to departments\[\d+\]; a person belongs to one/,
        ],
      ],
    ],
    [
      'missing required function department',
      (o) => delete dept(o, 'justice').function,
      [['departments', /no department has function "justice": 区司法局/]],
    ],
    [
      'function given to two departments',
      (o) => (dept(o, 'education').function = 'finance'),
      [[`departments[${di('education')}].function`, /"finance" is already the function of departments/]],
    ],
    [
      'duplicate department id',
      (o) => (dept(o, 'civil-affairs').id = 'education'),
      [[`departments[${di('civil-affairs')}].id`, /duplicate department id "education"/]],
    ],
    ['digest time not HH:mm', (o) => (o.schedule.digestTime = '8:30'), [['schedule.digestTime', /HH:mm/]]],
    [
      'misspelt field',
      (o) => ((person(o, 'ma-jun') as Record<string, unknown>).moblie = '13900000000'),
      [[`people[${pi('ma-jun')}].moblie`, /unknown field/]],
    ],
    [
      'malformed openId',
      (o) => (person(o, 'ma-jun').openId = 'ma-jun'),
      [[`people[${pi('ma-jun')}].openId`, /must be a Lark open_id/]],
    ],
  ];

  it.each(cases)('reports a %s', (_name, breakIt, expected) => {
    const o = clone();
    breakIt(o);
    expect(problemsOf(o)).toEqual(
      expected.map(([path, re]) => ({ path, message: expect.stringMatching(re) })),
    );
  });

  it('reports every problem together, shape and cross-reference alike', () => {
    const o = clone();
    o.schedule.digestTime = '25:00';
    (dept(o, 'education') as Record<string, unknown>).kind = 'bureau';
    dept(o, 'health').supervisor = 'ghost';
    o.leaders.designatedPresider = 'liu-zhiqiang';
    delete o.leaders.viceHeads[4]!.abPartner;
    const paths = problemsOf(o).map((p) => p.path);
    expect(paths).toEqual([
      `departments[${di('education')}].kind`,
      'schedule.digestTime',
      'leaders.designatedPresider',
      'leaders.viceHeads[3].abPartner',
      `departments[${di('health')}].supervisor`,
    ]);
  });

  it('does not echo a broken person as unknown wherever they are referenced', () => {
    const o = clone();
    (person(o, 'wang-lihua') as Record<string, unknown>).name = 42;
    expect(problemsOf(o)).toEqual([
      { path: `people[${pi('wang-lihua')}].name`, message: expect.any(String) },
    ]);
  });

  it('reports a file that is not an object once', () => {
    expect(problemsOf([])).toEqual([{ path: '(root)', message: expect.stringMatching(/expected object/) }]);
  });
});

describe('indexOrg on the example', () => {
  const ok = parseOrg(example);
  if (!ok.ok) throw new Error('example must parse');
  const org = indexOrg(ok.org);
  const ids = (ps: readonly { id: string }[]) => ps.map((p) => p.id);

  it('finds people by id and by openId', () => {
    expect(org.person('xu-wenjie')?.name).toBe('许文杰');
    expect(org.personByOpenId(org.openIdOf('xu-wenjie')!)?.id).toBe('xu-wenjie');
    expect(org.openIdOf('han-xue')).toBeUndefined();
    expect(org.person('nobody')).toBeUndefined();
    expect(org.people()).toHaveLength(example.people.length);
  });

  it("answers a deputy's department and supervising leader", () => {
    expect(org.departmentOf('tang-jing')?.id).toBe('justice');
    expect(org.supervisingLeaderOf('tang-jing')?.id).toBe('zhao-wenbo');
    expect(org.rolesOf('tang-jing')).toEqual([
      { kind: 'department_deputy', departmentId: 'justice', label: '区司法局 分管负责人' },
    ]);
  });

  it('answers main heads and staff', () => {
    expect(org.primaryRole('xu-wenjie')).toEqual({
      kind: 'department_main_head',
      departmentId: 'justice',
      label: '区司法局 主要负责人',
    });
    expect(org.primaryRole('guo-liang')?.label).toBe('长营子镇 工作人员');
    expect(org.departmentOf('guo-liang')?.kind).toBe('town');
  });

  it('answers who escalates to whom', () => {
    expect(org.supervisingLeaderOf('liu-zhiqiang')?.id).toBe('zhou-jianguo');
    expect(org.supervisingLeaderOf('sun-haiyan')?.id).toBe('zhou-jianguo');
    expect(org.supervisingLeaderOf('li-mingyuan')?.id).toBe('zhou-jianguo');
    expect(org.supervisingLeaderOf('zhou-jianguo')).toBeUndefined();
    expect(org.supervisingLeaderOf('he-xin')?.id).toBe('liu-zhiqiang');
    expect(org.supervisingLeaderOf('nobody')).toBeUndefined();
  });

  it('answers AB partners', () => {
    expect(org.abPartner('wang-lihua')?.id).toBe('chen-lixin');
    expect(org.abPartner('chen-lixin')?.id).toBe('wang-lihua');
    expect(org.abPartner('zhao-wenbo')?.id).toBe('sun-haiyan');
    expect(org.abPartner('liu-zhiqiang')).toBeUndefined();
  });

  it('answers the leaders', () => {
    expect(org.head().id).toBe('zhou-jianguo');
    expect(org.executiveViceHead().id).toBe('liu-zhiqiang');
    expect(org.designatedPresider().id).toBe('wang-lihua');
    expect(org.officeDirector().id).toBe('li-mingyuan');
    expect(ids(org.leaders())).toEqual([
      'zhou-jianguo',
      'liu-zhiqiang',
      'wang-lihua',
      'chen-lixin',
      'zhao-wenbo',
      'sun-haiyan',
    ]);
    expect(ids(org.viceHeads())).toEqual([
      'liu-zhiqiang',
      'wang-lihua',
      'chen-lixin',
      'zhao-wenbo',
      'sun-haiyan',
    ]);
    expect([
      org.isLeader('liu-zhiqiang'),
      org.isViceHead('liu-zhiqiang'),
      org.isViceHead('zhou-jianguo'),
    ]).toEqual([true, true, false]);
    expect([org.isLeader('li-mingyuan'), org.isLeader('xu-wenjie')]).toEqual([false, false]);
  });

  it('gives leader roles their Chinese labels', () => {
    expect(org.rolesOf('zhou-jianguo')).toEqual([{ kind: 'head', label: '区长' }]);
    expect(org.rolesOf('liu-zhiqiang')).toEqual([{ kind: 'executive_vice_head', label: '常务副区长' }]);
    expect(org.primaryRole('wang-lihua')).toEqual({ kind: 'vice_head', label: '副区长' });
    expect(org.rolesOf('li-mingyuan')).toEqual([{ kind: 'office_director', label: '政府办主任' }]);
    expect(org.departmentOf('li-mingyuan')).toBeUndefined();
    expect(org.rolesOf('nobody')).toEqual([]);
  });

  it('puts leader roles before department roles', () => {
    const o = clone();
    dept(o, 'emergency').mainHead = 'zhao-wenbo'; // 副区长兼局长 happens
    const r = parseOrg(o);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const idx = indexOrg(r.org);
    expect(idx.rolesOf('zhao-wenbo').map((x) => x.kind)).toEqual(['vice_head', 'department_main_head']);
    expect(idx.supervisingLeaderOf('zhao-wenbo')?.id).toBe('zhou-jianguo');
  });

  it('answers departments by id, function and supervisor', () => {
    expect(org.departmentByFunction('justice').id).toBe('justice');
    expect(org.departmentByFunction('government_office').name).toBe('区政府办公室');
    expect(org.departmentByFunction('supervision').name).toBe('区政府督查室');
    expect(org.departmentByFunction('finance').name).toBe('区财政局');
    expect(org.department('education')?.name).toBe('区教育局');
    expect(org.supervisingViceHead('education').id).toBe('sun-haiyan');
    expect(() => org.supervisingViceHead('nowhere')).toThrow(/unknown department/);
    expect(ids(org.departmentsSupervisedBy('liu-zhiqiang'))).toEqual([
      'gov-office',
      'supervision',
      'finance',
      'development-reform',
    ]);
    expect(org.departmentsSupervisedBy('li-mingyuan')).toEqual([]);
    expect(org.departments()).toHaveLength(17);
  });

  it('spreads every department over every vice head', () => {
    const covered = org.viceHeads().flatMap((v) => ids(org.departmentsSupervisedBy(v.id)));
    expect(covered.sort()).toEqual(ids(org.departments()).sort());
    for (const v of org.viceHeads()) expect(org.departmentsSupervisedBy(v.id).length).toBeGreaterThan(0);
  });

  it('answers the chats', () => {
    expect(org.chat('leaders').members).toEqual([...ids(org.leaders()), 'li-mingyuan']);
    expect(org.chat('supervision').members).toContain('han-xue');
    expect(org.chat('governmentOffice').chatId).toMatch(/^oc_[0-9a-f]{32}$/);
  });
});
