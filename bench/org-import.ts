import { parseOrg } from '../src/domain/org.ts';
import { createSdkClient } from '../src/lark/gateway.ts';
import { createContactApi } from '../src/org-sync/contact-api.ts';
import { importOrg } from '../src/org-sync/import.ts';
import { parseRoles } from '../src/org-sync/roles.ts';
import { createSandboxLark } from '../src/sandbox/lark-server.ts';
import { sandboxTenant } from '../src/sandbox-directory.ts';
import { syntheticDistrict } from '../test/fixtures/district.ts';
import { type BenchResult, summary } from './stats.ts';

/**
 * `npm run org:import` of a synthetic district (test/fixtures/district.ts) against the sandbox's contact
 * API over HTTP, through the SDK: paced as against Lark (40 requests a second per API), and unpaced to
 * show the import's own cost. Each run reads the whole tree, every page, and merges it.
 */
export async function benchOrgImport(units = 40, people = 500, runs = 3): Promise<BenchResult[]> {
  const { org, roles: raw } = syntheticDistrict(units, people);
  const roles = parseRoles(raw);
  if (!roles.ok) throw new Error(JSON.stringify(roles.problems));
  const tenant = sandboxTenant(org);
  const lark = createSandboxLark({
    appId: 'cli_0123456789abcdef',
    appSecret: 'bench-secret',
    botOpenId: 'ou_bench_bot',
    botName: 'bench',
    directory: tenant.people,
    departments: tenant.departments,
    chats: tenant.chats,
  });
  const url = await lark.listen();
  const client = createSdkClient({ appId: 'cli_0123456789abcdef', appSecret: 'bench-secret', domain: url });
  const out: BenchResult[] = [];
  try {
    for (const [label, perSecond] of [
      ['paced as for Lark (40/s per API)', 40],
      ['unpaced (the import’s own cost)', 100_000],
    ] as const) {
      const ms: number[] = [];
      let requests = 0;
      for (let i = 0; i < runs; i++) {
        // Each run waits out the previous one's second, as a fresh `npm run org:import` would.
        await new Promise((r) => setTimeout(r, 1100));
        const api = createContactApi(client, { perSecond });
        const t0 = performance.now();
        const r = await importOrg({ api, roles: roles.roles });
        ms.push(performance.now() - t0);
        if (!r.ok) throw new Error(r.problems.join('\n'));
        if (!parseOrg(r.org).ok || r.org.people.length !== people) throw new Error('the import lost people');
        requests = api.requests;
      }
      out.push({
        name: `org-import ${people} people / ${units} units, ${label}`,
        metrics: { ...summary(ms), requests },
        note: 'ms per import, sandbox over HTTP through the SDK',
      });
    }
  } finally {
    await lark.close();
  }
  return out;
}
