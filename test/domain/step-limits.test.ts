import { describe, expect, it } from 'vitest';
import { activeStep, expire } from '../../src/domain/engine/engine.ts';
import type { Step, WorkflowItem } from '../../src/domain/engine/types.ts';
import {
  acknowledge,
  decideAcceptance,
  decideExtension,
  issueInstruction,
  requestExtension,
  reviewReport,
  submitReport,
} from '../../src/domain/instruction/instruction.ts';
import type { InstructionItem } from '../../src/domain/instruction/types.ts';
import { validateInstruction } from '../../src/domain/instruction/validate.ts';
import { decideLeave, fileLeave } from '../../src/domain/leave/leave.ts';
import type { LeaveItem } from '../../src/domain/leave/types.ts';
import { indexOrg, parseOrg } from '../../src/domain/org.ts';
import { recomputeItem } from '../../src/domain/recompute.ts';
import { ESCALATE_AFTER_WORKDAYS, owedSteps, shouldEscalate } from '../../src/domain/reminders.ts';
import { STEP_LIMIT_DEFAULTS } from '../../src/domain/rule-limits.ts';
import { stepLimitKind } from '../../src/domain/step-limits.ts';
import { decideTopic, submitTopic } from '../../src/domain/topic/topic.ts';
import type { TopicItem } from '../../src/domain/topic/types.ts';
import type { ValidTopic } from '../../src/domain/topic/validate.ts';
import { calendar, envAt, nobodyAway, ok, org } from '../helpers/domain.ts';
import { exampleOrgJson } from '../helpers/orgs.ts';

const CAO = 'cao-min'; // 区教育局 main head
const SU = 'su-gang'; // 区住建局 main head; supervising vice head chen-lixin
const HEAD = 'zhou-jianguo';
const LEADER = 'chen-lixin';

const topic = (o: Partial<ValidTopic> = {}): ValidTopic => ({
  meeting: 'standing',
  unit: 'education',
  title: '关于新建城区第二小学的请示',
  background: '城区学位紧张',
  problems: '现有学校超员',
  matters: '建设资金和用地',
  solution: '2027年开工建设',
  recommendation: '列入年度重点项目',
  affected: ['finance', 'health'],
  legal: true,
  major: false,
  attachments: [],
  ...o,
});

/** Each active step's id and due date, as the route reaches it. */
const clocks = (item: WorkflowItem) =>
  item.steps.filter((s) => s.status === 'active').map((s) => `${s.id}@${s.deadline?.due ?? 'NONE'}`);

describe('§62 every waiting step has a due time', () => {
  it('a standing-meeting topic: consultation §50, legality §25, vice head, office director, head — each with a clock', () => {
    let t: TopicItem = ok(submitTopic('T1', CAO, topic(), envAt('2026-11-26'))).item;
    const seen: string[] = [];
    for (let day = 0; t.status === 'in_progress' && day < 10; day++) {
      seen.push(...clocks(t));
      const s = activeStep(t)!;
      const today =
        ['2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'][day] ?? '2026-12-04';
      if (s.kind === 'countersign') {
        // One unit disagrees: §24/§50 the supervising vice head coordinates (a step of its own, with a clock).
        for (const [i, p] of s.parties.entries()) {
          const answer = i === 0 ? 'disagree' : 'agree';
          t = ok(
            decideTopic(t, { stepId: s.id, round: t.round, actor: p, answer, comment: '意见' }, envAt(today)),
          ).item;
        }
        continue;
      }
      if (s.kind === 'acknowledge') {
        // §24: the submitting unit sets out each side's reasons before the vice head coordinates.
        t = ok(
          decideTopic(
            t,
            {
              stepId: s.id,
              round: t.round,
              actor: s.parties[0]!,
              answer: 'acknowledged',
              comment: '各方理据',
            },
            envAt(today),
          ),
        ).item;
        continue;
      }
      t = ok(
        decideTopic(
          t,
          { stepId: s.id, round: t.round, actor: s.parties[0]!, answer: 'approve' },
          envAt(today),
          '2026-12-20',
        ),
      ).item;
    }
    expect(t.status).toBe('approved');
    expect(seen).toEqual([
      'consult@2026-11-30', // §50: 2 working days from Thursday 11-26
      'consults@2026-12-02', // §24 each side's reasons: 3 working days from 11-27
      'consultx@2026-12-03', // §24 coordination: 3 working days from 11-30
      'legality@2026-12-08', // §25: 5 working days from 12-01
      'vice@2026-12-04', // 2 working days from 12-02
      'office@2026-12-07',
      'decide@2026-12-08',
    ]);
    expect(seen.some((s) => s.endsWith('NONE'))).toBe(false);
  });

  it('§71 a leave approval: 2 working days, and always before the departure day', () => {
    const leave = (filed: string, start: string) =>
      ok(
        fileLeave(
          `Q${filed}${start}`,
          SU,
          { type: 'out_of_city', start, end: start, destination: '北京', reason: '培训' },
          [],
          envAt(filed),
        ),
      ).item;
    // Far ahead: the approval limit itself.
    expect(activeStep(leave('2026-11-26', '2026-12-31'))?.deadline).toMatchObject({
      rule: '§71',
      due: '2026-11-30',
    });
    // Departure Thursday 12-03, filed Tuesday: due Wednesday 12-02, the day before.
    expect(activeStep(leave('2026-12-01', '2026-12-03'))?.deadline).toMatchObject({
      due: '2026-12-02',
      before: '2026-12-03',
    });
    // Departure Monday 12-07, filed Friday: due that Friday, the last working day before.
    expect(activeStep(leave('2026-12-04', '2026-12-07'))?.deadline?.due).toBe('2026-12-04');
    // Departure on 10-08 after the National Day holiday, filed 9-29: due 9-30.
    expect(activeStep(leave('2026-09-29', '2026-10-08'))?.deadline?.due).toBe('2026-09-30');
    // Filed on the departure day itself: due at once.
    expect(activeStep(leave('2026-12-03', '2026-12-03'))?.deadline?.due).toBe('2026-12-03');
  });

  it('§71 the second approval (the head) is also due before the departure', () => {
    const filed = ok(
      fileLeave(
        'Q9',
        SU,
        { type: 'out_of_city', start: '2026-12-04', end: '2026-12-04', destination: '北京', reason: '培训' },
        [],
        envAt('2026-12-01'),
      ),
    ).item;
    const s1 = activeStep(filed)!;
    const next = ok(
      decideLeave(
        filed,
        { stepId: s1.id, round: 1, actor: s1.parties[0]!, answer: 'approve' },
        envAt('2026-12-02'),
      ),
    ).item;
    expect(activeStep(next)).toMatchObject({
      parties: [HEAD],
      deadline: { due: '2026-12-03', before: '2026-12-04' },
    });
  });

  it('§58 销号 and the extension decision have clocks; the decision no later than the deadline in force', () => {
    const v = validateInstruction({ text: '排查隐患', lead: 'finance' }, LEADER, '2026-11-26', org, calendar);
    if (!v.ok) throw new Error(v.problems.join());
    let it = (issueInstruction('I1', LEADER, v.value, envAt('2026-11-26')) as { item: InstructionItem }).item;
    it = (acknowledge(it, { part: 0, actor: 'yang-fan' }, envAt('2026-11-26')) as { item: InstructionItem })
      .item;
    // Due 12-02 (ordinary, 7 days); asked 12-01: 2 working days would be 12-03 → capped at 12-02.
    it = (
      requestExtension(
        it,
        { actor: 'yang-fan', to: '2026-12-10', reason: '等数据' },
        envAt('2026-12-01'),
      ) as { item: InstructionItem }
    ).item;
    expect(it.steps.find((s) => s.id === 'x1')?.deadline).toMatchObject({
      rule: '§58',
      due: '2026-12-02',
      notAfter: '2026-12-02',
    });
    it = (
      decideExtension(it, { stepId: 'x1', actor: LEADER, grant: true }, envAt('2026-12-01')) as {
        item: InstructionItem;
      }
    ).item;
    it = (
      submitReport(it, { actor: 'zhu-li', text: '已完成' }, envAt('2026-12-03')) as { item: InstructionItem }
    ).item;
    it = (
      reviewReport(it, { stepId: 'v0.1', actor: 'yang-fan', approve: true }, envAt('2026-12-03')) as {
        item: InstructionItem;
      }
    ).item;
    expect(it.steps.find((s) => s.id === 'c1')?.deadline).toMatchObject({ rule: '§58', due: '2026-12-07' });
    it = (
      decideAcceptance(it, { stepId: 'c1', actor: LEADER, accept: true }, envAt('2026-12-04')) as {
        item: InstructionItem;
      }
    ).item;
    expect(it.status).toBe('closed');
  });

  it('a step with no limit in the seed maps to a kind whose default the table documents with its article', () => {
    for (const [kind, limit] of Object.entries(STEP_LIMIT_DEFAULTS)) {
      expect(limit.rule, kind).toMatch(/^§\d+$/);
      expect(limit.amount, kind).toBeGreaterThan(0);
    }
    const step = (o: Partial<Step>): Step => ({
      id: 's1',
      kind: 'approve',
      title: 'x',
      parties: [],
      status: 'active',
      responses: [],
      ...o,
    });
    const item = (kind: WorkflowItem['kind']) => ({ kind }) as WorkflowItem;
    expect(stepLimitKind(item('leave'), step({}))).toBe('leaveApproval');
    expect(stepLimitKind(item('topic'), step({ id: 'legality' }))).toBe('legalityReview');
    expect(stepLimitKind(item('topic'), step({ id: 'consultx', insertedAfter: 'consult' }))).toBe(
      'disagreementCoordination',
    );
    expect(stepLimitKind(item('topic'), step({ id: 'decide' }))).toBe('topicApproval');
    expect(stepLimitKind(item('instruction'), step({ id: 'c2' }))).toBe('closeOut');
    expect(stepLimitKind(item('instruction'), step({ id: 'x1' }))).toBe('extensionDecision');
    // Steps whose limit the seed gives keep it (§56 签收 and reports, §70, §38–§41 minutes).
    expect(stepLimitKind(item('instruction'), step({ id: 'a0', kind: 'acknowledge' }))).toBeUndefined();
    expect(stepLimitKind(item('duty'), step({ kind: 'acknowledge' }))).toBeUndefined();
  });

  it('schedule.stepLimits in the org file sets a kind’s limit (a different district: 1 working day for approvals)', () => {
    const json = exampleOrgJson();
    json.schedule = {
      digestTime: '07:45',
      nagTime: '10:15',
      stepLimits: { topicApproval: 1, leaveApproval: 1 },
    };
    const parsed = parseOrg(json);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const other = indexOrg(parsed.org);
    expect(other.stepLimit('topicApproval')).toEqual({ rule: '§38', unit: 'working_days', amount: 1 });
    expect(other.stepLimit('closeOut')).toEqual(STEP_LIMIT_DEFAULTS.closeOut);
    expect(other.nagTime()).toBe('10:15');
    expect(other.digestTime()).toBe('07:45');
    const env = { ...envAt('2026-11-26'), org: other };
    const q = ok(
      fileLeave(
        'Q1',
        SU,
        { type: 'out_of_city', start: '2026-12-31', end: '2026-12-31', destination: '北京', reason: '培训' },
        [],
        env,
      ),
    ).item;
    expect(activeStep(q)?.deadline?.due).toBe('2026-11-27');
  });

  it('an unknown kind of step or a limit that is not a whole number of days is refused, by its path', () => {
    const json = exampleOrgJson();
    json.schedule = { digestTime: '08:30', stepLimits: { approvals: 2, closeOut: 1.5 } };
    const parsed = parseOrg(json);
    expect(parsed.ok).toBe(false);
    const problems = (parsed as { problems: Array<{ path: string; message: string }> }).problems;
    expect(problems.map((p) => p.path).sort()).toEqual([
      'schedule.stepLimits.approvals',
      'schedule.stepLimits.closeOut',
    ]);
  });

  it('steps waiting in data written before this rule get their default at the next recount', () => {
    let t: TopicItem = ok(submitTopic('T1', CAO, topic({ affected: [] }), envAt('2026-11-26'))).item;
    // As an older build left it: the legality step active with no deadline.
    t = { ...t, steps: t.steps.map((s) => ({ ...s, deadline: undefined })) };
    const r = recomputeItem(t, calendar, org);
    expect(r?.backfilled).toBe(1);
    expect(activeStep(r!.item as TopicItem)?.deadline).toMatchObject({ rule: '§25', due: '2026-12-03' });
    expect(recomputeItem(r!.item, calendar, org)).toBeUndefined(); // nothing left to do
  });
});

describe('RULES.md "Reminders": escalation', () => {
  it(`from ESCALATE_AFTER_WORKDAYS (${ESCALATE_AFTER_WORKDAYS}) working days overdue; a step due before a departure on its due day`, () => {
    expect(shouldEscalate({ overdueWorkdays: ESCALATE_AFTER_WORKDAYS - 1, dueToday: true })).toBe(false);
    expect(shouldEscalate({ overdueWorkdays: ESCALATE_AFTER_WORKDAYS, dueToday: false })).toBe(true);
    expect(shouldEscalate({ overdueWorkdays: 0, dueToday: true, before: '2026-12-03' })).toBe(true);
    expect(shouldEscalate({ overdueWorkdays: 0, dueToday: false, before: '2026-12-03' })).toBe(false);
  });

  it('owedSteps marks a leave approval for escalation the day before the departure', () => {
    const q: LeaveItem = ok(
      fileLeave(
        'Q1',
        SU,
        { type: 'out_of_city', start: '2026-12-03', end: '2026-12-03', destination: '北京', reason: '培训' },
        [],
        envAt('2026-11-30'),
      ),
    ).item;
    const on = (d: string) => owedSteps([q], d, org, calendar, nobodyAway);
    expect(on('2026-12-01')).toEqual([]);
    expect(on('2026-12-02')).toMatchObject([
      { owner: LEADER, dueToday: true, escalate: true, before: '2026-12-03' },
    ]);
    expect(on('2026-12-03')).toMatchObject([{ dueToday: false, overdueWorkdays: 1, escalate: true }]);
  });

  it('§50 expiry is unaffected: silence still closes a round', () => {
    const t = ok(submitTopic('T1', CAO, topic(), envAt('2026-11-26'))).item;
    expect(expire(t, envAt('2026-12-01'))?.ok).toBe(true);
  });
});
