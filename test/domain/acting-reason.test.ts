import { describe, expect, it } from 'vitest';
import { type Acting, type AwayLookup, actingFor, recusedFrom } from '../../src/domain/engine/acting.ts';
import type { Step } from '../../src/domain/engine/types.ts';
import { org as exampleOrg } from '../helpers/domain.ts';
import { otherOrg } from '../helpers/other-org.ts';

/**
 * §8's reasons, as /谁代批 shows them (常务副区长主持, 区长代管 …), and the chain below the leaders: who
 * holds a recused party's step and under which reason. The matrix (acting-matrix.test.ts) checks who holds
 * each step; these check why, case by case, written out by hand from §8 for both orgs.
 */
const DAY = '2026-12-02';
const awayOf =
  (...ids: string[]): AwayLookup =>
  (p, day) =>
    ids.includes(p) ? { person: p, itemId: `leave-${p}`, start: day, end: day } : undefined;

describe('§8: who acts for an absent leader, and why', () => {
  const org = exampleOrg;
  const cases: [string, string[], string[], Acting][] = [
    // party, away, recused, expected
    [
      'zhou-jianguo',
      ['zhou-jianguo'],
      [],
      { person: 'liu-zhiqiang', onBehalfOf: 'zhou-jianguo', reason: 'executive_presides' },
    ],
    [
      'zhou-jianguo',
      ['zhou-jianguo', 'liu-zhiqiang'],
      [],
      { person: 'wang-lihua', onBehalfOf: 'zhou-jianguo', reason: 'designated_presides' },
    ],
    // The executive vice head has no AB partner here: the head covers.
    [
      'liu-zhiqiang',
      ['liu-zhiqiang'],
      [],
      { person: 'zhou-jianguo', onBehalfOf: 'liu-zhiqiang', reason: 'head_covers' },
    ],
    // wang-lihua is both chen-lixin's AB partner and the designated vice head: AB partner first.
    [
      'chen-lixin',
      ['chen-lixin'],
      [],
      { person: 'wang-lihua', onBehalfOf: 'chen-lixin', reason: 'ab_partner' },
    ],
    [
      'chen-lixin',
      ['chen-lixin', 'wang-lihua'],
      [],
      { person: 'zhou-jianguo', onBehalfOf: 'chen-lixin', reason: 'head_covers' },
    ],
    [
      'chen-lixin',
      ['chen-lixin', 'wang-lihua', 'zhou-jianguo'],
      [],
      { person: 'liu-zhiqiang', onBehalfOf: 'chen-lixin', reason: 'executive_presides' },
    ],
    [
      'zhao-wenbo',
      ['zhao-wenbo', 'sun-haiyan', 'zhou-jianguo', 'liu-zhiqiang'],
      [],
      { person: 'wang-lihua', onBehalfOf: 'zhao-wenbo', reason: 'designated_presides' },
    ],
    // Below the leaders no one acts for an absent person: the step waits for them.
    ['cao-min', ['cao-min'], [], { person: 'cao-min' }],
    ['he-xin', ['he-xin'], [], { person: 'he-xin' }],
    // A recused department main head: their supervising vice head's chain, always "supervisor covers".
    [
      'cao-min',
      [],
      ['cao-min'],
      { person: 'sun-haiyan', onBehalfOf: 'cao-min', reason: 'supervisor_covers' },
    ],
    [
      'cao-min',
      ['sun-haiyan'],
      ['cao-min'],
      { person: 'zhao-wenbo', onBehalfOf: 'cao-min', reason: 'supervisor_covers' },
    ],
    [
      'cao-min',
      ['sun-haiyan', 'zhao-wenbo'],
      ['cao-min'],
      { person: 'zhou-jianguo', onBehalfOf: 'cao-min', reason: 'supervisor_covers' },
    ],
    [
      'cao-min',
      ['sun-haiyan', 'zhao-wenbo', 'zhou-jianguo'],
      ['cao-min'],
      { person: 'liu-zhiqiang', onBehalfOf: 'cao-min', reason: 'supervisor_covers' },
    ],
    [
      'cao-min',
      ['sun-haiyan', 'zhao-wenbo', 'zhou-jianguo', 'liu-zhiqiang'],
      ['cao-min'],
      { person: 'wang-lihua', onBehalfOf: 'cao-min', reason: 'supervisor_covers' },
    ],
    // Staff of a department: the department's supervising vice head (the government office: liu-zhiqiang).
    ['he-xin', [], ['he-xin'], { person: 'liu-zhiqiang', onBehalfOf: 'he-xin', reason: 'supervisor_covers' }],
    // The office director, in no department: the head.
    [
      'li-mingyuan',
      [],
      ['li-mingyuan'],
      { person: 'zhou-jianguo', onBehalfOf: 'li-mingyuan', reason: 'supervisor_covers' },
    ],
  ];
  for (const [party, away, recused, expected] of cases) {
    it(`example district: ${party}, away ${away.join('+') || 'nobody'}, recused ${recused.join('+') || 'nobody'} → ${expected.person} (${expected.reason ?? 'in person'})`, () => {
      expect(actingFor(party, DAY, org, awayOf(...away), recused)).toEqual(expected);
    });
  }

  it('another district: the executive vice head’s AB partner acts for him; the director (also the office’s main head) is covered by the office’s supervising vice head, not the head', () => {
    const o = otherOrg();
    expect(actingFor('o-exec', DAY, o, awayOf('o-exec'))).toEqual({
      person: 'o-v1',
      onBehalfOf: 'o-exec',
      reason: 'ab_partner',
    });
    expect(actingFor('o-head', DAY, o, awayOf('o-head'))).toEqual({
      person: 'o-exec',
      onBehalfOf: 'o-head',
      reason: 'executive_presides',
    });
    expect(actingFor('o-v4', DAY, o, awayOf('o-v4', 'o-v5', 'o-head'))).toEqual({
      person: 'o-exec',
      onBehalfOf: 'o-v4',
      reason: 'executive_presides',
    });
    expect(actingFor('o-director', DAY, o, awayOf(), ['o-director'])).toEqual({
      person: 'o-exec',
      onBehalfOf: 'o-director',
      reason: 'supervisor_covers',
    });
  });
});

describe('who may not decide a step of their own case', () => {
  const step = (kind: Step['kind'], recused?: string[]) =>
    ({ kind, ...(recused ? { recused } : {}) }) as Step;
  it('a leave’s or a topic’s submitter is recused from its approve and countersign steps, not from its work steps', () => {
    expect(recusedFrom({ kind: 'leave', submitter: 'he-xin' }, step('approve'))).toEqual(['he-xin']);
    expect(recusedFrom({ kind: 'topic', submitter: 'he-xin' }, step('countersign'))).toEqual(['he-xin']);
    expect(recusedFrom({ kind: 'leave', submitter: 'he-xin' }, step('acknowledge'))).toEqual([]);
  });
  it('an instruction’s submitter (often the leader whose verdict it waits on) is not; a step naming its own recused wins', () => {
    expect(recusedFrom({ kind: 'instruction', submitter: 'zhou-jianguo' }, step('approve'))).toEqual([]);
    expect(
      recusedFrom({ kind: 'instruction', submitter: 'zhou-jianguo' }, step('approve', ['cao-min'])),
    ).toEqual(['cao-min']);
  });
});
