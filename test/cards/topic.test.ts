import { describe, expect, it } from 'vitest';
import { buildMinutesStepCard, buildMinutesTrackerCard } from '../../cards/minutes.ts';
import { buildMinutesFormCard } from '../../cards/minutes-form.ts';
import { buildTopicOfficeCard, buildTopicStepCard, buildTopicTrackerCard } from '../../cards/topic.ts';
import { buildAgendaCard } from '../../cards/topic-agenda.ts';
import { buildTopicFormCard } from '../../cards/topic-form.ts';
import { activeStep, expire } from '../../src/domain/engine/engine.ts';
import { decideMinutes, recordMinutes } from '../../src/domain/minutes/minutes.ts';
import { beijingInstant } from '../../src/domain/time.ts';
import { agendaOf } from '../../src/domain/topic/agenda.ts';
import { PROCEDURE_LIMITS } from '../../src/domain/topic/procedure.ts';
import { decideTopic, submitTopic } from '../../src/domain/topic/topic.ts';
import type { TopicItem } from '../../src/domain/topic/types.ts';
import { TOPIC_LIMITS, type ValidTopic } from '../../src/domain/topic/validate.ts';
import type { CardRecord } from '../../src/store/schema.ts';
import { buttons, buttonValue, cardText } from '../helpers/cards.ts';
import { envAt, ok, org } from '../helpers/domain.ts';

const today = '2026-11-26';
const renderEnv = { org, today, now: beijingInstant(today, '10:00') };
const rec = (person: string, stepId: string, itemId = 'T1'): CardRecord => ({
  itemId,
  view: 'step',
  stepId,
  person,
  sentAt: '',
});
const labels = (c: unknown) => buttons(c).map((b) => (b.text as { content: string }).content);
const bytes = (c: unknown) => Buffer.byteLength(JSON.stringify(c));

const base: ValidTopic = {
  meeting: 'standing',
  unit: 'education',
  title: '关于新建城区第二小学的请示',
  background: '城区学位紧张',
  problems: '现有学校超员',
  matters: '建设资金和用地',
  solution: '2027年开工建设',
  recommendation: '列入年度重点项目',
  affected: ['finance', 'human-resources', 'health'],
  legal: true,
  major: true,
  attachments: ['https://example.gov.cn/plan.pdf'],
};

/** Finance agrees, HR agrees with a comment, health says nothing until the deadline passes. */
function consulted(v: ValidTopic = base): TopicItem {
  let t = ok(submitTopic('T1', 'cao-min', v, envAt(today))).item;
  t = ok(
    decideTopic(t, { stepId: 'consult', round: 1, actor: 'yang-fan', answer: 'agree' }, envAt(today)),
  ).item;
  t = ok(
    decideTopic(
      t,
      {
        stepId: 'consult',
        round: 1,
        actor: 'du-qiang',
        answer: 'agree_with_comments',
        comment: '请核定教师编制',
      },
      envAt(today),
    ),
  ).item;
  return ok(expire(t, envAt('2026-12-01'))!).item;
}

function approveThrough(t: TopicItem, stepId: string): TopicItem {
  let item = t;
  while (activeStep(item) && activeStep(item)!.id !== stepId) {
    const s = activeStep(item)!;
    item = ok(
      decideTopic(item, { stepId: s.id, round: 1, actor: s.parties[0]!, answer: 'approve' }, envAt(today)),
    ).item;
  }
  return item;
}

describe('topic cards', () => {
  it('§38 §50 every card of the route shows each unit’s answer and comment, silence as 逾期视为无不同意见', () => {
    let item = consulted();
    const cards: unknown[] = [];
    for (const [step, person] of [
      ['legality', 'xu-wenjie'],
      ['vice', 'sun-haiyan'],
      ['office', 'li-mingyuan'],
      ['decide', 'zhou-jianguo'],
    ] as const) {
      item = approveThrough(item, step);
      cards.push(buildTopicStepCard(item, rec(person, step), renderEnv));
    }
    cards.push(buildTopicTrackerCard(item, renderEnv), buildTopicOfficeCard(item, renderEnv));
    cards.push(buildTopicStepCard(item, rec('shi-yan', 'consult'), renderEnv));
    for (const c of cards) {
      const text = cardText(c);
      expect(text).toContain('区财政局（杨帆）：**同意**');
      expect(text).toContain('区人力资源和社会保障局（杜强）：**原则同意**，意见：请核定教师编制');
      expect(text).toContain('区卫生健康局（石岩）：**逾期视为无不同意见**');
      expect(text).toContain('同意1家，原则同意1家，逾期视为无不同意见1家');
    }
  });

  it('§38 the head’s card asks for the meeting date with the approval', () => {
    const item = approveThrough(consulted(), 'decide');
    const c = buildTopicStepCard(item, rec('zhou-jianguo', 'decide'), renderEnv);
    expect(JSON.stringify(c)).toContain('"tag":"date_picker","name":"meetingDate"');
    expect(labels(c)).toEqual(['同意上会', '暂不上会']);
    expect(buttonValue(c, '同意上会')).toEqual({
      action: 'topic.decide',
      item: 'T1',
      step: 'decide',
      round: 1,
      answer: 'approve',
    });
    // Once decided: no buttons, the date on the card.
    const done = ok(
      decideTopic(
        item,
        { stepId: 'decide', round: 1, actor: 'zhou-jianguo', answer: 'approve' },
        envAt(today),
        '2026-12-10',
      ),
    ).item;
    const after = buildTopicStepCard(done, rec('zhou-jianguo', 'decide'), renderEnv);
    expect(labels(after)).toEqual([]);
    expect(cardText(after)).toContain('**会议日期**：12月10日（周四），已列入议程');
  });

  it('other steps answer through the shared step.decide; the units’ card offers the three §50 answers', () => {
    const t = ok(submitTopic('T1', 'cao-min', base, envAt(today))).item;
    const c = buildTopicStepCard(t, rec('yang-fan', 'consult'), renderEnv);
    expect(labels(c)).toEqual(['同意', '原则同意（附意见）', '不同意']);
    expect(buttonValue(c, '不同意')).toMatchObject({ action: 'step.decide', step: 'consult' });
    expect(cardText(c)).toContain('区卫生健康局（石岩）：待回复（逾期视为无不同意见）');
    expect(cardText(c)).toContain('重大决策须经司法局合法性审查');
  });

  it('§24 §50 the vice head’s coordination card lists each side’s reasons', () => {
    let t = ok(submitTopic('T1', 'cao-min', base, envAt(today))).item;
    t = ok(
      decideTopic(
        t,
        { stepId: 'consult', round: 1, actor: 'yang-fan', answer: 'disagree', comment: '资金无来源' },
        envAt(today),
      ),
    ).item;
    t = ok(expire(t, envAt('2026-12-01'))!).item;
    // §24: first the submitting unit lists each side's reasons, on a card of its own with a text box.
    const s0 = buildTopicStepCard(t, rec('cao-min', 'consults'), renderEnv);
    expect(s0.header.title.content).toContain('议题分歧说明');
    expect(labels(s0)).toEqual(['提交分管副区长协调']);
    expect(cardText(s0)).toContain('主办单位列明各方理据及办理建议：待填写');
    t = ok(
      decideTopic(
        t,
        {
          stepId: 'consults',
          round: 1,
          actor: 'cao-min',
          answer: 'acknowledged',
          comment: '财政局：年度预算无此项；我局：学位缺口紧迫。建议分两年安排',
        },
        envAt('2026-12-01'),
      ),
    ).item;
    const c = buildTopicStepCard(t, rec('sun-haiyan', 'consultx'), renderEnv);
    const text = cardText(c);
    expect(c.header.title.content).toContain('议题分歧协调');
    expect(text).toContain(
      '会签存在分歧：由主办单位列明各方理据、提出办理建议，报分管副区长协调（§24、§50）',
    );
    expect(text).toContain('主办单位列明的各方理据及办理建议（曹敏');
    expect(text).toContain('建议分两年安排');
    expect(text).toContain('主办单位 区教育局：方案 2027年开工建设');
    expect(text).toMatch(/- 区财政局（杨帆）：资金无来源/);
    expect(labels(c)).toEqual(['同意', '不同意']);
  });

  it.each([
    ['议', 'Chinese text'],
    [':', 'punctuation, which card markdown escaping makes five times longer'],
  ])(
    'stays under Lark’s 30 KB with every field at its limit and every unit commenting at length: %s (%s)',
    (ch) => {
      const max = (n: number) => ch.repeat(n);
      const step = {
        done: true as const,
        what: max(PROCEDURE_LIMITS.what),
        by: max(PROCEDURE_LIMITS.by),
        on: '2026-11-01',
        material: max(PROCEDURE_LIMITS.material),
      };
      const v: ValidTopic = {
        ...base,
        major: true,
        publicInterest: true,
        procedure: { participation: step, expert: step, risk: step },
        title: max(TOPIC_LIMITS.title),
        background: max(TOPIC_LIMITS.background),
        problems: max(TOPIC_LIMITS.problems),
        matters: max(TOPIC_LIMITS.matters),
        solution: max(TOPIC_LIMITS.solution),
        recommendation: max(TOPIC_LIMITS.recommendation),
        affected: org
          .departments()
          .map((d) => d.id)
          .filter((d) => d !== 'education')
          .slice(0, TOPIC_LIMITS.affected),
      };
      let t = ok(submitTopic('T1', 'cao-min', v, envAt(today))).item;
      for (const p of t.steps[0]!.parties) {
        t = ok(
          decideTopic(
            t,
            { stepId: 'consult', round: 1, actor: p, answer: 'disagree', comment: max(500) },
            envAt(today),
          ),
        ).item;
      }
      t = ok(
        decideTopic(
          t,
          { stepId: 'consults', round: 1, actor: 'cao-min', answer: 'acknowledged', comment: max(500) },
          envAt(today),
        ),
      ).item;
      // A failed review of an earlier round, at length, shown too.
      t.fields.failedReviews = [{ round: 1, on: today, by: 'xu-wenjie', comment: max(500) }];
      const c = buildTopicStepCard(t, rec('sun-haiyan', 'consultx'), renderEnv);
      expect(labels(c)).toEqual(['同意', '不同意']);
      for (const x of [c, buildTopicTrackerCard(t, renderEnv), buildTopicOfficeCard(t, renderEnv)]) {
        expect(bytes(x)).toBeLessThan(30 * 1024);
      }
    },
  );

  it('the form comes back filled, the problems listed, nothing marked required for Lark', () => {
    const c = buildTopicFormCard({
      org,
      submitter: 'cao-min',
      values: {
        meeting: 'standing',
        title: '<at id=all></at>标题',
        affected: ['finance', 'nowhere'],
        legal: 'yes',
      },
      problems: ['缺少基本情况（§39）', '缺少工作建议（§39）'],
    });
    const json = JSON.stringify(c);
    expect(cardText(c)).toContain('缺少基本情况（§39）');
    expect(cardText(c)).toContain('缺少工作建议（§39）');
    expect(json).toContain('"default_value":"＜at id=all＞＜/at＞标题"');
    expect(json).toContain('"tag":"multi_select_static","name":"affected"');
    expect(json).toContain('"selected_values":["finance"]');
    expect(json).toContain('"initial_option":"standing"');
    expect(json).not.toContain('"required":true');
    expect(buttonValue(c, '提交')).toEqual({ action: 'topic.submit' });
    // A department head may only pick their own unit; a leader any.
    expect(json).toContain('"initial_option":"education"');
    expect(bytes(c)).toBeLessThan(30 * 1024);
  });

  it('议题列表 shows each waiting topic and where it is', () => {
    const t = ok(submitTopic('T1', 'cao-min', base, envAt(today))).item;
    const c = buildAgendaCard(agendaOf([t]), renderEnv);
    const text = cardText(c);
    expect(text).toContain('**区政府常务会议**：1项（已列入议程0项，审核中1项）');
    expect(text).toContain('涉及单位会签意见：待 杨帆、杜强、石岩 办理，11月30日前');
    expect(cardText(buildAgendaCard(agendaOf([]), renderEnv))).toContain('目前没有待上会的议题');
  });
});

describe('minutes cards', () => {
  const recorded = () =>
    ok(
      recordMinutes(
        'M1',
        'he-xin',
        {
          meeting: 'standing',
          heldOn: today,
          topics: [{ id: 'T1', title: '新建小学', unit: 'education' }],
          decisions: [{ text: '同意建设', leadDepartment: 'education', funds: 500_000 }],
          drafter: 'gov-office',
          consulted: [],
          legal: false,
        },
        [],
        envAt(today),
      ),
    ).value.minutes;

  it('§38 §56 the drafter’s card shows the issue limit and the funds; its button says what it means', () => {
    const m = recorded();
    const c = buildMinutesStepCard(m, rec('he-xin', 'draft', 'M1'), renderEnv);
    const text = cardText(c);
    expect(text).toContain('**印发时限**：12月3日前（会议结束后5个工作日，§38）');
    expect(text).toContain('1. 同意建设（牵头：区教育局；资金：50万元）');
    expect(text).toContain('**资金拨付**：共50万元，纪要签发后5个工作日内拨付（§56）');
    expect(text).toContain('T1《新建小学》');
    expect(labels(c)).toEqual(['纪要已起草，送审']);
    expect(buttonValue(c, '纪要已起草，送审')).toMatchObject({
      action: 'step.decide',
      answer: 'acknowledged',
    });
  });

  it('§56 the finance bureau’s card says 资金已拨付', () => {
    let m = recorded();
    for (;;) {
      const s = activeStep(m)!;
      if (s.id === 'pay') break;
      const answer =
        s.kind === 'acknowledge' ? 'acknowledged' : s.kind === 'countersign' ? 'agree' : 'approve';
      for (const p of s.kind === 'countersign' ? s.parties : [s.parties[0]!]) {
        m = ok(decideMinutes(m, { stepId: s.id, round: 1, actor: p, answer }, envAt(today))).item;
      }
    }
    const c = buildMinutesStepCard(m, rec('yang-fan', 'pay', 'M1'), renderEnv);
    expect(labels(c)).toEqual(['资金已拨付']);
    expect(cardText(buildMinutesTrackerCard(m, renderEnv))).toContain('已于11月26日签发');
  });

  it('the form stays under 30 KB and comes back filled', () => {
    const c = buildMinutesFormCard({
      org,
      scheduled: [],
      values: {
        meeting: 'business',
        heldOn: today,
        decisions: [{ text: '事项一', lead: 'finance', funds: '50' }],
      },
      problems: ['业务会议请选择主持会议的副区长（§40）'],
    });
    const json = JSON.stringify(c);
    expect(json).toContain('"default_value":"事项一"');
    expect(json).toContain('"initial_date":"2026-11-26"');
    expect(cardText(c)).toContain('业务会议请选择主持会议的副区长');
    expect(bytes(c)).toBeLessThan(30 * 1024);
  });
});
