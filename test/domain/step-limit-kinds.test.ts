import { describe, expect, it } from 'vitest';
import { workingDaysFrom } from '../../src/domain/deadline.ts';
import type { Step, WorkflowItem } from '../../src/domain/engine/types.ts';
import { defaultStepDeadline, stepLimitKind } from '../../src/domain/step-limits.ts';
import { calendar, org } from '../helpers/domain.ts';

/**
 * §62's table at its edges: which steps get a default clock (and which keep the seed's own), the article a
 * step names itself, and the two caps — a leave approval before the departure (§71), an extension decision
 * no later than the deadline in force (§58) — applied to those steps only.
 */
const step = (o: Partial<Step>): Step => ({
  id: 's1',
  kind: 'approve',
  title: 'x',
  parties: [],
  status: 'active',
  responses: [],
  ...o,
});
const item = (kind: WorkflowItem['kind'], fields: object = {}) => ({ kind, fields }) as WorkflowItem;
const FROM = '2026-12-01'; // a Tuesday, no holiday near

describe('§62 which steps get a default limit', () => {
  it('a leave’s or a topic’s own work steps keep the seed’s limit; only their approvals get the default', () => {
    expect(stepLimitKind(item('leave'), step({ kind: 'acknowledge' }))).toBeUndefined();
    expect(stepLimitKind(item('topic'), step({ id: 'consult', kind: 'countersign' }))).toBeUndefined();
    expect(stepLimitKind(item('topic'), step({ id: 'decide', kind: 'notify' }))).toBeUndefined();
  });

  it('an instruction’s close-out (c1, c2 …) and extension (x1 …) steps are known by their whole id', () => {
    expect(stepLimitKind(item('instruction'), step({ id: 'c12' }))).toBe('closeOut');
    expect(stepLimitKind(item('instruction'), step({ id: 'x10' }))).toBe('extensionDecision');
    for (const id of ['ac1', 'c1a', 'xc1', 'rx1', 'x1b', 'c', 'x']) {
      expect(stepLimitKind(item('instruction'), step({ id })), id).toBeUndefined();
    }
  });
});

describe('§62 the default deadline and its caps', () => {
  const plain = (rule: string) => workingDaysFrom(calendar, rule, FROM, 2);

  it('a step naming its own article keeps the first one it names (§42 for a meeting excuse)', () => {
    const d = defaultStepDeadline(item('leave'), step({ rule: '§42、§71' }), FROM, calendar, org);
    expect(d?.rule).toBe('§42');
    expect(defaultStepDeadline(item('leave'), step({ rule: '会议通知' }), FROM, calendar, org)?.rule).toBe(
      '§71',
    );
  });

  it('§71 a leave approval is due before the departure; a topic with a start date is not capped by it', () => {
    const leave = defaultStepDeadline(item('leave', { start: '2026-12-02' }), step({}), FROM, calendar, org);
    expect(leave?.due).toBe(FROM);
    const topic = defaultStepDeadline(
      item('topic', { start: '2026-12-02' }),
      step({ id: 'decide' }),
      FROM,
      calendar,
      org,
    );
    expect(topic?.due).toBe(plain('§38').due);
    expect(topic?.due).not.toBe(FROM);
  });

  it('§58 an extension decision is due no later than the deadline in force; a close-out is not capped by it', () => {
    const inForce = { deadline: { due: FROM } };
    expect(
      defaultStepDeadline(item('instruction', inForce), step({ id: 'x1' }), FROM, calendar, org)?.due,
    ).toBe(FROM);
    const closeOut = defaultStepDeadline(
      item('instruction', inForce),
      step({ id: 'c1' }),
      FROM,
      calendar,
      org,
    );
    expect(closeOut?.due).toBe(plain('§58').due);
    expect(closeOut?.due).not.toBe(FROM);
    // Without a deadline in force there is nothing to cap at.
    expect(defaultStepDeadline(item('instruction'), step({ id: 'x1' }), FROM, calendar, org)?.due).toBe(
      plain('§58').due,
    );
  });
});
