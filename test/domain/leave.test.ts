import { describe, expect, it } from 'vitest';
import { actingFor } from '../../src/domain/engine/acting.ts';
import type { Effect } from '../../src/domain/engine/effects.ts';
import { activeStep, type Env, mayActFor } from '../../src/domain/engine/engine.ts';
import type { WorkflowItem } from '../../src/domain/engine/types.ts';
import { awayLookup } from '../../src/domain/leave/absences.ts';
import {
  decideLeave,
  fileLeave,
  fileTripReport,
  ownOverlap,
  reportBack,
  tripReportsOwed,
  withdrawLeave,
} from '../../src/domain/leave/leave.ts';
import type { LeaveItem } from '../../src/domain/leave/types.ts';
import { type LeaveInput, type ValidLeave, validateLeave } from '../../src/domain/leave/validate.ts';
import type { DateStr } from '../../src/domain/time.ts';
import { envAt as envOn, ok, org } from '../helpers/domain.ts';

const HEAD = 'zhou-jianguo';
const EXEC = 'liu-zhiqiang';
const WANG = 'wang-lihua'; // vice head, AB partner chen-lixin
const CHEN = 'chen-lixin';
const SUN = 'sun-haiyan'; // supervises education; AB partner zhao-wenbo
const ZHAO = 'zhao-wenbo';
const CAO = 'cao-min'; // 区教育局 main head
const PENG = 'peng-bo'; // 区教育局 deputy
const XIE = 'xie-ting'; // 区教育局 staff
const DIRECTOR = 'li-mingyuan';

/** The leave records so far; the engine's `away` is derived from them, as in the bot. */
const envAt = (today: DateStr, items: WorkflowItem[] = []): Env => envOn(today, { away: awayLookup(items) });
const TODAY = '2026-11-26'; // Thursday

const leave = (o: Partial<ValidLeave> = {}): ValidLeave => ({
  type: 'out_of_city',
  start: '2026-12-01',
  end: '2026-12-03',
  destination: '北京',
  reason: '参加培训',
  ...o,
});

let seq = 0;
const file = (who: string, v: Partial<ValidLeave> = {}, items: WorkflowItem[] = [], today = TODAY) =>
  ok(fileLeave(`Q${++seq}`, who, leave(v), items, envAt(today, items)));

/** Every step approved by whoever it asks (or whoever acts for them), in order. */
function approveAll(item: LeaveItem, items: WorkflowItem[] = [], today = TODAY) {
  let current = item;
  const effects: Effect[] = [];
  for (let s = activeStep(current); s; s = activeStep(current)) {
    const env = envAt(today, items);
    const actor = actingFor(s.parties[0]!, today, org, env.away).person;
    const t = ok(decideLeave(current, { stepId: s.id, round: current.round, actor, answer: 'approve' }, env));
    effects.push(...t.effects);
    current = t.item;
  }
  return { item: current, effects };
}

const informs = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'inform' ? [[e.about, 'chat' in e.to ? e.to.chat : e.to.person]] : []));
const asks = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'ask' ? [e.to] : []));

describe('Workflow 1 routing, by who leaves (RULES.md table)', () => {
  it('§71 department main head → supervising vice head → head; the government office files it', () => {
    const t = file(CAO);
    expect(t.item.steps.map((s) => [s.title, s.parties])).toEqual([
      ['分管副区长审批', [SUN]],
      ['区长审批', [HEAD]],
    ]);
    expect(asks(t.effects)).toEqual([SUN]);
    expect(informs(t.effects)).toEqual([
      ['tracker', CAO],
      ['filed', 'governmentOffice'],
    ]);
    const done = approveAll(t.item);
    expect(done.item.status).toBe('approved');
    expect(asks(done.effects)).toEqual([HEAD]);
    expect(informs(done.effects)).toEqual([['approved', CAO]]);
  });

  it('§71 §8 vice head → head; the other leaders are notified and the AB partner is told they act', () => {
    const t = file(WANG);
    expect(t.item.steps.map((s) => [s.title, s.parties])).toEqual([['区长审批', [HEAD]]]);
    expect(informs(t.effects)).toEqual([
      ['tracker', WANG],
      ['filed', 'governmentOffice'],
    ]);
    const done = approveAll(t.item);
    expect(informs(done.effects)).toEqual([
      ['approved', WANG],
      ['leaders_notified', 'leaders'],
      ['you_act', CHEN],
    ]);
  });

  it('§71 §8 executive vice head → head; with no AB partner the head is told they cover', () => {
    const done = approveAll(file(EXEC).item);
    expect(done.item.steps.map((s) => s.parties)).toEqual([[HEAD]]);
    expect(informs(done.effects)).toContainEqual(['you_act', HEAD]);
    expect(informs(done.effects)).toContainEqual(['leaders_notified', 'leaders']);
  });

  it('§8 head → recorded, not approved; the executive vice head is told they preside; leaders notified', () => {
    const t = file(HEAD);
    expect(t.item).toMatchObject({ status: 'recorded', steps: [] });
    expect(asks(t.effects)).toEqual([]);
    expect(informs(t.effects)).toEqual([
      ['tracker', HEAD],
      ['filed', 'governmentOffice'],
      ['leaders_notified', 'leaders'],
      ['you_preside', EXEC],
    ]);
  });

  it.each([
    ['a department deputy → their main head', PENG, CAO],
    ['department staff → their main head', XIE, CAO],
  ])('where the rules are silent: %s', (_n, who, approver) => {
    expect(file(who).item.steps.map((s) => s.parties)).toEqual([[approver]]);
  });

  it('§71 the office director heads the government office: its supervising vice head, then the head', () => {
    const t = file(DIRECTOR);
    expect(t.item.steps.map((s) => s.parties)).toEqual([['liu-zhiqiang'], [HEAD]]);
    expect(t.item.departmentId).toBe('gov-office');
  });
});

describe('§42 a meeting excuse is no /请假 any more', () => {
  it('the form type is refused with where to ask instead', () => {
    const r = validateLeave(
      { type: 'meeting_excuse', start: '2026-12-02', reason: '赴省厅汇报' },
      CAO,
      TODAY,
      org,
    );
    expect(r.ok ? [] : r.problems).toEqual([
      '会议请假请在区政府办公室发出的会议通知卡片上点“请假”办理（§42），无需使用 /请假',
    ]);
  });
});

describe('§71 three-day rule (提前3天，不含出行当日)', () => {
  it.each([
    ['2 days ahead is accepted and marked late', CAO, '2026-11-28', 2, true],
    ['on the day of departure is accepted and marked late', CAO, '2026-11-26', 0, true],
    ['3 days ahead is not late', CAO, '2026-11-29', 3, false],
    ['binds department main heads only: a vice head 1 day ahead is not late', WANG, '2026-11-27', 1, false],
    ['binds department main heads only: a deputy 1 day ahead is not late', PENG, '2026-11-27', 1, false],
  ])('§71 %s', (_n, who, startDay, advanceDays, late) => {
    const t = file(who, { start: startDay, end: startDay });
    expect(t.item.status).toBe(who === HEAD ? 'recorded' : 'in_progress');
    expect(t.item.fields).toMatchObject({ filedOn: TODAY, advanceDays, late });
  });
});

describe('§8 conflicts are flagged, not refused', () => {
  it('§8 a vice head whose AB partner is away on overlapping days', () => {
    const partner = approveAll(file(CHEN, { start: '2026-12-02', end: '2026-12-05' }).item).item;
    const t = file(WANG, { start: '2026-12-01', end: '2026-12-03' }, [partner]);
    expect(t.item.status).toBe('in_progress');
    expect(t.item.fields.conflicts).toEqual([
      {
        kind: 'ab_partner_away',
        otherItem: partner.id,
        otherPerson: CHEN,
        from: '2026-12-02',
        to: '2026-12-03',
      },
    ]);
  });

  it("§8 a partner's pending request counts too; a withdrawn one or days that do not overlap do not", () => {
    const pending = file(CHEN, { start: '2026-12-03', end: '2026-12-04' }).item;
    expect(file(WANG, {}, [pending]).item.fields.conflicts).toHaveLength(1);
    const withdrawn = ok(withdrawLeave(pending, CHEN, envAt(TODAY))).item;
    expect(file(WANG, {}, [withdrawn]).item.fields.conflicts).toEqual([]);
    const later = file(CHEN, { start: '2026-12-04', end: '2026-12-06' }).item;
    expect(file(WANG, {}, [later]).item.fields.conflicts).toEqual([]);
  });

  it.each([
    ['the head files while the executive vice head is away', EXEC, HEAD],
    ['the executive vice head files while the head is away', HEAD, EXEC],
  ])('§8 head and executive vice head away together: %s', (_n, first, second) => {
    const other = approveAll(file(first).item).item;
    const t = file(second, {}, [other]);
    expect(t.item.fields.conflicts).toEqual([
      {
        kind: 'head_and_executive_away',
        otherItem: other.id,
        otherPerson: first,
        from: '2026-12-01',
        to: '2026-12-03',
      },
    ]);
  });

  it('a department head has no acting arrangement to conflict with', () => {
    expect(file(CAO, {}, [approveAll(file(SUN).item).item]).item.fields.conflicts).toEqual([]);
  });

  it("one's own overlapping leave is refused (one request per absence); a meeting excuse is not", () => {
    const first = file(CAO).item;
    expect(ownOverlap([first], CAO, leave({ start: '2026-12-03', end: '2026-12-04' }))?.id).toBe(first.id);
    expect(ownOverlap([first], CAO, leave({ start: '2026-12-04', end: '2026-12-04' }))).toBeUndefined();
    expect(ownOverlap([first], SUN, leave())).toBeUndefined();
    const withdrawn = ok(withdrawLeave(first, CAO, envAt(TODAY))).item;
    expect(ownOverlap([withdrawn], CAO, leave())).toBeUndefined();
  });
});

describe('销假 reportBack ends the absence and the acting arrangement (§8)', () => {
  const sunAway = () => approveAll(file(SUN, { start: '2026-12-01', end: '2026-12-05' }).item).item;

  it.each([
    ['early', '2026-12-03'],
    ['on the last day', '2026-12-05'],
  ])('%s: after 销假 the AB partner no longer acts', (_n, back) => {
    const item = sunAway();
    expect(mayActFor(SUN, ZHAO, envAt(back, [item]))).toEqual({ ok: true, onBehalfOf: SUN });
    const r = ok(reportBack([item], SUN, envAt(back, [item])));
    expect(r.item.fields.returnedOn).toBe(back);
    expect(r.item.trail.at(-1)).toMatchObject({ actor: SUN, action: 'return' });
    expect(informs(r.effects)).toEqual([
      ['returned', 'governmentOffice'],
      ['acting_ended', ZHAO],
    ]);
    expect(mayActFor(SUN, ZHAO, envAt(back, [r.item]))).toEqual({ ok: false });
    expect(actingFor(SUN, back, org, awayLookup([r.item]))).toEqual({ person: SUN });
  });

  it('after the end day: the absence stood until its end', () => {
    const r = ok(reportBack([sunAway()], SUN, envAt('2026-12-07')));
    expect(awayLookup([r.item])(SUN, '2026-12-05')).toMatchObject({ end: '2026-12-05' });
  });

  it('the head returning ends the executive vice head presiding', () => {
    const item = file(HEAD).item;
    const r = ok(reportBack([item], HEAD, envAt('2026-12-02', [item])));
    expect(informs(r.effects)).toContainEqual(['acting_ended', EXEC]);
    expect(actingFor(HEAD, '2026-12-02', org, awayLookup([r.item]))).toEqual({ person: HEAD });
  });

  it('reports back on the leave that is current, not an older one never reported back', () => {
    const old = approveAll(file(SUN, { start: '2026-11-27', end: '2026-11-28' }).item).item;
    const now = sunAway();
    const r = ok(reportBack([old, now], SUN, envAt('2026-12-02', [old, now])));
    expect(r.item.id).toBe(now.id);
  });

  it('refused before the leave starts, and with no leave at all', () => {
    expect(reportBack([sunAway()], SUN, envAt(TODAY))).toEqual({ ok: false, reason: 'not_started' });
    expect(reportBack([file(SUN).item], SUN, envAt('2026-12-02'))).toEqual({
      ok: false,
      reason: 'no_absence',
    });
    expect(reportBack([], CAO, envAt(TODAY))).toEqual({ ok: false, reason: 'no_absence' });
  });
});

describe('§67 a trip report is owed after an outbound visit', () => {
  const visit = () => approveAll(file(CAO, { type: 'outbound_visit', destination: '新加坡' }).item).item;

  it('owed after 销假, filed with the government office, then no longer owed', () => {
    const item = visit();
    expect(tripReportsOwed([item], CAO, '2026-12-02')).toEqual([]);
    const back = ok(reportBack([item], CAO, envAt('2026-12-03', [item])));
    expect(informs(back.effects)).toContainEqual(['trip_report_owed', CAO]);
    expect(tripReportsOwed([back.item], CAO, '2026-12-03').map((i) => i.id)).toEqual([item.id]);
    const r = ok(fileTripReport([back.item], CAO, '考察了智慧教育项目', envAt('2026-12-04')));
    expect(r.item.fields.tripReport).toEqual({ text: '考察了智慧教育项目', filedOn: '2026-12-04' });
    expect(informs(r.effects)).toEqual([['trip_report', 'governmentOffice']]);
    expect(tripReportsOwed([r.item], CAO, '2026-12-04')).toEqual([]);
    expect(fileTripReport([r.item], CAO, '再交一次', envAt('2026-12-04'))).toEqual({
      ok: false,
      reason: 'none_owed',
    });
  });

  it('owed once the visit has ended even without 销假; never for other kinds of leave', () => {
    expect(tripReportsOwed([visit()], CAO, '2026-12-04')).toHaveLength(1);
    expect(tripReportsOwed([approveAll(file(CAO).item).item], CAO, '2026-12-04')).toEqual([]);
  });
});

describe('validateLeave lists every problem in Chinese', () => {
  const problems = (input: LeaveInput) => {
    const r = validateLeave(
      { type: 'out_of_city', destination: '北京', reason: '培训', ...input },
      CAO,
      TODAY,
      org,
    );
    return r.ok ? [] : r.problems;
  };
  it.each([
    [
      'end before start',
      { start: '2026-12-03', end: '2026-12-01' },
      /结束日期（12月1日）早于开始日期（12月3日）/,
    ],
    ['an impossible date', { start: '2026-02-30' }, /开始日期“2026-02-30”不是有效日期/],
    ['a past start', { start: '2026-11-25' }, /开始日期11月25日已经过去/],
    [
      'a reason over 300 characters',
      { start: '2026-12-01', reason: '长'.repeat(2000) },
      /事由最多300字，您填写了2000字/,
    ],
    [
      'a destination over 50 characters',
      { start: '2026-12-01', destination: '*'.repeat(51) },
      /去向最多50字/,
    ],
    ['an unknown type', { start: '2026-12-01', type: 'constructor' }, /请选择请假类型/],
    ['no destination for leaving the city', { start: '2026-12-01', destination: ' ' }, /请填写去向/],
    ['more than 90 days', { start: '2026-12-01', end: '2027-03-31' }, /一次请假不超过90天/],
  ])('%s', (_n, input, re) => {
    expect(problems(input).join('\n')).toMatch(re);
  });
});
