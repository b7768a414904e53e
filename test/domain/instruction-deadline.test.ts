import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import {
  acknowledgementDeadline,
  cityMeetingDeadline,
  instructionDeadline,
  monthsCountingStartDay,
  progressDeadline,
  proposalDeadline,
} from '../../src/domain/instruction/deadlines.ts';
import { issueInstruction } from '../../src/domain/instruction/instruction.ts';
import { validateInstruction } from '../../src/domain/instruction/validate.ts';
import { computeDigest } from '../../src/domain/reminders.ts';
import { envAt, nobodyAway, org } from '../helpers/domain.ts';

const cal = createCalendar();

describe('§58 “710” deadlines, the issue day counted as day 1, calendar days', () => {
  it.each([
    ['ordinary: 7 days within a month', 'ordinary', '2026-11-26', '2026-12-02'],
    ['complex: the day before the same date next month', 'complex', '2026-03-10', '2026-04-09'],
    // 2026-02-28 is a Saturday, but a make-up working day (春节调休上班): no 《民法典》§203 shift.
    ['complex: next month has no such date → its last day', 'complex', '2026-01-31', '2026-02-28'],
    ['complex: 30 January → 28 February', 'complex', '2026-01-30', '2026-02-28'],
    ['complex: 1 December → 31 December', 'complex', '2026-12-01', '2026-12-31'],
    ['complex: 15 December → 14 January next year', 'complex', '2026-12-15', '2027-01-14'],
    ['year-long: cleared by 31 December', 'year_long', '2026-01-05', '2026-12-31'],
  ] as const)('%s', (_name, cls, from, due) => {
    const d = instructionDeadline(cal, cls, from);
    expect(d).toMatchObject({ rule: '§58', from, due });
    expect(d.endsOn).toBeUndefined();
  });

  it.each([
    // 《民法典》第二百零三条: the last day is a holiday → the day after the holiday ends.
    ['ordinary across the National Day holiday', 'ordinary', '2026-09-29', '2026-10-05', '2026-10-08'],
    ['ordinary ending on a Sunday in provisional 2027', 'ordinary', '2026-12-28', '2027-01-03', '2027-01-04'],
    ['complex ending on 劳动节', 'complex', '2026-04-02', '2026-05-01', '2026-05-06'],
  ] as const)('《民法典》第二百零三条 %s: %s → %s', (_name, cls, from, endsOn, due) => {
    expect(instructionDeadline(cal, cls, from)).toMatchObject({ from, endsOn, due });
  });

  it('§58 an urgent item carries the date of its supervision notice (以督查通知为准)', () => {
    expect(instructionDeadline(cal, 'urgent', '2026-11-26', '2026-11-27')).toMatchObject({
      rule: '§58',
      unit: 'fixed',
      due: '2026-11-27',
    });
    // 《民法典》第二百零三条: a date set on a Saturday ends on Monday; the card shows both.
    expect(instructionDeadline(cal, 'urgent', '2026-11-26', '2026-11-28')).toMatchObject({
      endsOn: '2026-11-28',
      due: '2026-11-30',
    });
    expect(() => instructionDeadline(cal, 'urgent', '2026-11-26')).toThrow(RangeError);
  });
});

describe('other tracked deadlines', () => {
  it('§46 city-level meeting report: 2 working days after the meeting, across a weekend', () => {
    expect(cityMeetingDeadline(cal, '2026-11-27')).toMatchObject({ rule: '§46', due: '2026-12-01' });
  });

  it('§46 across the National Day holiday', () => {
    expect(cityMeetingDeadline(cal, '2026-09-30')).toMatchObject({ due: '2026-10-09' });
  });

  it('§31 a given limit is kept; without one, 3 months counted like §58 months', () => {
    expect(proposalDeadline(cal, '2026-03-10', '2026-05-29')).toMatchObject({
      rule: '§31',
      due: '2026-05-29',
    });
    // 《民法典》第二百零三条 applies to a §31 limit too: Sunday 5-31 → Monday 6-1.
    expect(proposalDeadline(cal, '2026-03-10', '2026-05-31')).toMatchObject({
      endsOn: '2026-05-31',
      due: '2026-06-01',
    });
    expect(proposalDeadline(cal, '2026-03-10')).toMatchObject({
      rule: '§31',
      unit: 'month',
      amount: 3,
      due: '2026-06-09',
    });
    expect(monthsCountingStartDay('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('§56 签收 “立即”: by the next working day (Friday → Monday)', () => {
    expect(acknowledgementDeadline(cal, '2026-11-27')).toMatchObject({ rule: '§56', due: '2026-11-30' });
  });

  it('§56 a progress report, when asked for, is due half-way through the time limit', () => {
    // Half of 11-26…12-02 is Sunday 11-29: due the next working day.
    expect(progressDeadline(cal, instructionDeadline(cal, 'ordinary', '2026-11-26')).due).toBe('2026-11-30');
    expect(progressDeadline(cal, instructionDeadline(cal, 'complex', '2026-03-10')).due).toBe('2026-03-25');
  });
});

describe('§56 an urgent instruction due before its 签收 deadline', () => {
  it('签收 is due no later than the item itself, and the digest shows it overdue from the item’s date', () => {
    // Issued Friday 11-27, due the same day: 签收 would be Monday 11-30 by the working-day rule.
    const v = validateInstruction(
      { text: '今日排查燃气隐患', lead: 'finance', class: 'urgent', urgentDue: '2026-11-27' },
      'chen-lixin',
      '2026-11-27',
      org,
      cal,
    );
    if (!v.ok) throw new Error(v.problems.join());
    const t = issueInstruction('I1', 'chen-lixin', v.value, envAt('2026-11-27'));
    if (!t.ok) throw new Error(t.reason);
    expect(t.item.steps[0]!.deadline).toMatchObject({
      rule: '§56',
      due: '2026-11-27',
      notAfter: '2026-11-27',
    });
    const d = computeDigest([t.item], '2026-11-30', org, cal, nobodyAway);
    expect(d.overdue.map((o) => [o.stepTitle, o.due, o.overdueWorkdays])).toEqual([
      ['区财政局签收', '2026-11-27', 1],
    ]);
    // An ordinary item keeps the next-working-day 签收.
    expect(acknowledgementDeadline(cal, '2026-11-27', '2026-12-03').due).toBe('2026-11-30');
  });
});
