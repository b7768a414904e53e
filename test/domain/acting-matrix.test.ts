import { describe, expect, it } from 'vitest';
import type { AwayLookup } from '../../src/domain/engine/acting.ts';
import { act, type Env, start } from '../../src/domain/engine/engine.ts';
import { waitingStep } from '../../src/domain/engine/steps.ts';
import type { Answer, StepKind, WorkflowItem } from '../../src/domain/engine/types.ts';
import type { OrgIndex } from '../../src/domain/org.ts';
import { beijingInstant } from '../../src/domain/time.ts';
import { calendar, org as exampleOrg } from '../helpers/domain.ts';
import { otherOrg } from '../helpers/other-org.ts';

/**
 * The whole §8 matrix (issue 19, issue 12 point 1): every combination of the leaders away or present —
 * head, executive vice head, designated vice head, each AB pair — with the submitter among them, for a
 * step of each kind owed by each leader (and by a department main head), through the real engine.
 *
 * The expected holder comes from the chains below, written out by hand from §8 for each org (not
 * computed from the org): the party if present; else the first one present up their chain; nobody
 * decides their own case (approve and countersign steps skip the submitter, who, as a party, hands the
 * step up as if away); when everyone up the chain is away, the step waits for the party — or, for a
 * recused party, for the first one up the chain who is not recused.
 */
interface Matrix {
  name: string;
  org: OrgIndex;
  /** Everyone whose absence is varied (2^n combinations). */
  leaders: string[];
  /** §8 chain above each party, in order (written by hand). */
  chains: Record<string, string[]>;
  /** A department main head (no §8 acting below the leaders; recused, their supervising leader's chain). */
  unitHead: string;
  /** A submitter outside every chain. */
  bystander: string;
}

const EXAMPLE: Matrix = {
  name: 'the example district (the executive vice head has no AB partner)',
  org: exampleOrg,
  leaders: ['zhou-jianguo', 'liu-zhiqiang', 'wang-lihua', 'chen-lixin', 'zhao-wenbo', 'sun-haiyan'],
  chains: {
    // head → executive vice head → designated vice head (wang-lihua)
    'zhou-jianguo': ['liu-zhiqiang', 'wang-lihua'],
    // the executive vice head has no partner: the head, then who presides for the head
    'liu-zhiqiang': ['zhou-jianguo', 'wang-lihua'],
    // wang-lihua ↔ chen-lixin; wang-lihua is the designated vice head
    'wang-lihua': ['chen-lixin', 'zhou-jianguo', 'liu-zhiqiang'],
    'chen-lixin': ['wang-lihua', 'zhou-jianguo', 'liu-zhiqiang'],
    // zhao-wenbo ↔ sun-haiyan
    'zhao-wenbo': ['sun-haiyan', 'zhou-jianguo', 'liu-zhiqiang', 'wang-lihua'],
    'sun-haiyan': ['zhao-wenbo', 'zhou-jianguo', 'liu-zhiqiang', 'wang-lihua'],
    // 区教育局 main head, supervised by sun-haiyan
    'cao-min': ['sun-haiyan', 'zhao-wenbo', 'zhou-jianguo', 'liu-zhiqiang', 'wang-lihua'],
  },
  unitHead: 'cao-min',
  bystander: 'he-xin',
};

const OTHER: Matrix = {
  name: 'another district (the executive vice head HAS an AB partner; director = office main head)',
  org: otherOrg(),
  leaders: ['o-head', 'o-exec', 'o-v1', 'o-v2', 'o-v3', 'o-v4', 'o-v5'],
  chains: {
    'o-head': ['o-exec', 'o-v2'],
    // o-exec ↔ o-v1; o-v2 (designated) ↔ o-v3; o-v4 ↔ o-v5
    'o-exec': ['o-v1', 'o-head', 'o-v2'],
    'o-v1': ['o-exec', 'o-head', 'o-v2'],
    'o-v2': ['o-v3', 'o-head', 'o-exec'],
    'o-v3': ['o-v2', 'o-head', 'o-exec'],
    'o-v4': ['o-v5', 'o-head', 'o-exec', 'o-v2'],
    'o-v5': ['o-v4', 'o-head', 'o-exec', 'o-v2'],
    // unit u4 is supervised by o-v4
    'u4-main': ['o-v4', 'o-v5', 'o-head', 'o-exec', 'o-v2'],
    // the office director heads u0, the government office, supervised by the executive vice head
    'o-director': ['o-exec', 'o-v1', 'o-head', 'o-v2'],
  },
  unitHead: 'u4-main',
  bystander: 'u7-s0',
};

const DAY = '2026-12-02';
const ANSWER: Record<Exclude<StepKind, 'notify'>, Answer> = {
  approve: 'approve',
  countersign: 'agree',
  acknowledge: 'acknowledged',
};

function expectedHolder(
  m: Matrix,
  party: string,
  away: Set<string>,
  recused: string[],
): { person: string; onBehalfOf?: string } {
  const barred = recused.includes(party);
  const leader = m.leaders.includes(party);
  if (!barred && (!away.has(party) || !leader)) return { person: party };
  const chain = m.chains[party]!.filter((p) => !recused.includes(p));
  const present = chain.find((p) => !away.has(p));
  if (present) return { person: present, onBehalfOf: party };
  return barred ? { person: chain[0]!, onBehalfOf: party } : { person: party };
}

function draft(party: string, submitter: string, kind: Exclude<StepKind, 'notify'>): WorkflowItem {
  return {
    id: 'T0001',
    kind: 'topic',
    title: '矩阵',
    submitter,
    fields: {},
    status: 'draft',
    steps: [waitingStep('s1', kind, '一步', [party], '§8')],
    round: 1,
    trail: [],
    createdAt: '',
    updatedAt: '',
  };
}

function run(m: Matrix, kind: Exclude<StepKind, 'notify'>): string[] {
  const failures: string[] = [];
  const parties = Object.keys(m.chains);
  const submitters = [m.bystander, ...m.leaders, m.unitHead];
  for (let mask = 0; mask < 1 << m.leaders.length; mask++) {
    const awaySet = new Set(m.leaders.filter((_, i) => mask & (1 << i)));
    const away: AwayLookup = (person, day) =>
      awaySet.has(person) ? { person, itemId: 'Q', start: day, end: day } : undefined;
    const env: Env = { now: beijingInstant(DAY, '10:00'), today: DAY, org: m.org, calendar, away };
    for (const party of parties) {
      for (const submitter of submitters) {
        const recused = kind === 'acknowledge' ? [] : [submitter];
        const want = expectedHolder(m, party, awaySet, recused);
        const label = `${kind} owed by ${party}, submitted by ${submitter}, away [${[...awaySet]}]`;
        const t = start(draft(party, submitter, kind), env);
        if (!t.ok) throw new Error(label);
        const asks = t.effects.filter((e) => e.type === 'ask');
        const got = asks.map((e) => ({ person: e.to, onBehalfOf: e.onBehalfOf }));
        const wanted = [{ person: want.person, onBehalfOf: want.onBehalfOf }];
        if (JSON.stringify(got) !== JSON.stringify(wanted)) {
          failures.push(`${label}: asked ${JSON.stringify(got)}, expected ${JSON.stringify(wanted)}`);
          continue;
        }
        // The holder's answer is taken, on the party's behalf when they hold it for them.
        const answer = ANSWER[kind];
        const done = act(t.item, { stepId: 's1', round: 1, actor: want.person, answer }, env);
        const response = done.ok ? done.item.steps[0]!.responses[0] : undefined;
        if (!response || response.onBehalfOf !== want.onBehalfOf || response.party !== party)
          failures.push(`${label}: the holder ${want.person} could not answer (${JSON.stringify(done)})`);
        // The submitter never decides, directly or on anyone's behalf.
        if (kind !== 'acknowledge' && submitter !== want.person) {
          const own = act(t.item, { stepId: 's1', round: 1, actor: submitter, answer }, env);
          if (own.ok || own.reason !== 'own_case')
            failures.push(`${label}: the submitter's own answer was ${JSON.stringify(own)}`);
        }
      }
    }
  }
  return failures;
}

describe.each([EXAMPLE, OTHER])('§8 acting matrix: $name', (m) => {
  it.each(['approve', 'countersign', 'acknowledge'] as const)(
    'every combination of absences and submitters: the %s step goes to the expected holder',
    (kind) => {
      const failures = run(m, kind);
      expect(failures.slice(0, 10), `${failures.length} wrong holders`).toEqual([]);
    },
  );

  it('the hand-written chains are the org’s: partners, head, executive and designated vice heads', () => {
    const o = m.org;
    for (const p of m.leaders.filter((x) => x !== o.head().id)) {
      const partner = o.abPartner(p)?.id;
      expect(m.chains[p]![0]).toBe(partner ?? o.head().id);
    }
    expect(m.chains[o.head().id]).toEqual([o.executiveViceHead().id, o.designatedPresider().id]);
  });
});

describe('§8 the cases issue 12 found, named', () => {
  const env = (awayIds: string[]): Env => ({
    now: beijingInstant(DAY, '10:00'),
    today: DAY,
    org: exampleOrg,
    calendar,
    away: (person, day) =>
      awayIds.includes(person) ? { person, itemId: 'Q', start: day, end: day } : undefined,
  });
  it('the head away: the executive vice head’s own leave goes past him to the designated vice head', () => {
    const t = start(draft('zhou-jianguo', 'liu-zhiqiang', 'approve'), env(['zhou-jianguo']));
    expect(t.ok && t.effects.find((e) => e.type === 'ask')).toMatchObject({
      to: 'wang-lihua',
      onBehalfOf: 'zhou-jianguo',
    });
  });
  it('head and executive away: the designated vice head’s own leave waits for the head’s return', () => {
    const t = start(draft('zhou-jianguo', 'wang-lihua', 'approve'), env(['zhou-jianguo', 'liu-zhiqiang']));
    expect(t.ok && t.effects.find((e) => e.type === 'ask')).toMatchObject({ to: 'zhou-jianguo' });
  });
  it('a vice head and partner away and the head away: the executive vice head covers (§8 fallback)', () => {
    const t = start(
      draft('zhao-wenbo', 'he-xin', 'approve'),
      env(['zhao-wenbo', 'sun-haiyan', 'zhou-jianguo']),
    );
    expect(t.ok && t.effects.find((e) => e.type === 'ask')).toMatchObject({
      to: 'liu-zhiqiang',
      onBehalfOf: 'zhao-wenbo',
    });
  });
});
