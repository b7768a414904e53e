import { afterEach, describe, expect, it } from 'vitest';
import { parseOrg } from '../../src/domain/org.ts';
import { importOrg } from '../../src/org-sync/import.ts';
import { contactSandbox, EXAMPLE, exampleRoles, readJson, substance } from './support.ts';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('npm run org:import against the sandbox Lark', () => {
  it('imports the example district from contact v3 plus the roles file: the same org in substance', async () => {
    const s = await contactSandbox();
    stop = s.close;
    const r = await importOrg({ api: s.api, roles: exampleRoles() });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    const example = parseOrg(readJson(EXAMPLE));
    if (!example.ok) throw new Error('example');
    expect(substance(r.org)).toEqual(substance(example.org));
  });
});
