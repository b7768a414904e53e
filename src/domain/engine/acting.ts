import type { OrgIndex } from '../org.ts';
import type { DateStr } from '../time.ts';
import type { Step, WorkflowItem } from './types.ts';

/** An approved absence that covers a day (derived from leave records, never typed by hand, §8). */
export interface Absence {
  person: string;
  itemId: string;
  start: DateStr;
  end: DateStr;
  /** The head's absence: the vice head he designated to preside when the executive vice head is away too (§8). */
  presider?: string;
}

export type AwayLookup = (personId: string, day: DateStr) => Absence | undefined;

/** Why someone other than the party holds a step. */
export type ActingReason =
  | 'ab_partner'
  | 'executive_presides'
  | 'designated_presides'
  | 'head_covers'
  | 'supervisor_covers';

/** 代行 — who acts for `personId` on `day`, and why; the person themself when present. */
export interface Acting {
  person: string;
  onBehalfOf?: string;
  reason?: ActingReason;
}

/**
 * Who presides for the head (§8): the executive vice head, then the vice head the head designated —
 * on the leave form of the absence that covers `day`, else the org file's `designatedPresider`.
 */
function presiders(org: OrgIndex, away: AwayLookup, day: DateStr): string[] {
  return [org.executiveViceHead().id, designatedOn(org, away, day)];
}

/** The vice head who presides on `day` when the head and the executive vice head are both away (§8). */
export function designatedOn(org: OrgIndex, away: AwayLookup, day: DateStr): string {
  return away(org.head().id, day)?.presider ?? org.designatedPresider().id;
}

/**
 * The §8 chain above `personId`, in order, without them: the head's presiders; for a vice head the AB
 * partner, then the head and whoever presides for the head; for anyone else (only asked when they may not
 * hold a step themself) the supervising leader and that leader's chain.
 */
function chainAbove(personId: string, org: OrgIndex, away: AwayLookup, day: DateStr): string[] {
  const head = org.head().id;
  let chain: string[];
  if (personId === head) chain = presiders(org, away, day);
  else if (org.isViceHead(personId)) {
    const partner = org.abPartner(personId)?.id;
    chain = [...(partner ? [partner] : []), head, ...presiders(org, away, day)];
  } else {
    const dept = org.departmentOf(personId);
    const leader =
      dept && dept.mainHead === personId
        ? org.supervisingViceHead(dept.id).id
        : (org.supervisingLeaderOf(personId)?.id ?? head);
    chain = [leader, ...chainAbove(leader, org, away, day)];
  }
  return [...new Set(chain)].filter((p) => p !== personId);
}

function reasonFor(
  party: string,
  holder: string,
  org: OrgIndex,
  away: AwayLookup,
  day: DateStr,
): ActingReason {
  if (holder === org.abPartner(party)?.id) return 'ab_partner';
  if (holder === org.head().id) return org.isViceHead(party) ? 'head_covers' : 'supervisor_covers';
  if (holder === org.executiveViceHead().id && (party === org.head().id || org.isLeader(party)))
    return 'executive_presides';
  if (holder === designatedOn(org, away, day) && org.isLeader(party)) return 'designated_presides';
  return 'supervisor_covers';
}

/**
 * §8: head away → the executive vice head presides; head and executive vice head both away → the
 * vice head the head designated; a vice head away → their AB partner, then the head, or whoever presides
 * for the head (§8 is silent there: a decision must always have someone who can take it). Below the
 * leaders no one acts for an absent person: their steps wait for them.
 *
 * `recused` are those who may not hold the step at all (its submitter, the person whose absence it is,
 * the author of what is being judged): acting that would land on them goes on up the chain, and a party
 * who is recused themself hands the step up as if away. When everyone up the chain is away, the step
 * waits for the party's return — or, when the party is recused, for the first one up the chain who is not.
 */
export function actingFor(
  personId: string,
  day: DateStr,
  org: OrgIndex,
  away: AwayLookup,
  recused: readonly string[] = [],
): Acting {
  const barred = (p: string) => recused.includes(p);
  const selfBarred = barred(personId);
  if (!selfBarred && !away(personId, day)) return { person: personId };
  if (!selfBarred && !org.isLeader(personId)) return { person: personId };
  const chain = chainAbove(personId, org, away, day).filter((p) => !barred(p));
  const holder = chain.find((p) => !away(p, day)) ?? (selfBarred ? chain[0] : undefined);
  if (!holder) return { person: personId };
  return { person: holder, onBehalfOf: personId, reason: reasonFor(personId, holder, org, away, day) };
}

/**
 * Who may not hold or decide a step of an item (nobody decides their own case): a step names them
 * itself (`recused`, e.g. the author of the report it judges), or else it is the submitter of a leave
 * (whose absence it is), a topic or a meeting record. Work steps — drafting, reporting, paying, signing
 * for receipt — are done by whoever owes them, the submitter included. An instruction's submitter is the
 * one who entered it, often the leader whose verdict its steps wait on, so its steps name their own.
 */
export function recusedFrom(item: Pick<WorkflowItem, 'kind' | 'submitter'>, step: Step): readonly string[] {
  if (step.recused) return step.recused;
  if (step.kind !== 'approve' && step.kind !== 'countersign') return [];
  return item.kind === 'instruction' ? [] : [item.submitter];
}
