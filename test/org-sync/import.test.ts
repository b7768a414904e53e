import { afterEach, describe, expect, it } from 'vitest';
import { parseOrg } from '../../src/domain/org.ts';
import { importOrg } from '../../src/org-sync/import.ts';
import { parseRoles, type Roles } from '../../src/org-sync/roles.ts';
import { sandboxDepartmentId, sandboxTenant } from '../../src/sandbox-directory.ts';
import { syntheticDistrict } from '../fixtures/district.ts';
import { contactSandbox, EXAMPLE, exampleRoles, readJson, substance } from './support.ts';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function sandbox(tenant?: Parameters<typeof contactSandbox>[0]) {
  const s = await contactSandbox(tenant);
  stop = s.close;
  return s;
}

const exampleOrg = () => {
  const r = parseOrg(readJson(EXAMPLE));
  if (!r.ok) throw new Error('the example org does not parse');
  return r.org;
};
const oid = (id: string) => exampleOrg().people.find((p) => p.id === id)?.openId ?? '';
const roles = (change: (r: Roles) => void = () => {}) => {
  const r = structuredClone(exampleRoles());
  change(r);
  return r;
};

describe('npm run org:import against the sandbox Lark', () => {
  it('imports the example district from contact v3 plus the roles file: the same org in substance', async () => {
    const s = await sandbox();
    const r = await importOrg({ api: s.api, roles: exampleRoles() });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(substance(r.org)).toEqual(substance(exampleOrg()));
    expect(r.warnings).toEqual([]);
    // Newcomers get ids from their Lark ids; units keep the custom department_id an administrator set.
    expect(r.org.people[0]).toEqual({
      id: 'ou-03e3329e078d938d2a32436af22c7da2',
      name: '周建国',
      title: '区长',
      openId: oid('zhou-jianguo'),
    });
    expect(r.org.departments[0]).toMatchObject({
      id: 'gov-office',
      larkId: sandboxDepartmentId('gov-office'),
    });
  });

  it('over the org in use, every person and unit keeps its id (the data folder refers to them)', async () => {
    const s = await sandbox();
    // As loaded at start: the people the file names by mobile or email got their open_id from Lark.
    const tenant = sandboxTenant(readJson(EXAMPLE) as never);
    const example = exampleOrg();
    const previous = {
      ...example,
      people: example.people.map((p, i) => ({ ...p, openId: tenant.people[i]!.openId })),
    };
    const r = await importOrg({ api: s.api, roles: exampleRoles(), previous });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    // The example file again, plus each unit's Lark department and everyone's open_id.
    expect(r.org.departments.map((d) => d.larkId)).toEqual(
      example.departments.map((d) => sandboxDepartmentId(d.id)),
    );
    expect({ ...r.org, departments: r.org.departments.map(({ larkId: _, ...d }) => d) }).toEqual({
      ...example,
      people: previous.people.map(({ mobile: _m, email: _e, ...p }) => p),
    });
  });

  it('reads every page: a unit of 121 people is three pages of find_by_department', async () => {
    const s = await sandbox();
    const education = sandboxDepartmentId('education');
    for (let n = 0; n < 120; n++) {
      s.lark.contact.putUser({
        openId: `ou_${String(n).padStart(32, '0')}`,
        name: `教师${n}`,
        jobTitle: '教师',
        departmentIds: [education],
      });
    }
    const r = await importOrg({ api: s.api, roles: exampleRoles() });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    const staff = r.org.departments.find((d) => d.name === '区教育局')!.staff;
    expect(staff).toHaveLength(121);
    expect(new Set(staff).size).toBe(121);
  });

  it('a different district — 40 units, 500 people, the roles file by mobile, email and open_id — imports to its own org in substance', async () => {
    const { org, roles: raw } = syntheticDistrict(40, 500);
    const s = await sandbox(sandboxTenant(org));
    const parsed = parseRoles(raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const r = await importOrg({ api: s.api, roles: parsed.roles });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    const expected = parseOrg(org);
    if (!expected.ok) throw new Error(JSON.stringify(expected.problems));
    expect(r.org.people).toHaveLength(500);
    expect(r.org.departments).toHaveLength(40);
    expect(substance(r.org)).toEqual(substance(expected.org));
    expect(r.org.departments.filter((d) => d.name.endsWith('）')).length).toBeGreaterThan(5);
  });
});

describe('limits and errors: each a clear line, never a crash, never half an org', () => {
  it('429 with x-ogw-ratelimit-reset: waits as told and goes on', async () => {
    const s = await sandbox();
    s.lark.faults.failNext('rate429', 2, ['contact']);
    const r = await importOrg({ api: s.api, roles: exampleRoles() });
    expect(r.ok).toBe(true);
    expect(s.sleeps.filter((ms) => ms === 1000)).toHaveLength(2);
  });

  it('429 that does not stop: the department is named, nothing is returned', async () => {
    const s = await sandbox();
    s.lark.faults.failNext('rate429', 12, ['contact']);
    const r = await importOrg({ api: s.api, roles: exampleRoles() });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toContain(
      '根部门 district-government 读取时多次触发 Lark 频率限制（99991400，HTTP 429）',
    );
  });

  it('the root outside the app’s contact permission range: 40004 (HTTP 403), named, with where to fix it', async () => {
    const s = await sandbox();
    s.lark.contact.setScope([sandboxDepartmentId('education'), sandboxDepartmentId('finance')]);
    const r = await importOrg({ api: s.api, roles: exampleRoles() });
    expect(r).toEqual({
      ok: false,
      warnings: [],
      problems: [
        '根部门 district-government 不在应用的通讯录权限范围内（Lark 40004，HTTP 403）：请在开发者后台 → 权限管理 → 数据权限 → 通讯录权限范围中加入该部门（或整个区政府），发布新版本后再导入',
      ],
    });
  });

  it('a unit with no main leader in Lark is listed, not guessed', async () => {
    const s = await sandbox();
    s.lark.contact.setLeaders(sandboxDepartmentId('finance'), undefined, [oid('zhu-li')]);
    const r = await importOrg({ api: s.api, roles: exampleRoles() });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([
      `[组织架构 org] departments[3].mainHead: 「区财政局」(${sandboxDepartmentId('finance')}) has no main leader (主负责人) in Lark: set the department's leader in the Lark admin console (组织架构 → 部门 → 负责人)`,
    ]);
  });

  it('a person in two units is kept in one, with a line saying which and why', async () => {
    const s = await sandbox();
    const u = [...s.lark.contact.usersIn(sandboxDepartmentId('finance'))].find(
      (x) => x.openId === oid('qin-lei'),
    )!;
    s.lark.contact.putUser({
      ...u,
      departmentIds: [sandboxDepartmentId('education'), sandboxDepartmentId('finance')],
    });
    const r = await importOrg({ api: s.api, roles: exampleRoles() });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.warnings).toEqual([
      `秦磊 (${oid('qin-lei')}) 在飞书中同时属于「区教育局」「区财政局」；机器人中一人只属一个单位，归入「区教育局」（该单位是其飞书主部门）`,
    ]);
    const education = r.org.departments.find((d) => d.name === '区教育局')!;
    expect(education.staff.map((id) => r.org.people.find((p) => p.id === id)?.name)).toContain('秦磊');
  });

  it('a vice head who supervises nothing is listed; a unit nobody supervises stops the import', async () => {
    const s = await sandbox();
    const r = await importOrg({
      api: s.api,
      roles: roles((x) => {
        const moved = x.leaders.viceHeads[4]!.supervises;
        x.leaders.viceHeads[3]!.supervises.push(...moved);
        x.leaders.viceHeads[4]!.supervises = [];
      }),
    });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.warnings).toEqual(['副区长 孙海燕（leaders.viceHeads[4]）在角色文件中没有分管单位']);

    const gap = await importOrg({
      api: s.api,
      roles: roles((x) => x.leaders.viceHeads[4]!.supervises.pop()),
    });
    expect(!gap.ok && gap.problems).toEqual([
      "[组织架构 org] departments[8].supervisor: no vice head supervises 「区卫生健康局」: add it to a vice head's supervises in the roles file",
    ]);
  });

  it('a roles file naming someone Lark does not have, or a chat the bot is not in, is listed by its path', async () => {
    const s = await sandbox();
    const r = await importOrg({
      api: s.api,
      roles: roles((x) => {
        x.leaders.officeDirector = '+8613999999999';
        x.chats.leaders = 'oc_not_a_chat_of_the_bot';
      }),
    });
    expect(!r.ok && r.problems).toEqual([
      '[角色文件 roles] leaders.officeDirector: no one in Lark has the mobile +8613999999999',
      '[角色文件 roles] chats.leaders: the bot is not in chat oc_not_a_chat_of_the_bot: add the bot to the group (npm run org:chats lists the groups it is in)',
    ]);
  });
});
