import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/domain/engine/engine.ts';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import { acknowledge, issueInstruction } from '../../src/domain/instruction/instruction.ts';
import { resolveDepartment } from '../../src/domain/instruction/names.ts';
import type { InstructionItem } from '../../src/domain/instruction/types.ts';
import { validateInstruction } from '../../src/domain/instruction/validate.ts';
import { parseLedgerArgs } from '../../src/domain/ledger/filters.ts';
import { ledgerRows, lightOf, stageOf } from '../../src/domain/ledger/ledger.ts';
import { waitingOn } from '../../src/domain/ledger/todo.ts';
import { calendar, envAt, org } from '../helpers/domain.ts';

const env = (today: string): Env => envAt(today);

function issued(
  id: string,
  lead: string,
  o: { co?: string[]; cls?: string; on?: string; leader?: string } = {},
) {
  const on = o.on ?? '2026-11-26';
  const v = validateInstruction(
    { text: `事项${id}`, lead, co: o.co, class: o.cls, leader: undefined },
    o.leader ?? 'chen-lixin',
    on,
    org,
    calendar,
  );
  if (!v.ok) throw new Error(v.problems.join());
  const t = issueInstruction(id, o.leader ?? 'chen-lixin', v.value, env(on));
  if (!t.ok) throw new Error(t.reason);
  return t.item;
}

describe('ledger lights: green on track, yellow due within 2 days, red overdue', () => {
  it.each([
    [5, 'green'],
    [3, 'green'],
    [2, 'yellow'],
    [0, 'yellow'],
    [-1, 'red'],
  ] as const)('%i days left → %s', (days, light) => {
    expect(lightOf(days, false)).toBe(light);
  });

  it('a closed item has no light', () => {
    expect(lightOf(-5, true)).toBe('none');
  });
});

describe('ledger rows and filters', () => {
  const a = issued('I0001', 'finance', { co: ['housing'] }); // ordinary, due 12-02
  const b = issued('I0002', 'housing', { cls: 'complex', leader: 'zhao-wenbo' }); // due 12-25
  const c = ok(acknowledge(issued('I0003', 'finance'), { part: 0, actor: 'yang-fan' }, env('2026-11-26')));
  const items: WorkflowItem[] = [b, c, a];

  it('by lead department in org order, then due date; days left and lights as of today', () => {
    const rows = ledgerRows(items, '2026-12-01', {}, org);
    expect(rows.map((r) => [r.item.id, r.daysLeft, r.light, r.stage])).toEqual([
      ['I0001', 1, 'yellow', 'awaiting_ack'],
      ['I0003', 1, 'yellow', 'in_hand'],
      ['I0002', 24, 'green', 'awaiting_ack'],
    ]);
  });

  it('§62 a row lists the open steps past their own due day, while the item itself is within its limit', () => {
    const rows = ledgerRows(items, '2026-11-30', {}, org);
    expect(rows.map((r) => [r.item.id, r.light, r.lateSteps.map((s) => `${s.title}@${s.due}`)])).toEqual([
      ['I0001', 'yellow', ['区财政局签收@2026-11-27', '区住房和城乡建设局签收@2026-11-27']],
      ['I0003', 'yellow', []],
      ['I0002', 'green', ['区住房和城乡建设局签收@2026-11-27']],
    ]);
  });

  it.each([
    ['a co-department matches too', '住建局', ['I0001', 'I0002']],
    ['a leader', '赵文博', ['I0002']],
    ['a class', '复杂', ['I0002']],
    ['a status', '办理中', ['I0003']],
    // I0002 is within its month, but its 签收 was due 11-27 (§62: every waiting step has a clock).
    ['overdue', '逾期', ['I0001', 'I0003', 'I0002']],
    ['key:value form', '部门:区财政局 状态:待签收', ['I0001']],
  ])('filter: %s', (_n, args, ids) => {
    const p = parseLedgerArgs(args, org);
    if (!p.ok) throw new Error(p.problem);
    expect(ledgerRows(items, '2026-12-03', p.filter, org).map((r) => r.item.id)).toEqual(ids);
  });

  it('导出 is recognised; an unknown word is explained', () => {
    expect(parseLedgerArgs('导出 逾期', org)).toMatchObject({
      ok: true,
      export: true,
      filter: { status: 'overdue' },
    });
    expect(parseLedgerArgs('火星局', org)).toMatchObject({ ok: false });
  });

  it('stage of a closed item', () => {
    expect(stageOf({ ...a, status: 'closed' } as InstructionItem)).toBe('closed');
  });
});

describe('department names as officials write them', () => {
  it.each([
    ['区财政局', 'finance'],
    ['财政局', 'finance'],
    ['区住建局', 'housing'],
    ['交通局', 'transport'],
    ['人社局', 'human-resources'],
    ['卫健局', 'health'],
    ['长营子镇', 'changyingzi-town'],
    ['finance', 'finance'],
  ])('%s → %s', (word, id) => {
    expect(resolveDepartment(org, word)?.id).toBe(id);
  });

  it('an ambiguous or unknown name is not guessed', () => {
    expect(resolveDepartment(org, '街道')).toBeUndefined();
    expect(resolveDepartment(org, '火星局')).toBeUndefined();
  });
});

describe('/我的待办 is generic over every workflow', () => {
  it('lists the active steps a person owes, oldest first, and those they act for (§8)', () => {
    const a = issued('I0001', 'housing');
    const leave: WorkflowItem = {
      id: 'Q0002',
      kind: 'leave',
      title: '丁凯 离阜外出',
      submitter: 'ding-kai',
      fields: {},
      status: 'in_progress',
      steps: [
        {
          id: 's1',
          kind: 'approve',
          title: '分管副区长审批',
          parties: ['chen-lixin'],
          status: 'active',
          responses: [],
          activatedAt: '2026-11-25T02:00:00.000Z',
        },
      ],
      round: 1,
      trail: [],
      createdAt: '2026-11-25T02:00:00.000Z',
      updatedAt: '2026-11-25T02:00:00.000Z',
    };
    expect(waitingOn([a, leave], 'su-gang', env('2026-11-26')).map((w) => w.stepId)).toEqual(['a0']);
    const away = (p: string) =>
      p === 'chen-lixin' ? { person: p, itemId: 'Q9', start: '2026-11-20', end: '2026-11-30' } : undefined;
    const w = waitingOn([a, leave], 'wang-lihua', { today: '2026-11-26', org, away });
    expect(w).toEqual([
      expect.objectContaining({
        itemId: 'Q0002',
        stepId: 's1',
        party: 'chen-lixin',
        onBehalfOf: 'chen-lixin',
      }),
    ]);
    expect(
      waitingOn([a, leave], 'chen-lixin', { today: '2026-11-26', org, away }).map((x) => x.itemId),
    ).toEqual(['Q0002']);
  });
});

function ok<T extends { ok: boolean }>(t: T): InstructionItem {
  if (!t.ok) throw new Error('refused');
  return (t as unknown as { item: InstructionItem }).item;
}
