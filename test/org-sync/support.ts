import { readFileSync } from 'node:fs';
import type { Org } from '../../src/domain/org.ts';
import { createSdkClient } from '../../src/lark/gateway.ts';
import { createContactApi } from '../../src/org-sync/contact-api.ts';
import { parseRoles, type Roles } from '../../src/org-sync/roles.ts';
import { createSandboxLark, type SandboxLark } from '../../src/sandbox/lark-server.ts';
import { type SandboxTenant, sandboxTenant } from '../../src/sandbox-directory.ts';

export const EXAMPLE = 'data/org.example.json';
export const EXAMPLE_ROLES = 'data/org.example.roles.json';
const APP_ID = 'cli_0123456789abcdef';
const APP_SECRET = 'org-sync-secret';

export const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

export function exampleRoles(): Roles {
  const r = parseRoles(readJson(EXAMPLE_ROLES));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.roles;
}

/** A sandbox Lark serving `tenant`'s directory over HTTP, and the contact API talking to it. */
export async function contactSandbox(tenant: SandboxTenant = sandboxTenant(readJson(EXAMPLE) as never)) {
  const lark: SandboxLark = createSandboxLark({
    appId: APP_ID,
    appSecret: APP_SECRET,
    botOpenId: 'ou_sandbox_bot_0000000000000000000',
    botName: '政务督办助手',
    directory: tenant.people,
    departments: tenant.departments,
    chats: tenant.chats,
  });
  const url = await lark.listen();
  const client = createSdkClient({ appId: APP_ID, appSecret: APP_SECRET, domain: url, timeoutMs: 5000 });
  const sleeps: number[] = [];
  const api = createContactApi(client, {
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((r) => setTimeout(r, Math.min(ms, 20)));
    },
  });
  return { lark, api, client, url, sleeps, close: () => lark.close() };
}

/** An org with ids replaced by names, and Lark's own ids dropped: what the org says, not how it is keyed. */
export function substance(org: Org) {
  const name = new Map(org.people.map((p) => [p.id, p.name]));
  const dname = new Map(org.departments.map((d) => [d.id, d.name]));
  const n = (id: string | undefined) => (id ? (name.get(id) ?? `?${id}`) : undefined);
  return {
    district: org.district,
    people: org.people
      .map((p) => ({ name: p.name, title: p.title }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    leaders: {
      head: n(org.leaders.head),
      executiveViceHead: n(org.leaders.executiveViceHead),
      viceHeads: org.leaders.viceHeads.map((v) => ({ person: n(v.person), abPartner: n(v.abPartner) })),
      designatedPresider: n(org.leaders.designatedPresider),
      officeDirector: n(org.leaders.officeDirector),
    },
    departments: org.departments.map((d) => ({
      name: dname.get(d.id),
      kind: d.kind,
      function: d.function,
      mainHead: n(d.mainHead),
      deputies: d.deputies.map(n),
      staff: d.staff.map(n).sort(),
      supervisor: n(d.supervisor),
    })),
    chats: Object.fromEntries(
      Object.entries(org.chats).map(([k, c]) => [
        k,
        { chatId: c.chatId, name: c.name, members: c.members.map(n).sort() },
      ]),
    ),
    schedule: org.schedule,
  };
}
