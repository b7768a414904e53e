import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexOrg, type OrgIndex, parseOrg } from '../../src/domain/org.ts';

const hex = (s: string) => createHash('md5').update(`other:${s}`).digest('hex');
const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜';
const GIVEN = '志明海燕建华文博丽萍国强秀英振宇晓东春梅立新雪松红霞伟军';

/**
 * Another district than the example, built to catch what only the example passes: the executive vice
 * head HAS an AB partner, the office director is also the main head of the government office, every
 * unit name ends in "）", and it is big (40 units, 500 people).
 *
 * Leaders: head `o-head`; vice heads `o-exec` (executive) ↔ `o-v1`, `o-v2` (designated) ↔ `o-v3`,
 * `o-v4` ↔ `o-v5`; office director `o-director` (= main head of unit 0, the government office).
 * Unit k (`u0`…`u39`): main head `u{k}-main`, deputies `u{k}-d1`, `u{k}-d2`, staff `u{k}-s{n}`;
 * supervised by the vice heads in turn (u0 by o-exec, u1 by o-v1, …). Functions: u0 government
 * office, u1 justice, u2 supervision, u3 finance.
 */
export function otherOrgJson(units = 40, people = 500) {
  const list: Array<{ id: string; name: string; title: string; openId: string }> = [];
  let n = 0;
  const add = (id: string, title: string) => {
    const name = `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}${GIVEN[(n * 3 + 1) % GIVEN.length]}${n >= 60 ? n : ''}`;
    n++;
    list.push({ id, name, title, openId: `ou_${hex(id)}` });
    return id;
  };
  const head = add('o-head', '区长');
  const vice = ['o-exec', 'o-v1', 'o-v2', 'o-v3', 'o-v4', 'o-v5'].map((id, i) =>
    add(id, i === 0 ? '常务副区长' : '副区长'),
  );
  const director = add('o-director', '区政府办公室主任');
  const names = [
    '区政府办公室（区外事办公室）',
    '区司法局（区行政复议局）',
    '区政府督查室（区绩效办）',
    '区财政局（区国资办）',
    '区发展和改革局（区粮食局）',
  ];
  const functions = ['government_office', 'justice', 'supervision', 'finance'] as const;
  const staffPerUnit = Math.max(1, Math.floor((people - list.length) / units) - 3);
  const departments = Array.from({ length: units }, (_, k) => {
    const main = k === 0 ? director : add(`u${k}-main`, '局长');
    const deputies = [add(`u${k}-d1`, '副局长'), add(`u${k}-d2`, '副局长')];
    const staff = Array.from({ length: staffPerUnit }, (_, s) => add(`u${k}-s${s}`, '科员'));
    return {
      id: `u${k}`,
      name: names[k] ?? `区第${k}局（区第${k}中心）`,
      kind: 'department',
      ...(k < functions.length ? { function: functions[k] } : {}),
      mainHead: main,
      deputies,
      staff,
      supervisor: vice[k % vice.length]!,
    };
  });
  // Fill up to `people` with staff of the last units.
  for (let k = 0; list.length < people; k = (k + 1) % units)
    departments[k]!.staff.push(add(`u${k}-x${list.length}`, '科员'));
  const chat = (k: string, name: string, members: string[]) => ({ chatId: `oc_${hex(k)}`, name, members });
  return {
    district: '南湖区（测试）',
    people: list,
    leaders: {
      head,
      executiveViceHead: 'o-exec',
      viceHeads: [
        { person: 'o-exec', abPartner: 'o-v1' },
        { person: 'o-v1', abPartner: 'o-exec' },
        { person: 'o-v2', abPartner: 'o-v3' },
        { person: 'o-v3', abPartner: 'o-v2' },
        { person: 'o-v4', abPartner: 'o-v5' },
        { person: 'o-v5', abPartner: 'o-v4' },
      ],
      designatedPresider: 'o-v2',
      officeDirector: director,
    },
    departments,
    chats: {
      leaders: chat('leaders', '区政府领导群', [head, ...vice, director]),
      supervision: chat('supervision', '督查室工作群', [...departments[2]!.deputies, director]),
      governmentOffice: chat('gov', '区政府办公室工作群', [director, ...departments[0]!.deputies]),
    },
    schedule: { digestTime: '08:30' },
  };
}

/** The other district written to a file, for the harness (`orgFile`). */
export function writeOtherOrg(units = 40, people = 500): string {
  const file = join(tmpdir(), `govbot-other-org-${units}-${people}-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(otherOrgJson(units, people)));
  return file;
}

/** The other district as the bot indexes it. */
export function otherOrg(units = 40, people = 500): OrgIndex {
  const parsed = parseOrg(otherOrgJson(units, people));
  if (!parsed.ok) throw new Error(`other org does not parse: ${JSON.stringify(parsed.problems)}`);
  return indexOrg(parsed.org);
}
