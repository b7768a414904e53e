import type { OrgIndex } from '../org.ts';
import type { DateStr } from '../time.ts';

/** An approved absence that covers a day (derived from leave records, never typed by hand, §8). */
export interface Absence {
  person: string;
  itemId: string;
  start: DateStr;
  end: DateStr;
}

export type AwayLookup = (personId: string, day: DateStr) => Absence | undefined;

/** 代行 — who acts for `personId` on `day`, and why; the person themself when present. */
export interface Acting {
  person: string;
  onBehalfOf?: string;
  reason?: 'ab_partner' | 'executive_presides' | 'designated_presides' | 'head_covers';
}

/**
 * §8: head away → the executive vice head presides; head and executive vice head both away → the
 * vice head the head designated; a vice head away → their AB partner. Where §8 is silent (the partner is
 * away too, or the executive vice head has no partner) the step goes up to the head, or whoever presides
 * for the head — a decision must always have someone who can take it.
 */
export function actingFor(personId: string, day: DateStr, org: OrgIndex, away: AwayLookup): Acting {
  if (!away(personId, day)) return { person: personId };
  const head = org.head().id;
  const exec = org.executiveViceHead().id;
  const presider = (): Acting | undefined => {
    if (!away(head, day)) return { person: head, onBehalfOf: personId, reason: 'head_covers' };
    if (!away(exec, day) && exec !== personId)
      return { person: exec, onBehalfOf: personId, reason: 'executive_presides' };
    const d = org.designatedPresider().id;
    if (!away(d, day) && d !== personId)
      return { person: d, onBehalfOf: personId, reason: 'designated_presides' };
    return undefined;
  };
  if (personId === head) {
    if (!away(exec, day)) return { person: exec, onBehalfOf: head, reason: 'executive_presides' };
    const d = org.designatedPresider().id;
    if (!away(d, day)) return { person: d, onBehalfOf: head, reason: 'designated_presides' };
    return { person: head };
  }
  if (org.isViceHead(personId)) {
    const partner = org.abPartner(personId);
    if (partner && !away(partner.id, day))
      return { person: partner.id, onBehalfOf: personId, reason: 'ab_partner' };
    return presider() ?? { person: personId };
  }
  return { person: personId };
}
