import { activeStep, owing } from '../engine/engine.ts';
import type { Step, WorkflowItem } from '../engine/types.ts';
import type { DateStr } from '../time.ts';
import { isTopic, MEETING_KINDS, type MeetingKind, type TopicItem } from './types.ts';

/** Where a waiting topic is: still on its route (which step, waiting on whom), or on the agenda for a date. */
export type AgendaEntry =
  | { item: TopicItem; state: 'scheduled'; meetingDate: DateStr }
  | { item: TopicItem; state: 'routing'; step: Step; owed: string[]; due?: DateStr };

/**
 * 议题列表: per meeting kind, the topics not yet taken up by a meeting — those put on the agenda first
 * (by meeting date), then those still on their route (oldest first).
 */
export function agendaOf(items: Iterable<WorkflowItem>): Record<MeetingKind, AgendaEntry[]> {
  const out = Object.fromEntries(MEETING_KINDS.map((k) => [k, [] as AgendaEntry[]])) as Record<
    MeetingKind,
    AgendaEntry[]
  >;
  for (const it of items) {
    if (!isTopic(it) || it.fields.heldIn) continue;
    if (it.status === 'approved' && it.fields.meetingDate) {
      out[it.fields.meeting].push({ item: it, state: 'scheduled', meetingDate: it.fields.meetingDate });
    } else if (it.status === 'in_progress') {
      const step = activeStep(it);
      if (step) {
        out[it.fields.meeting].push({
          item: it,
          state: 'routing',
          step,
          owed: owing(step),
          ...(step.deadline ? { due: step.deadline.due } : {}),
        });
      }
    }
  }
  const key = (e: AgendaEntry) => (e.state === 'scheduled' ? `0${e.meetingDate}` : `1${e.item.createdAt}`);
  for (const k of MEETING_KINDS) out[k].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return out;
}

/** Topics on the agenda of a kind of meeting and not yet recorded as held: what minutes may name. */
export function scheduledTopics(items: Iterable<WorkflowItem>, meeting?: MeetingKind): TopicItem[] {
  return [...items].filter(
    (it): it is TopicItem =>
      isTopic(it) &&
      it.status === 'approved' &&
      !it.fields.heldIn &&
      (meeting === undefined || it.fields.meeting === meeting),
  );
}
