import type { Calendar } from '../calendar.ts';
import { DATE_WINDOWS, outsideWindow } from '../date-windows.ts';
import { RULE_LIMITS } from '../rule-limits.ts';
import { addDays, type DateStr, formatCn, isValidDate } from '../time.ts';
import type { MeetingKind } from '../topic/types.ts';

/** How officials name each meeting kind in a command. */
export const MEETING_KIND_WORDS: Record<string, MeetingKind> = {
  常务会议: 'standing',
  区政府常务会议: 'standing',
  常务会: 'standing',
  全体会议: 'plenary',
  区政府全体会议: 'plenary',
  区长办公会议: 'head_office',
  区长办公会: 'head_office',
  办公会议: 'head_office',
  业务会议: 'business',
  区政府业务会议: 'business',
  专题会议: 'business',
};

export const NOTICE_LIMITS = { place: 50 } as const;

/** The office's notice as typed: meeting kind, date, time, place, materials deadline, chair (业务会议). */
export interface NoticeInput {
  kind?: string;
  date?: string;
  time?: string;
  place?: string;
  materialsDue?: string;
}

export interface ValidNotice {
  meeting: MeetingKind;
  date: DateStr;
  time: string;
  place: string;
  materialsDue: DateStr;
  convener: string;
}

/** 09:00, 9:30, 9点, 14时30分 → HH:mm. */
export function parseTime(s: string | undefined): string | undefined {
  const m = /^(\d{1,2})(?:[:：点时](\d{1,2})?分?)?$/.exec((s ?? '').trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** §38 会议材料提前报区政府办公室: `meetingMaterials` working days before the meeting, never before today. */
export function defaultMaterialsDue(cal: Calendar, date: DateStr, today: DateStr): DateStr {
  let d = date;
  for (let n = 0, i = 0; n < RULE_LIMITS.meetingMaterials.amount && i < 60; i++) {
    d = addDays(d, -1);
    if (cal.isWorkday(d)) n++;
  }
  return d < today ? today : d;
}

/** Checks the notice's date, time, place and materials deadline; every problem listed in Chinese. */
export function validateNotice(
  input: NoticeInput,
  today: DateStr,
  cal: Calendar,
  /** A meeting being moved keeps its kind. */
  kind?: MeetingKind,
): { ok: true; value: Omit<ValidNotice, 'convener'> } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const meeting =
    kind ??
    (Object.hasOwn(MEETING_KIND_WORDS, input.kind ?? '') ? MEETING_KIND_WORDS[input.kind!] : undefined);
  if (!meeting) problems.push('请写明会议类型：常务会议、全体会议、区长办公会议或业务会议');
  const date = input.date ?? '';
  if (!isValidDate(date)) problems.push('请写明会议日期，例如 12月10日');
  else if (date < today) problems.push(`会议日期${formatCn(date, today)}已经过去`);
  else {
    const outside = outsideWindow('会议日期', date, DATE_WINDOWS.meetingDate, today);
    if (outside) problems.push(outside);
  }
  const time = parseTime(input.time);
  if (!time) problems.push('请写明会议时间，例如 9:00');
  const place = (input.place ?? '').trim();
  if (!place) problems.push('请写明会议地点，例如 地点:区政府三楼会议室');
  else if ([...place].length > NOTICE_LIMITS.place) problems.push(`地点最多${NOTICE_LIMITS.place}字`);
  let materialsDue = input.materialsDue;
  if (materialsDue !== undefined && isValidDate(date)) {
    if (!isValidDate(materialsDue)) problems.push('材料报送截止日期无法识别，例如 材料:12月8日');
    else if (materialsDue < today || materialsDue > date)
      problems.push('材料报送截止日期须在今天和会议日期之间');
  } else if (isValidDate(date)) materialsDue = defaultMaterialsDue(cal, date, today);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { meeting: meeting!, date, time: time!, place, materialsDue: materialsDue! } };
}
