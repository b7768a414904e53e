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

/** Meetings a department head may be excused from (§42): plenary, standing, head's office meeting. */
export type ExcusableMeeting = 'plenary' | 'standing' | 'head_office';

export const MEETING_LABEL: Record<ExcusableMeeting, string> = {
  plenary: '区政府全体会议',
  standing: '区政府常务会议',
  head_office: '区长办公会议',
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
  meeting?: { kind: ExcusableMeeting; date?: DateStr; deputy: string };
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
