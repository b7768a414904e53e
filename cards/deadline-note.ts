import { PROVISIONAL_NOTE } from '../src/domain/calendar.ts';
import type { Deadline } from '../src/domain/deadline.ts';
import { type DateStr, dayOfWeek, formatCn } from '../src/domain/time.ts';

/**
 * What a card adds after a due date: that the period's last day was a day off and the deadline moved
 * (《民法典》第二百零三条: 10月5日为节假日，顺延至10月8日), and that it rests on a year whose make-up days
 * are not published yet (暂按法定节假日推算，调休安排公布后自动更新). Empty when neither applies.
 */
export function deadlineNotes(d: Deadline | undefined, today: DateStr): string[] {
  if (!d) return [];
  const notes: string[] = [];
  if (d.endsOn !== undefined && d.endsOn !== d.due) {
    const weekday = dayOfWeek(d.endsOn);
    const off = weekday === 0 || weekday === 6 ? '休息日' : '节假日';
    notes.push(`${formatCn(d.endsOn, today)}为${off}，顺延至${formatCn(d.due, today)}`);
  }
  if (d.provisional) notes.push(PROVISIONAL_NOTE);
  return notes;
}

/** The notes in brackets, or nothing: `（10月5日为节假日，顺延至10月8日）`. */
export function deadlineNote(d: Deadline | undefined, today: DateStr): string {
  const notes = deadlineNotes(d, today);
  return notes.length ? `（${notes.join('；')}）` : '';
}
