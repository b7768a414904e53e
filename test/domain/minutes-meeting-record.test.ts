import { describe, expect, it } from 'vitest';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import type { Attendee, MeetingItem } from '../../src/domain/meeting/types.ts';
import { meetingRecordOf } from '../../src/domain/minutes/meeting-record.ts';
import type { TopicItem } from '../../src/domain/topic/types.ts';

const topic = (id: string, meetingId?: string) =>
  ({ id, kind: 'topic', fields: { meeting: 'standing', ...(meetingId ? { meetingId } : {}) } }) as TopicItem;

const attendees: Attendee[] = [
  { person: 'zhou-jianguo', role: 'leader', units: [], topics: [] },
  {
    person: 'cao-min',
    role: 'unit',
    units: ['education'],
    topics: ['T0001'],
    reply: 'excuse',
    excuse: { leave: 'Q0001', status: 'approved', substitute: 'peng-bo', why: 'health', topic: 'T0001' },
  },
  {
    person: 'yang-fan',
    role: 'unit',
    units: ['finance'],
    topics: ['T0001'],
    reply: 'excuse',
    excuse: { leave: 'Q0002', status: 'rejected', substitute: 'zhu-li', why: 'emergency' },
  },
  { person: 'su-gang', role: 'unit', units: ['housing'], topics: ['T0001'] },
];
const meeting = (o: { id?: string; date?: string; kind?: string } = {}) =>
  ({
    id: o.id ?? 'H0001',
    kind: 'meeting',
    status: 'closed',
    fields: {
      meeting: o.kind ?? 'standing',
      date: o.date ?? '2026-12-24',
      presider: 'liu-zhiqiang',
      convener: 'zhou-jianguo',
      attendees,
    },
  }) as unknown as MeetingItem;

const held = { meeting: 'standing' as const, heldOn: '2026-12-24' };

describe('§36 §42 the minutes record the meeting notice their topics were on, and its attendance', () => {
  it('the notice of the same kind and day: its id, who presided (§8), each unit invitee as they stood; leaders are not invitees who answer', () => {
    const r = meetingRecordOf(held, [topic('T0001', 'H0001')], [meeting()] as WorkflowItem[]);
    expect(r).toEqual({
      meetingId: 'H0001',
      presider: 'liu-zhiqiang',
      attendance: [
        { person: 'cao-min', units: ['education'], state: 'excused', substitute: 'peng-bo', why: 'health' },
        // A refused excuse: he had to attend; the substitute he named did not stand in.
        { person: 'yang-fan', units: ['finance'], state: 'excuse_refused' },
        { person: 'su-gang', units: ['housing'], state: 'pending' },
      ],
    });
  });

  it('no link when the meeting was held on another day, is of another kind, or its topics had no notice', () => {
    const items = [meeting()] as WorkflowItem[];
    expect(
      meetingRecordOf({ ...held, heldOn: '2026-12-25' }, [topic('T0001', 'H0001')], items),
    ).toBeUndefined();
    expect(
      meetingRecordOf({ ...held, meeting: 'plenary' }, [topic('T0001', 'H0001')], items),
    ).toBeUndefined();
    expect(meetingRecordOf(held, [topic('T0001')], items)).toBeUndefined();
    expect(meetingRecordOf(held, [topic('T0001', 'H0009')], items)).toBeUndefined();
  });
});
