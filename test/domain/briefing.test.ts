import { describe, expect, it } from 'vitest';
import type { InstructionItem, InstructionSource } from '../../src/domain/instruction/types.ts';
import { buildBriefing, rateText } from '../../src/domain/ledger/briefing.ts';
import type { DateStr } from '../../src/domain/time.ts';

/** Just what the briefing reads of an item. */
function it_(
  id: string,
  o: {
    source?: InstructionSource;
    lead?: string;
    issuedOn: DateStr;
    due: DateStr;
    originalDue?: DateStr;
    closedOn?: DateStr;
  },
): InstructionItem {
  return {
    id,
    kind: 'instruction',
    title: id,
    status: o.closedOn ? 'closed' : 'in_progress',
    steps: [],
    fields: {
      source: o.source ?? 'leader',
      text: id,
      leader: 'zhou-jianguo',
      issuedBy: 'zhou-jianguo',
      issuedOn: o.issuedOn,
      parts: [{ dept: o.lead ?? 'finance', reports: [] }],
      deadline: { rule: '§58', unit: 'fixed', from: o.issuedOn, due: o.due, warnings: [] },
      originalDue: o.originalDue ?? o.due,
      extensions: [],
      ...(o.closedOn ? { closedOn: o.closedOn } : {}),
    },
  } as unknown as InstructionItem;
}

const ORDER = ['finance', 'education', 'transport'];

describe('§57 督查通报 figures', () => {
  it('counts what was open in the period, once, by source and lead unit; on time against the deadline in force', () => {
    const items = [
      it_('I1', { issuedOn: '2026-10-20', due: '2026-10-27', closedOn: '2026-10-30' }), // closed before: out
      it_('I2', { issuedOn: '2026-12-05', due: '2026-12-12' }), // issued after: out
      it_('I3', { issuedOn: '2026-10-25', due: '2026-11-10', closedOn: '2026-11-08' }), // on time
      it_('I4', {
        source: 'meeting',
        lead: 'education',
        issuedOn: '2026-11-02',
        due: '2026-11-08',
        closedOn: '2026-11-12',
      }), // late
      // Extended by the leader: on time against the new date, counted as extended.
      it_('I5', {
        source: 'meeting',
        lead: 'education',
        issuedOn: '2026-11-02',
        due: '2026-11-25',
        originalDue: '2026-11-08',
        closedOn: '2026-11-20',
      }),
      it_('I6', { source: 'rectification', lead: 'transport', issuedOn: '2026-11-03', due: '2026-11-20' }), // overdue open
      // Closed after the period: open and overdue at its end.
      it_('I7', {
        source: 'rectification',
        lead: 'transport',
        issuedOn: '2026-11-03',
        due: '2026-11-15',
        closedOn: '2026-12-02',
      }),
      it_('I8', { issuedOn: '2026-11-28', due: '2026-12-05' }), // open, not yet due
    ];
    // The archive may hold a copy of a hot item: counted once.
    const b = buildBriefing([...items, items[2]!], '2026-11-01', '2026-11-30', ORDER);
    expect(b.items.map((i) => i.id)).toEqual(['I3', 'I4', 'I5', 'I6', 'I7', 'I8']);
    expect(b.total).toMatchObject({
      open: 3,
      overdueOpen: 2,
      issued: 5,
      closed: 3,
      closedOnTime: 2,
      closedLate: 1,
      extended: 1,
    });
    // 2 on time of (3 closed + 2 overdue).
    expect(rateText(b.total)).toBe('40%');
    expect(b.bySource.map((s) => [s.source, rateText(s.counts)])).toEqual([
      ['leader', '100%'],
      ['meeting', '50%'],
      ['rectification', '0%'],
    ]);
    expect(b.byUnit.map((u) => u.dept)).toEqual(['transport', 'finance', 'education']);
    expect(b.overdue.map((o) => [o.item.id, o.days])).toEqual([
      ['I7', 15],
      ['I6', 10],
    ]);
  });

  it('an empty period has no rate', () => {
    const b = buildBriefing([], '2026-11-01', '2026-11-30', ORDER);
    expect(rateText(b.total)).toBe('—');
    expect(b.bySource).toEqual([]);
  });
});
