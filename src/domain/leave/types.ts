import type { WorkflowItem } from '../engine/types.ts';
import type { DateStr } from '../time.ts';
import type { ActingSegment } from './acting-plan.ts';

/** 离阜外出 leaving the city, 休假 vacation, 出访 outbound visit (§67), 会议请假 excused from a meeting (§42). */
export type LeaveType = 'out_of_city' | 'vacation' | 'outbound_visit' | 'meeting_excuse';

export const LEAVE_TYPE_LABEL: Record<LeaveType, string> = {
  out_of_city: '离阜外出',
  vacation: '休假',
  outbound_visit: '出访',
  meeting_excuse: '会议请假',
};

/**
 * Meetings one may be excused from (§42): a department head from the plenary, standing and head's office
 * meetings; the unit's deputy for a topic from a business meeting (§42 second paragraph).
 */
export type ExcusableMeeting = 'plenary' | 'standing' | 'head_office' | 'business';

export const MEETING_LABEL: Record<ExcusableMeeting, string> = {
  plenary: '区政府全体会议',
  standing: '区政府常务会议',
  head_office: '区长办公会议',
  business: '区政府业务会议',
};

/** The only reasons §42 allows for missing a meeting. */
export type ExcuseReason = 'higher_meeting' | 'official_trip' | 'emergency' | 'health';

export const EXCUSE_REASON_LABEL: Record<ExcuseReason, string> = {
  higher_meeting: '参加国家、省市重要会议及活动',
  official_trip: '因公出访或出差',
  emergency: '处置重大突发事件',
  health: '个人身体健康原因',
};

/** A conflict the approvers and the government office must see (§8). */
export interface LeaveConflict {
  kind: 'ab_partner_away' | 'head_and_executive_away';
  /** The other person's leave item and name, and the overlapping days. */
  otherItem: string;
  otherPerson: string;
  from: DateStr;
  to: DateStr;
}

/** 请假/离阜报备 — what was filed, plus what the rules derive from it. */
export interface LeaveFields {
  type: LeaveType;
  start: DateStr;
  end: DateStr;
  destination: string;
  reason: string;
  /**
   * A meeting excuse (§42): which meeting (the notice's record, `meetingId`), the topic it is tied to and
   * the §42 reason; `deputy` is who attends in the person's place.
   */
  meeting?: {
    kind: ExcusableMeeting;
    date?: DateStr;
    deputy: string;
    meetingId?: string;
    topic?: string;
    why?: ExcuseReason;
  };
  filedOn: DateStr;
  /** §71: days between filing and departure, the departure day not counted. */
  advanceDays: number;
  /** §71: a department main head filed less than 3 days ahead; accepted, marked late. */
  late: boolean;
  conflicts: LeaveConflict[];
  /**
   * The head's leave: the vice head he designates to preside while the executive vice head is (or will
   * be) away too (§8); the org file's `designatedPresider` when he names none.
   */
  presider?: string;
  /**
   * A leader's leave: who acts for them each day (§8), as planned when filed and kept current while it
   * stands — another leader's leave or return can change it, and whoever it newly names is told.
   */
  acting?: ActingSegment[];
  /** 销假: the day the person reported back. */
  returnedOn?: DateStr;
  /** §67: the trip summary report owed after an outbound visit. */
  tripReport?: { text: string; filedOn: DateStr };
}

export type LeaveItem = WorkflowItem<LeaveFields>;
