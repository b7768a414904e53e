import type { WorkflowItem } from '../engine/types.ts';
import type { ExcuseReason } from '../leave/types.ts';
import { type AttendanceState, attendanceOf, isMeeting, type MeetingItem } from '../meeting/types.ts';
import type { DateStr } from '../time.ts';
import type { MeetingKind, TopicItem } from '../topic/types.ts';

/** How one unit invitee of the notice stood when the minutes were recorded (§42). */
export interface MinutesAttendee {
  person: string;
  units: string[];
  state: AttendanceState;
  /** Who attended in their place, with the §42 reason, for an approved (or still pending) excuse. */
  substitute?: string;
  why?: ExcuseReason;
}

/** The meeting notice the minutes record (§36), and who was bound to attend and how each stood (§42). */
export interface MinutesMeetingRecord {
  meetingId: string;
  /** Who presided as the leave records stood when the notice went (§8). */
  presider: string;
  attendance: MinutesAttendee[];
}

/**
 * The notice of the meeting held: the one its topics were put on, of the same kind, on the day the
 * minutes say it was held. The office picks topics, not a notice, on the /会议纪要 form, and each topic
 * already knows its notice; a meeting held on another day than its notice said has no notice to link
 * (the minutes then stand alone, as before notices existed).
 */
export function meetingRecordOf(
  o: { meeting: MeetingKind; heldOn: DateStr },
  topics: TopicItem[],
  items: Iterable<WorkflowItem>,
): MinutesMeetingRecord | undefined {
  const ids = new Set(topics.map((t) => t.fields.meetingId).filter((id): id is string => !!id));
  let found: MeetingItem | undefined;
  for (const i of items) {
    if (!ids.has(i.id) || !isMeeting(i) || i.status === 'withdrawn') continue;
    if (i.fields.meeting === o.meeting && i.fields.date === o.heldOn) found = i;
  }
  if (!found) return undefined;
  const attendance = found.fields.attendees
    .filter((a) => a.role === 'unit')
    .map((a): MinutesAttendee => {
      const state = attendanceOf(a);
      const excused = state === 'excused' || state === 'excuse_pending';
      return {
        person: a.person,
        units: a.units,
        state,
        ...(excused && a.excuse ? { substitute: a.excuse.substitute, why: a.excuse.why } : {}),
      };
    });
  return { meetingId: found.id, presider: found.fields.presider, attendance };
}
