import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const hex = (s: string) => createHash('md5').update(s).digest('hex');
const FUNCTIONS = ['government_office', 'justice', 'supervision', 'finance'] as const;

/**
 * Another district than the example, shaped where the example is not: the executive vice head has an AB
 * partner, the office director is also the government office's main head, unit names end in "）", and it
 * has 40 units and 500 people.
 */
export function otherOrg() {
  const people: Array<Record<string, string>> = [];
  const person = (id: string, name: string, title: string) => {
    people.push({ id, name, title, openId: `ou_${hex(`other-${id}`)}` });
    return id;
  };
  const head = person('head', '区长乙', '区长');
  const exec = person('exec', '常务副区长乙', '常务副区长');
  const vice = [1, 2, 3, 4, 5].map((i) => person(`vice-${i}`, `副区长${i}号`, '副区长'));
  const director = person('director', '政府办主任乙', '区政府办公室主任');
  const units = Array.from({ length: 40 }, (_, d) => {
    const fn = d < FUNCTIONS.length ? FUNCTIONS[d] : undefined;
    const mainHead = fn === 'government_office' ? director : person(`d${d}-main`, `局长${d}号`, '局长');
    const staff = Array.from({ length: 10 }, (_, s) => person(`d${d}-s${s}`, `科员${d}-${s}`, '科员'));
    return {
      id: `unit-${d}`,
      name: fn === 'government_office' ? '区人民政府办公室（区外事办公室）' : `区第${d}局（区第${d}办公室）`,
      kind: 'department',
      ...(fn ? { function: fn } : {}),
      mainHead,
      deputies: [person(`d${d}-deputy`, `副局长${d}号`, '副局长')],
      staff,
      // The executive vice head supervises every fifth unit.
      supervisor: d % 5 === 0 ? exec : vice[(d % 5) - 1]!,
    };
  });
  while (people.length < 500) person(`extra-${people.length}`, `工作人员${people.length}`, '工作人员');
  const chat = (k: string, members: string[]) => ({ chatId: `oc_${hex(`other-${k}`)}`, name: k, members });
  return {
    district: '新岭区',
    people,
    leaders: {
      head,
      executiveViceHead: exec,
      // The executive vice head and 副区长1号 act for each other (§8); 2↔3, 4↔5.
      viceHeads: [
        { person: exec, abPartner: vice[0]! },
        { person: vice[0]!, abPartner: exec },
        { person: vice[1]!, abPartner: vice[2]! },
        { person: vice[2]!, abPartner: vice[1]! },
        { person: vice[3]!, abPartner: vice[4]! },
        { person: vice[4]!, abPartner: vice[3]! },
      ],
      designatedPresider: vice[1]!,
      officeDirector: director,
    },
    departments: units,
    chats: {
      leaders: chat('leaders', [head, exec, ...vice, director]),
      supervision: chat('supervision', ['d2-main']),
      governmentOffice: chat('gov', [director]),
    },
    schedule: { digestTime: '08:30' },
  };
}

export function writeOtherOrg(): string {
  const file = join(tmpdir(), `govbot-other-org-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(otherOrg()));
  return file;
}
