import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const hex = (s: string) => createHash('md5').update(s).digest('hex');
const FUNCTIONS = ['government_office', 'justice', 'supervision', 'finance'] as const;

/** A district with `departments` units (each: main head, deputy, `staff` staff) and six vice heads in AB pairs. */
export function syntheticOrg(departments: number, staff = 2) {
  const people: Array<Record<string, string>> = [];
  const person = (id: string, name: string, title: string) => {
    people.push({ id, name, title, openId: `ou_${hex(id)}` });
    return id;
  };
  const head = person('head', '区长甲', '区长');
  const vice = Array.from({ length: 6 }, (_, i) => person(`vice-${i}`, `副区长${i}`, '副区长'));
  const director = person('director', '主任甲', '政府办主任');
  const depts = Array.from({ length: departments }, (_, d) => ({
    id: `dept-${d}`,
    name: `第${d}局`,
    kind: 'department',
    ...(d < FUNCTIONS.length ? { function: FUNCTIONS[d] } : {}),
    mainHead: person(`d${d}-main`, `局长${d}`, '局长'),
    deputies: [person(`d${d}-deputy`, `副局长${d}`, '副局长')],
    staff: Array.from({ length: staff }, (_, s) => person(`d${d}-staff-${s}`, `科员${d}-${s}`, '科员')),
    supervisor: vice[d % vice.length]!,
  }));
  const chat = (k: string, members: string[]) => ({ chatId: `oc_${hex(k)}`, name: k, members });
  return {
    district: '基准测试区',
    people,
    leaders: {
      head,
      executiveViceHead: vice[0]!,
      // The executive vice head (0) and vice-5 have no partner; 1↔2 and 3↔4 are AB pairs.
      viceHeads: vice.map((p, i) => {
        const partner = { 1: 2, 2: 1, 3: 4, 4: 3 }[i];
        return partner === undefined ? { person: p } : { person: p, abPartner: vice[partner]! };
      }),
      designatedPresider: vice[1]!,
      officeDirector: director,
    },
    departments: depts,
    chats: {
      leaders: chat('leaders', [head, ...vice, director]),
      supervision: chat('supervision', [director]),
      governmentOffice: chat('gov', [director]),
    },
    schedule: { digestTime: '08:30' },
  };
}

export function writeSyntheticOrg(departments: number, staff = 2): string {
  const file = join(tmpdir(), `govbot-bench-org-${departments}-${staff}.json`);
  writeFileSync(file, JSON.stringify(syntheticOrg(departments, staff)));
  return file;
}
