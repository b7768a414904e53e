import { beforeEach, describe, expect, it } from 'vitest';
import type { Deadline } from '../../src/domain/deadline.ts';
import type { AwayLookup } from '../../src/domain/engine/acting.ts';
import type { Step, WorkflowItem } from '../../src/domain/engine/types.ts';
import { absencesOf } from '../../src/domain/leave/absences.ts';
import {
  computeDigest,
  escalationTarget,
  type Owed,
  overdueTrend,
  owedSteps,
  returnsOverdue,
  shouldEscalate,
} from '../../src/domain/reminders.ts';
import { calendar, nobodyAway, org } from '../helpers/domain.ts';

/**
 * RULES.md "Reminders and digests" on hand-built items, each rule at its edge: which steps are owed and in
 * what order, who is escalated to, whose return or §67 trip report is late, and what the leaders' daily
 * digest counts — by unit, by class, who is away and who acts for them (§8), the month's §71 late filings,
 * and the weekly overdue trend.
 */
const TODAY = '2026-12-04'; // a Friday
const at = (day: string) => `${day}T01:00:00.000Z`; // 09:00 Beijing that day
const deadline = (due: string, o: Partial<Deadline> = {}): Deadline => ({
  rule: '§38',
  unit: 'working_days',
  amount: 2,
  from: '2026-11-30',
  due,
  warnings: [],
  ...o,
});
const step = (o: Partial<Step>): Step => ({
  id: 's1',
  kind: 'approve',
  title: '审批',
  parties: ['cao-min'],
  status: 'active',
  responses: [],
  ...o,
});
const item = (id: string, o: Partial<WorkflowItem> = {}): WorkflowItem => ({
  id,
  kind: 'topic',
  title: `议题${id}`,
  submitter: 'he-xin',
  fields: {},
  status: 'in_progress',
  steps: [],
  round: 1,
  trail: [],
  createdAt: at('2026-11-20'),
  updatedAt: at('2026-11-20'),
  ...o,
});
const waiting = (id: string, due: string, since: string, o: Partial<Step> = {}) =>
  item(id, { steps: [step({ deadline: deadline(due), activatedAt: at(since), ...o })] });
const leave = (id: string, who: string, fields: object, status: WorkflowItem['status'] = 'approved') =>
  item(id, { kind: 'leave', submitter: who, status, fields: { type: 'out_of_city', ...fields } });
const awayFrom =
  (items: WorkflowItem[]): AwayLookup =>
  (p, day) =>
    absencesOf(items).find((a) => a.person === p && a.start <= day && day <= a.end);

describe('owed steps: due today or past, active, of open items; the oldest due first', () => {
  it('orders by due day, then by the day the step started; leaves out closed items, idle steps and future days', () => {
    const items = [
      waiting('A', '2026-12-03', '2026-12-01'),
      waiting('F', TODAY, '2026-12-02'),
      waiting('C', '2026-12-03', '2026-11-30'),
      waiting('B', '2026-12-02', '2026-12-01'),
      waiting('closed', '2026-12-01', '2026-11-30', {}),
      item('done', { steps: [step({ status: 'done', deadline: deadline('2026-12-01') })] }),
      item('no-clock', { steps: [step({ activatedAt: at('2026-11-30') })] }),
      waiting('later', '2026-12-07', '2026-12-01'),
    ];
    items[4]!.status = 'approved';
    const owed = owedSteps(items, TODAY, org, calendar, nobodyAway);
    expect(owed.map((o) => o.itemId)).toEqual(['B', 'C', 'A', 'F']);
    expect(owed.map((o) => [o.overdueWorkdays, o.dueToday])).toEqual([
      [2, false],
      [1, false],
      [1, false],
      [0, true],
    ]);
    expect(owed.every((o) => !('before' in o))).toBe(true);
    // Reversed input, same order: the order is the rule's, not the input's.
    expect(owedSteps([...items].reverse(), TODAY, org, calendar, nobodyAway).map((o) => o.itemId)).toEqual([
      'B',
      'C',
      'A',
      'F',
    ]);
  });

  it('§71 a step due before a set day is escalated already on its due day; others from one working day late', () => {
    expect(shouldEscalate({ overdueWorkdays: 0, dueToday: true, before: '2026-12-07' })).toBe(true);
    expect(shouldEscalate({ overdueWorkdays: 0, dueToday: true })).toBe(false);
    expect(shouldEscalate({ overdueWorkdays: 0, dueToday: false, before: '2026-12-07' })).toBe(false);
    expect(shouldEscalate({ overdueWorkdays: 1, dueToday: false })).toBe(true);
    const capped = item('L', {
      steps: [step({ deadline: deadline(TODAY, { before: '2026-12-07' }), activatedAt: at('2026-12-02') })],
    });
    const [o] = owedSteps([capped], TODAY, org, calendar, nobodyAway);
    expect(o).toMatchObject({ before: '2026-12-07', dueToday: true, escalate: true });
  });

  it('escalates to the owner’s supervising leader, unless that leader already holds the step', () => {
    const owed = (party: string, owner: string) => ({ party, owner }) as Owed;
    expect(escalationTarget(owed('cao-min', 'cao-min'), org)).toBe('sun-haiyan');
    expect(escalationTarget(owed('cao-min', 'sun-haiyan'), org)).toBeUndefined();
    expect(escalationTarget(owed('chen-lixin', 'chen-lixin'), org)).toBe('zhou-jianguo');
    expect(escalationTarget(owed('zhou-jianguo', 'zhou-jianguo'), org)).toBeUndefined();
  });
});

describe('§71 returns and §67 trip reports that are late', () => {
  it('an absence past its end with no 销假 is chased from the day after its end; a returned one is not', () => {
    const items = [
      leave('gone', 'cao-min', { start: '2026-11-30', end: '2026-12-03' }),
      leave('ends-today', 'su-gang', { start: '2026-11-30', end: TODAY }),
      leave('back', 'he-xin', { start: '2026-11-30', end: '2026-12-02', returnedOn: '2026-12-02' }),
      leave('refused', 'peng-bo', { start: '2026-11-30', end: '2026-12-01' }, 'rejected'),
      leave('excuse', 'xie-ting', { type: 'meeting_excuse', start: '2026-11-30', end: '2026-11-30' }),
    ];
    expect(returnsOverdue(items, TODAY, calendar).map((r) => [r.item.id, r.what, r.since])).toEqual([
      ['gone', 'not_back', '2026-12-03'],
    ]);
  });

  it('§67 a visit’s report is due 3 working days after the return (or the end, if no 销假 came)', () => {
    const visit = (id: string, f: object) =>
      leave(id, 'cao-min', { type: 'outbound_visit', start: '2026-11-23', end: '2026-11-27', ...f });
    const items = [
      visit('late', { returnedOn: '2026-11-27' }), // 11-27 Fri + 3 working days = 12-02
      visit('not-back', {}),
      visit('filed', { returnedOn: '2026-11-27', tripReport: { text: '报告', filedOn: '2026-11-30' } }),
      visit('recent', { end: '2026-12-01', returnedOn: '2026-12-01' }), // due 12-04: today, not late yet
      leave('trip-not-visit', 'su-gang', {
        start: '2026-11-23',
        end: '2026-11-27',
        returnedOn: '2026-11-27',
      }),
    ];
    expect(returnsOverdue(items, TODAY, calendar).map((r) => [r.item.id, r.what, r.since])).toEqual([
      ['late', 'trip_report', '2026-12-02'],
      ['not-back', 'not_back', '2026-11-27'],
      ['not-back', 'trip_report', '2026-12-02'],
    ]);
  });
});

describe('the leaders’ daily digest', () => {
  const items = [
    waiting('E1', '2026-12-02', '2026-11-30'), // 区教育局 (cao-min)
    waiting('E2', '2026-12-03', '2026-11-26'),
    waiting('E4', '2026-12-03', '2026-12-01'),
    waiting('S1', '2026-12-03', '2026-11-27', { parties: ['su-gang'] }), // 区住房和城乡建设局
    waiting('V1', '2026-12-03', '2026-11-30', { parties: ['zhao-wenbo'] }), // a leader: no unit
    waiting('S2', '2026-12-01', '2026-11-30', { parties: ['su-gang'] }),
    waiting('E3', TODAY, '2026-12-02'),
    leave('L-chen', 'chen-lixin', { start: TODAY, end: '2026-12-08', filedOn: '2026-12-03', late: true }),
    leave('L-cao', 'cao-min', { start: '2026-12-01', end: TODAY, filedOn: '2026-11-25', late: true }),
    leave('L-done', 'su-gang', {
      start: '2026-11-30',
      end: '2026-12-03',
      returnedOn: '2026-12-03',
      filedOn: '2026-12-01',
    }),
    leave(
      'L-next',
      'zhao-wenbo',
      { start: '2026-12-07', end: '2026-12-08', filedOn: '2026-12-04', late: true },
      'withdrawn',
    ),
    leave('L-late', 'he-xin', { start: '2026-12-10', end: '2026-12-11', filedOn: '2026-12-04', late: true }),
    leave(
      'L-pending',
      'peng-bo',
      { start: '2026-12-15', end: '2026-12-16', filedOn: '2026-12-02', late: true },
      'in_progress',
    ),
    item('T-late', { fields: { late: true, filedOn: '2026-12-01' }, status: 'approved' }),
  ];
  // Computed inside each test, not when the file is collected: a mutant (npm run test:mutation:gate) is
  // switched on per test, so a digest computed at collection would never see it.
  let digest: ReturnType<typeof computeDigest>;
  beforeEach(() => {
    digest = computeDigest(items, TODAY, org, calendar, awayFrom(items));
  });

  it('splits overdue from due today and counts overdue steps per unit, most first (leaders as one row)', () => {
    expect(digest.date).toBe(TODAY);
    expect(digest.overdue.map((o) => o.itemId)).toEqual(['S2', 'E1', 'E2', 'S1', 'V1', 'E4']);
    expect(digest.dueToday.map((o) => o.itemId)).toEqual(['E3']);
    expect(digest.byDepartment).toEqual([
      { unit: '区教育局', count: 3 },
      { unit: '区住房和城乡建设局', count: 2 },
      { unit: '区政府领导', count: 1 },
    ]);
    expect(digest.byClass).toEqual([{ workClass: 'topic', overdue: 6, dueToday: 1 }]);
  });

  it('lists who is away today and who acts for them (§8; nobody below the leaders)', () => {
    expect(digest.absences).toEqual([
      { person: 'chen-lixin', until: '2026-12-08', itemId: 'L-chen', actingBy: 'wang-lihua' },
      { person: 'cao-min', until: TODAY, itemId: 'L-cao' },
    ]);
  });

  it('§71 counts this month’s late filings of leave that was not withdrawn', () => {
    expect(digest.lateFilings.map((l) => l.id)).toEqual(['L-chen', 'L-late', 'L-pending']);
  });
});

describe('the weekly overdue trend', () => {
  it('counts at each week’s end the steps started by then, past due, and not done by then', () => {
    const s = (id: string, started: string, due: string, completed?: string, o: Partial<Step> = {}) =>
      step({
        id,
        activatedAt: at(started),
        deadline: deadline(due),
        ...(completed ? { completedAt: at(completed), status: 'done' } : {}),
        ...o,
      });
    const items = [
      item('W', {
        steps: [
          s('done-later', '2026-11-23', '2026-11-25', '2026-12-01'),
          s('new', '2026-11-30', '2026-12-02'),
          s('due-on-end', '2026-11-23', '2026-11-27'),
          s('done-on-end', '2026-11-23', '2026-11-24', '2026-12-04'),
          s('started-on-end', '2026-12-04', '2026-12-03'),
          // A deadline already past when the step started (a date set by hand before the start): overdue
          // from its start, not before.
          s('backdated', '2026-12-01', '2026-11-26'),
          s('no-start', '2026-11-23', '2026-11-24', undefined, { activatedAt: undefined }),
          step({ id: 'no-clock', activatedAt: at('2026-11-23') }),
        ],
      }),
    ];
    expect(overdueTrend(items, ['2026-11-27', TODAY])).toEqual([
      { week: '2026-11-27', overdue: 2 }, // done-later, done-on-end
      { week: TODAY, overdue: 4 }, // new, due-on-end, started-on-end, backdated
    ]);
  });
});
