import type { OrgIndex } from '../org.ts';
import type { MeetingKind, TopicItem } from '../topic/types.ts';
import type { Attendee, AttendeeRole } from './types.ts';

/** Who convenes a topic's meeting: the head (§37–§39), or the vice head who chairs the business meeting (§40). */
export function convenerOf(org: OrgIndex, t: TopicItem): string {
  return t.fields.meeting === 'business'
    ? (t.fields.chair ?? org.supervisingViceHead(t.fields.unit).id)
    : org.head().id;
}

const RANK: Record<AttendeeRole, number> = { unit: 3, leader: 2, copy: 1 };

/**
 * Everyone a meeting's notice goes to (§36–§40), each once, in the order they are added:
 * - plenary (§37 区政府组成人员): the leaders, the office director and every unit's main head;
 * - standing (§38): the head, the vice heads, the office director, and the main heads of each topic's
 *   submitting and affected units (§38 汇报人, §24 涉及单位);
 * - head's office meeting (§39): the head, the vice heads over the topics' units (有关副区长), the office
 *   director, and the topics' units' main heads (议题涉及部门负责同志);
 * - business meeting (§40): the chairing vice head, and for the submitting unit the deputy it named for the
 *   topic (§42 second paragraph: 部门分管负责同志), its main head told; the affected units' main heads.
 * A unit invitee who is also a leader or told as a copy is asked to reply as a unit invitee.
 */
export function inviteesOf(
  org: OrgIndex,
  kind: MeetingKind,
  topics: readonly TopicItem[],
  convener: string,
): Attendee[] {
  const out = new Map<string, Attendee>();
  const add = (person: string | undefined, role: AttendeeRole, unit?: string, topic?: string) => {
    if (!person) return;
    const a = out.get(person) ?? { person, role, units: [], topics: [] };
    if (RANK[role] > RANK[a.role]) a.role = role;
    if (unit && !a.units.includes(unit)) a.units.push(unit);
    if (topic && !a.topics.includes(topic)) a.topics.push(topic);
    out.set(person, a);
  };
  const director = org.officeDirector().id;
  switch (kind) {
    case 'plenary':
    case 'standing':
      for (const p of org.leaders()) add(p.id, 'leader');
      add(director, 'leader');
      break;
    case 'head_office':
      add(convener, 'leader');
      for (const t of topics) add(org.supervisingViceHead(t.fields.unit).id, 'leader');
      add(director, 'leader');
      break;
    case 'business':
      add(convener, 'leader');
      break;
  }
  for (const t of topics) {
    const f = t.fields;
    if (kind === 'business' && f.deputy) {
      add(f.deputy, 'unit', f.unit, t.id);
      add(org.department(f.unit)?.mainHead, 'copy', f.unit, t.id);
    } else {
      add(org.department(f.unit)?.mainHead, 'unit', f.unit, t.id);
    }
    for (const u of f.affected) add(org.department(u)?.mainHead, 'unit', u, t.id);
  }
  if (kind === 'plenary') for (const d of org.departments()) add(d.mainHead, 'unit', d.id);
  // A leader is never a unit invitee: §42 binds the units' heads, the leaders are told.
  for (const a of out.values()) if (a.role === 'unit' && org.isLeader(a.person)) a.role = 'leader';
  return [...out.values()];
}
