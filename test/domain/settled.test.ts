import { describe, expect, it } from 'vitest';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import { isSettled } from '../../src/domain/settled.ts';

const base = (over: Partial<WorkflowItem> & { fields?: object }): WorkflowItem => ({
  id: 'X1',
  kind: 'instruction',
  title: 't',
  submitter: 'p',
  fields: {},
  status: 'closed',
  steps: [],
  round: 1,
  trail: [],
  createdAt: '2026-09-01T02:00:00.000Z',
  updatedAt: '2026-10-01T02:00:00.000Z',
  closedAt: '2026-10-01T02:00:00.000Z',
  ...over,
});

describe('what may leave the hot data file (archive)', () => {
  it('an item closed more than the configured days ago is settled; open or recent work is not', () => {
    expect(isSettled(base({}), '2026-11-26', 30)).toBe(true);
    expect(isSettled(base({}), '2026-10-20', 30)).toBe(false);
    expect(isSettled(base({ status: 'in_progress', closedAt: undefined }), '2027-06-01', 30)).toBe(false);
  });

  it('§71 an approved leave whose absence is not over (or not reported back, within the window) stays', () => {
    const leave = (f: object) =>
      base({
        kind: 'leave',
        status: 'approved',
        fields: { type: 'out_of_city', start: '2026-11-01', end: '2026-11-20', ...f },
      });
    expect(isSettled(leave({}), '2026-12-10', 30)).toBe(false); // ended 11-20, not back, within 30 days
    expect(isSettled(leave({ returnedOn: '2026-11-20' }), '2026-12-10', 30)).toBe(true);
    expect(isSettled(leave({}), '2027-01-10', 30)).toBe(true);
  });

  it('§67 an outbound visit without its trip report stays while the report is recent enough to chase', () => {
    const trip = base({
      kind: 'leave',
      status: 'approved',
      fields: { type: 'outbound_visit', start: '2026-11-01', end: '2026-11-20', returnedOn: '2026-11-20' },
    });
    expect(isSettled(trip, '2026-12-10', 30)).toBe(false);
  });

  it('a topic approved for the agenda stays until its meeting has been held', () => {
    const topic = (f: object) => base({ kind: 'topic', status: 'approved', fields: f });
    expect(isSettled(topic({}), '2027-06-01', 30)).toBe(false);
    expect(isSettled(topic({ heldIn: 'M0001' }), '2027-06-01', 30)).toBe(true);
  });

  it("§22 §65 a major decision's topic stays once held until its minutes are signed and reported to the Party committee", () => {
    const topic = (f: object) =>
      base({ kind: 'topic', status: 'approved', fields: { major: true, heldIn: 'M0001', ...f } });
    expect(isSettled(topic({}), '2027-06-01', 30)).toBe(false);
    expect(isSettled(topic({ decidedOn: '2026-12-01' }), '2027-06-01', 30)).toBe(false);
    expect(isSettled(topic({ decidedOn: '2026-12-01', reportedOn: '2026-12-03' }), '2027-06-01', 30)).toBe(
      true,
    );
  });

  it('at the edges: closed exactly keepDays ago is settled; so is an absence that ended on the cutoff day', () => {
    // closedAt 2026-10-01 10:00 Beijing; 30 days before 2026-10-31 is 2026-10-01.
    expect(isSettled(base({}), '2026-10-31', 30)).toBe(true);
    expect(isSettled(base({}), '2026-10-30', 30)).toBe(false);
    const leave = (f: object) =>
      base({ kind: 'leave', status: 'approved', fields: { type: 'out_of_city', start: '2026-09-20', ...f } });
    expect(isSettled(leave({ end: '2026-10-01' }), '2026-10-31', 30)).toBe(true);
    expect(isSettled(leave({ end: '2026-10-02' }), '2026-10-31', 30)).toBe(false);
    const trip = (f: object) =>
      base({
        kind: 'leave',
        status: 'approved',
        fields: { type: 'outbound_visit', start: '2026-09-20', ...f },
      });
    expect(isSettled(trip({ end: '2026-10-01', returnedOn: '2026-10-01' }), '2026-10-31', 30)).toBe(true);
    expect(isSettled(trip({ end: '2026-10-02', returnedOn: '2026-10-02' }), '2026-10-31', 30)).toBe(false);
    expect(
      isSettled(
        trip({
          end: '2026-10-02',
          returnedOn: '2026-10-02',
          tripReport: { text: '考察报告', filedOn: '2026-10-05' },
        }),
        '2026-10-31',
        30,
      ),
    ).toBe(true);
  });

  it('§42 a meeting excuse owes no return; a refused or withdrawn leave owes nothing; a recorded one is chased like an approved one', () => {
    const leave = (status: WorkflowItem['status'], f: object) =>
      base({ kind: 'leave', status, fields: { start: '2026-12-01', end: '2026-12-20', ...f } });
    expect(isSettled(leave('approved', { type: 'meeting_excuse' }), '2026-12-10', 30)).toBe(true);
    expect(isSettled(leave('rejected', { type: 'out_of_city' }), '2026-12-10', 30)).toBe(true);
    expect(isSettled(leave('withdrawn', { type: 'outbound_visit' }), '2026-12-10', 30)).toBe(true);
    expect(isSettled(leave('recorded', { type: 'out_of_city' }), '2026-12-10', 30)).toBe(false);
  });

  it('a topic that was refused or withdrawn leaves with the rest: only an approved one waits for its meeting', () => {
    expect(isSettled(base({ kind: 'topic', status: 'rejected' }), '2027-06-01', 30)).toBe(true);
    expect(isSettled(base({ kind: 'topic', status: 'withdrawn' }), '2027-06-01', 30)).toBe(true);
  });
});
