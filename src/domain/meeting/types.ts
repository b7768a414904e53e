import type { WorkflowItem } from '../engine/types.ts';
import type { ExcuseReason } from '../leave/types.ts';
import type { DateStr } from '../time.ts';
import type { MeetingKind } from '../topic/types.ts';

/**
 * Who a meeting notice goes to (§36–§40, §42):
 * - `unit`: a unit's main head (the business meeting: the unit's deputy for the topic) whom §42 binds to
 *   attend as the notice says — they reply 参会 or ask to be excused;
 * - `leader`: a district leader attending (and the office director, who organises it, §36) — told;
 * - `copy`: a unit's main head told while the unit's deputy attends the business meeting (§40, §42).
 */
export type AttendeeRole = 'unit' | 'leader' | 'copy';

/** A §42 excuse as it stands on the meeting: the leave item it is filed as, and who attends instead. */
export interface MeetingExcuse {
  leave: string;
  /** `lapsed`: the meeting's day passed with the convener's decision still owed (closePastMeeting). */
  status: 'pending' | 'approved' | 'rejected' | 'lapsed';
  substitute: string;
  why: ExcuseReason;
  topic?: string;
}

export interface MeetingTopic {
  id: string;
  title: string;
  unit: string;
  affected: string[];
  /** The submitting unit's deputy for the topic (§38, §42), when it named one. */
  deputy?: string;
  /** 汇报人 (§38): the unit's deputy named for the topic; its main head when none is named. */
  reporter?: string;
}

export interface Attendee {
  person: string;
  role: AttendeeRole;
  /** The units they come for (department ids) and the topics of those units. */
  units: string[];
  topics: string[];
  reply?: 'attend' | 'excuse';
  excuse?: MeetingExcuse;
}

/**
 * 会议通知 — one meeting: its kind, day, time and place, its topics and everyone invited, with each
 * invitee's reply. It is a WorkflowItem (kind `meeting`) so that the store, the card patching, the nags
 * and the approval sync treat it like any other item: its one step `reply` waits on the `unit` invitees.
 */
export interface MeetingFields {
  meeting: MeetingKind;
  date: DateStr;
  /** HH:mm, Beijing time. */
  time: string;
  place: string;
  /** 会议材料报送截止 (§38 提前报区政府办公室). */
  materialsDue: DateStr;
  /** Who convenes it: the head (§37–§39), the chairing vice head (§40). */
  convener: string;
  /** Who presides on the day as the leave records stood when the notice went (§8). */
  presider: string;
  /** The topics as they stood when put on the notice (the cards show them without looking them up). */
  topics: MeetingTopic[];
  attendees: Attendee[];
  /** When the notice was last (re)issued: a card sent before a move is superseded. */
  noticeAt: string;
  /** Earlier dates, when the meeting was moved. */
  movedFrom?: DateStr[];
}

export type MeetingItem = WorkflowItem<MeetingFields>;

export function isMeeting(item: WorkflowItem): item is MeetingItem {
  return item.kind === 'meeting';
}

export const MEETING_STEP = { reply: 'reply' } as const;

/** Where an attendee stands, as the office's attendance list says it. */
export type AttendanceState =
  | 'pending'
  | 'attend'
  | 'excuse_pending'
  | 'excused'
  | 'excuse_refused'
  | 'excuse_lapsed';

export function attendanceOf(a: Attendee): AttendanceState {
  if (a.excuse?.status === 'approved') return 'excused';
  if (a.excuse?.status === 'pending') return 'excuse_pending';
  if (a.excuse?.status === 'rejected') return 'excuse_refused';
  if (a.excuse?.status === 'lapsed') return 'excuse_lapsed';
  return a.reply === 'attend' ? 'attend' : 'pending';
}

export const ATTENDANCE_LABEL: Record<AttendanceState, string> = {
  pending: '未回复',
  attend: '参会',
  excuse_pending: '请假待批',
  excused: '已准假',
  excuse_refused: '请假未准，须参会',
  excuse_lapsed: '请假未经审批，已作废',
};
