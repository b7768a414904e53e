import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticOrg } from '../../bench/synthetic-org.ts';

// biome-ignore lint/suspicious/noExplicitAny: an org file as JSON, to be changed by the test before parsing
type Json = Record<string, any>;

/** The example district as plain JSON, for a test to change before parsing. */
export function exampleOrgJson(): Json {
  return JSON.parse(readFileSync(new URL('../../data/org.example.json', import.meta.url), 'utf8'));
}

/**
 * A district unlike the example: `departments` units whose names end in "）", the office director also the
 * government office's main head, the executive vice head with an AB partner, and its own schedule.
 */
export function otherDistrict(departments: number, schedule: Json = {}): Json {
  const org = syntheticOrg(departments, 1) as Json;
  for (const d of org.departments) d.name = `${d.name}（${d.id}）`;
  const office = org.departments.find((d: Json) => d.function === 'government_office');
  office.mainHead = org.leaders.officeDirector;
  const [exec, , , , , last] = org.leaders.viceHeads;
  exec.abPartner = last.person;
  last.abPartner = exec.person;
  org.schedule = { digestTime: '08:30', ...schedule };
  return org;
}

/** Writes an org file for the harness (`orgFile`). */
export function writeOrg(json: Json, name: string): string {
  const file = join(tmpdir(), `govbot-test-org-${name}-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(json));
  return file;
}
