import { describe, expect, it } from 'vitest';
import { instancesOf } from '../../src/domain/approval-center/instances.ts';
import { answerFor, taskId } from '../../src/domain/approval-center/tasks.ts';
import type { DescribeEnv } from '../../src/domain/approval-center/types.ts';
import { expire } from '../../src/domain/engine/engine.ts';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import { decideLeave, fileLeave, withdrawLeave } from '../../src/domain/leave/leave.ts';
import type { ValidLeave } from '../../src/domain/leave/validate.ts';
import { awayAll, envAt, nobodyAway, ok, org } from '../helpers/domain.ts';

const TODAY = '2026-11-26';
const HOUSING = 'su-gang'; // main head, supervised by 陈立新
const CHEN = 'chen-lixin';
const WANG = 'wang-lihua';
const HEAD = 'zhou-jianguo';
const GOV_OFFICE = 'ma-jun';

const leave = (start: string, end = start): ValidLeave => ({
  type: 'out_of_city',
  start,
  end,
  destination: '北京',
  reason: '参加培训',
});
const denv = (away: string[] = []): DescribeEnv => ({
  org,
  today: TODAY,
  away: away.length ? awayAll(...away) : nobodyAway,
});

const filed = (v = leave('2026-12-01', '2026-12-03'), who = HOUSING) =>
  ok(fileLeave('Q1', who, v, [], envAt(TODAY))).item as WorkflowItem;

describe('a leave as an external instance', () => {
  it('who, what, when, the §71 advance and the government office told; one task for the party', () => {
    const [i] = instancesOf(filed(), denv());
    expect(i).toMatchObject({
      key: 'Q1',
      definition: 'leave',
      title: '苏刚 离阜外出',
      submitter: HOUSING,
      status: 'PENDING',
      lines: [
        { label: '时间', value: '12月1日至12月3日（3天）' },
        { label: '事由', value: '离阜外出 · 北京 · 参加培训' },
        { label: '申请人', value: '苏刚（区住房和城乡建设局局长）' },
        { label: '报备', value: '离开前 5 天报备（§71）' },
      ],
    });
    expect(i!.tasks.map((t) => [t.id, t.holder, t.status, t.title, t.actions])).toEqual([
      // Every waiting step has a due day (§71: by the last working day before the departure).
      ['t1.s1.chen-lixin', CHEN, 'PENDING', '分管副区长审批 · 11月30日前', ['APPROVE', 'REJECT']],
    ]);
    expect(i!.ccs.map((c) => c.person)).toEqual([GOV_OFFICE]);
  });

  it('§71 late: marked in the title and the form', () => {
    const [i] = instancesOf(filed(leave('2026-11-28', '2026-11-29')), denv());
    expect(i!.title).toBe('苏刚 离阜外出（逾期报备）');
    expect(i!.lines[3]!.value).toBe('逾期报备：离开前 2 天才报备（§71 要求至少提前 3 天）');
  });

  it('§8 acting: the party away, the AB partner holds the task — 代 in the title and a line of its own', () => {
    const [i] = instancesOf(filed(), denv([CHEN]));
    expect(i!.tasks.map((t) => [t.id, t.holder, t.onBehalfOf, t.title])).toEqual([
      [taskId(1, 's1', CHEN, WANG), WANG, CHEN, '分管副区长审批（代 陈立新） · 11月30日前'],
    ]);
    expect(i!.lines.at(-1)).toEqual({ label: '代批', labelEn: 'Acting', value: '王丽华 代 陈立新（§8）' });
  });

  it('decided by the one acting: the task is theirs, APPROVED, saying for whom; the next step waits on the head', () => {
    const env = envAt(TODAY, { away: [CHEN] });
    const t = ok(
      decideLeave(filed() as never, { stepId: 's1', round: 1, actor: WANG, answer: 'approve' }, env),
    );
    const [i] = instancesOf(t.item, denv([CHEN]));
    expect(i!.tasks.map((x) => [x.id, x.status, x.title])).toEqual([
      [taskId(1, 's1', CHEN, WANG), 'APPROVED', '分管副区长审批 · 王丽华（代 陈立新）同意'],
      ['t1.s2.zhou-jianguo', 'PENDING', '区长审批 · 11月30日前'],
    ]);
    expect(i!.lines.some((l) => l.label === '代批')).toBe(false);
  });

  it('rejected: REJECTED with the decider; approved: APPROVED, the AB partner of a vice head told', () => {
    const no = ok(
      decideLeave(
        filed() as never,
        { stepId: 's1', round: 1, actor: CHEN, answer: 'reject', comment: '请改期' },
        envAt(TODAY),
      ),
    ).item;
    expect(instancesOf(no, denv())[0]).toMatchObject({ status: 'REJECTED', tasks: [{ status: 'REJECTED' }] });
    const vice = filed(leave('2026-12-01'), CHEN);
    const yes = ok(
      decideLeave(vice as never, { stepId: 's1', round: 1, actor: HEAD, answer: 'approve' }, envAt(TODAY)),
    ).item;
    const [i] = instancesOf(yes, denv());
    expect(i!.status).toBe('APPROVED');
    expect(i!.endedAt).toBeDefined();
    expect(i!.ccs.map((c) => c.person)).toEqual([GOV_OFFICE, WANG]);
  });

  it('withdrawn: CANCELED and nothing waits; a draft and the head’s own (recorded, nothing to decide) stand nowhere', () => {
    const w = ok(withdrawLeave(filed() as never, HOUSING, envAt(TODAY))).item;
    const [i] = instancesOf(w, denv());
    expect(i!.status).toBe('CANCELED');
    expect(i!.tasks).toEqual([]);
    expect(instancesOf({ ...filed(), status: 'draft' }, denv())).toEqual([]);
    expect(instancesOf(filed(leave('2026-12-01'), HEAD), denv())).toEqual([]);
  });
});

describe('generic over steps', () => {
  it('§50 silence is nobody’s decision: no task for it, the countersign moves on', () => {
    const item: WorkflowItem = {
      id: 'T1',
      kind: 'topic',
      title: '议题',
      submitter: 'cao-min',
      fields: {
        meeting: 'standing',
        unit: 'education',
        title: '议题',
        background: '',
        problems: '',
        matters: '建设用地',
        solution: '',
        recommendation: '',
        affected: ['finance'],
        legal: false,
        major: false,
        attachments: [],
        submittedOn: TODAY,
      },
      status: 'in_progress',
      round: 1,
      trail: [],
      createdAt: '2026-11-26T02:00:00.000Z',
      updatedAt: '2026-11-26T02:00:00.000Z',
      steps: [
        {
          id: 'consult',
          kind: 'countersign',
          title: '涉及单位会签意见',
          parties: ['yang-fan'],
          status: 'active',
          silence: 'no_objection',
          deadline: {
            rule: '§50',
            unit: 'working_days',
            amount: 2,
            from: TODAY,
            due: '2026-11-30',
            warnings: [],
          },
          responses: [],
          activatedAt: '2026-11-26T02:00:00.000Z',
        },
        {
          id: 'decide',
          kind: 'approve',
          title: '区长确定上会',
          parties: [HEAD],
          status: 'waiting',
          responses: [],
        },
      ],
    };
    const [before] = instancesOf(item, denv());
    expect(before!.tasks.map((t) => [t.holder, t.title])).toEqual([
      ['yang-fan', '涉及单位会签意见 · 11月30日前'],
    ]);
    expect(before!.lines.map((l) => l.label)).toEqual(['会议', '提请单位', '需解决的事项', '涉及单位']);
    const after = expire(item, envAt('2026-12-01'))!;
    expect(after.ok).toBe(true);
    const [i] = instancesOf((after as { item: WorkflowItem }).item, denv());
    expect(i!.tasks.map((t) => [t.holder, t.status])).toEqual([[HEAD, 'PENDING']]);
  });

  it('a kind without a describer, and a tracked duty (签收 only), are not in the Approval Center', () => {
    const duty = { ...filed(), kind: 'duty' as const };
    expect(instancesOf(duty, denv())).toEqual([]);
  });

  it.each([
    ['approve', 'APPROVE', undefined, 'approve'],
    ['approve', 'REJECT', '理由', 'reject'],
    ['countersign', 'APPROVE', undefined, 'agree'],
    ['countersign', 'APPROVE', '请核定编制', 'agree_with_comments'],
    ['countersign', 'REJECT', '不同意', 'disagree'],
    ['acknowledge', 'APPROVE', undefined, undefined],
  ] as const)('a %s step: %s (reason %s) means %s', (kind, action, reason, answer) => {
    expect(answerFor(kind, action, reason)).toBe(answer);
  });
});
