import { describe, expect, it } from 'vitest';
import { replyAttend } from '../../src/domain/meeting/attendance.ts';
import { substitutesFor, validateExcuse } from '../../src/domain/meeting/excuse.ts';
import { inviteesOf } from '../../src/domain/meeting/invitees.ts';
import { issueMeeting, moveMeeting } from '../../src/domain/meeting/meeting.ts';
import { defaultMaterialsDue, parseTime, validateNotice } from '../../src/domain/meeting/validate.ts';
import type { TopicFields, TopicItem } from '../../src/domain/topic/types.ts';
import { calendar, envAt, ok, org } from '../helpers/domain.ts';

function topic(id: string, f: Partial<TopicFields>): TopicItem {
  return {
    id,
    kind: 'topic',
    title: `议题${id}`,
    submitter: 'cao-min',
    fields: {
      meeting: 'standing',
      unit: 'education',
      title: `议题${id}`,
      background: '',
      problems: '',
      matters: '',
      solution: '',
      recommendation: '',
      affected: [],
      legal: false,
      major: false,
      attachments: [],
      submittedOn: '2026-11-20',
      meetingDate: '2026-12-10',
      ...f,
    },
    status: 'approved',
    steps: [],
    round: 1,
    trail: [],
    createdAt: '',
    updatedAt: '',
  };
}

const NOTICE = {
  meeting: 'standing' as const,
  date: '2026-12-10',
  time: '09:00',
  place: '三楼会议室',
  materialsDue: '2026-12-08',
  convener: 'zhou-jianguo',
};

describe('§36–§40 who a meeting notice goes to', () => {
  it('standing: every leader and the office director told; the topic units and affected units answer', () => {
    const list = inviteesOf(org, 'standing', [topic('T1', { affected: ['finance'] })], 'zhou-jianguo');
    const units = list.filter((a) => a.role === 'unit').map((a) => a.person);
    expect(units).toEqual(['cao-min', 'yang-fan']);
    const leaders = list.filter((a) => a.role === 'leader').map((a) => a.person);
    expect(leaders).toEqual(expect.arrayContaining(org.leaders().map((p) => p.id)));
    expect(leaders).toContain('li-mingyuan');
  });

  it('plenary (§37 组成人员): every unit’s main head answers, topic or not', () => {
    const list = inviteesOf(org, 'plenary', [topic('T1', {})], 'zhou-jianguo');
    const units = list.filter((a) => a.role === 'unit').map((a) => a.person);
    for (const d of org.departments()) if (!org.isLeader(d.mainHead)) expect(units).toContain(d.mainHead);
    expect(list.find((a) => a.person === 'cao-min')?.topics).toEqual(['T1']);
  });

  it('head’s office meeting (§39): only the vice heads over the topics’ units among the leaders', () => {
    const list = inviteesOf(org, 'head_office', [topic('T1', { meeting: 'head_office' })], 'zhou-jianguo');
    const leaders = list.filter((a) => a.role === 'leader').map((a) => a.person);
    expect(leaders.sort()).toEqual(['li-mingyuan', 'sun-haiyan', 'zhou-jianguo'].sort());
  });

  it('business (§40, §42): the unit’s deputy for the topic answers, its main head is told', () => {
    const t = topic('T1', { meeting: 'business', deputy: 'peng-bo', chair: 'sun-haiyan' });
    const list = inviteesOf(org, 'business', [t], 'sun-haiyan');
    expect(list.map((a) => [a.person, a.role])).toEqual([
      ['sun-haiyan', 'leader'],
      ['peng-bo', 'unit'],
      ['cao-min', 'copy'],
    ]);
  });
});

describe('§42 who may attend in one’s place', () => {
  const env = envAt('2026-11-26');

  it('a main head: the topic’s deputy; at a business meeting a deputy: the main head only', () => {
    const m = ok(
      issueMeeting('H1', 'he-xin', NOTICE, [topic('T1', { deputy: 'peng-bo', affected: ['finance'] })], env),
    );
    const edu = m.item.fields.attendees.find((a) => a.person === 'cao-min')!;
    const fin = m.item.fields.attendees.find((a) => a.person === 'yang-fan')!;
    expect(substitutesFor(org, m.item, edu, m.item.fields.topics[0])).toEqual(['peng-bo']);
    expect(substitutesFor(org, m.item, fin, m.item.fields.topics[0])).toEqual(['zhu-li']);

    const b = ok(
      issueMeeting(
        'H2',
        'he-xin',
        { ...NOTICE, meeting: 'business', convener: 'sun-haiyan' },
        [topic('T2', { meeting: 'business', deputy: 'peng-bo' })],
        env,
      ),
    );
    const deputy = b.item.fields.attendees.find((a) => a.person === 'peng-bo')!;
    expect(substitutesFor(org, b.item, deputy, b.item.fields.topics[0])).toEqual(['cao-min']);
  });

  it('a substitute away on the meeting day is refused', () => {
    const m = ok(issueMeeting('H1', 'he-xin', NOTICE, [topic('T1', { deputy: 'peng-bo' })], env));
    const away = envAt('2026-11-26', { away: ['peng-bo'] });
    const r = validateExcuse(m.item, 'cao-min', { why: 'health', substitute: 'peng-bo' }, away);
    expect(r).toMatchObject({ ok: false });
    expect((r as { text: string }).text).toContain('不在岗');
  });
});

describe('the notice’s dates and rounds', () => {
  it('materials are due 2 working days before the meeting (§38 default), across a holiday', () => {
    // A meeting on 10月9日: the working days before it are 10月8日 and, across the National Day
    // holiday (10月1日–7日), 9月30日.
    expect(defaultMaterialsDue(calendar, '2026-12-10', '2026-11-26')).toBe('2026-12-08');
    expect(defaultMaterialsDue(calendar, '2026-10-09', '2026-09-01')).toBe('2026-09-30');
    // Never before today.
    expect(defaultMaterialsDue(calendar, '2026-11-27', '2026-11-26')).toBe('2026-11-26');
  });

  it('the reply is due the next working day, and never on or after the meeting day', () => {
    const env = envAt('2026-11-27'); // Friday
    const m = ok(issueMeeting('H1', 'he-xin', { ...NOTICE, date: '2026-11-30' }, [topic('T1', {})], env));
    // Due Monday would be the meeting day: the last working day before it instead.
    expect(m.item.steps[0]!.deadline).toMatchObject({ rule: '§42', due: '2026-11-27' });
  });

  it('a move opens a new round: the old round’s answer is stale, answers and excuses cleared', () => {
    const env = envAt('2026-11-26');
    const m = ok(issueMeeting('H1', 'he-xin', NOTICE, [topic('T1', {})], env));
    const attended = ok(replyAttend(m.item, 'cao-min', 1, undefined, env));
    const moved = ok(
      moveMeeting(attended.item, { date: '2026-12-11', materialsDue: '2026-12-09' }, [], [], env),
    );
    expect(moved.item.round).toBe(2);
    expect(moved.item.fields.attendees.find((a) => a.person === 'cao-min')?.reply).toBeUndefined();
    expect(replyAttend(moved.item, 'cao-min', 1, undefined, env)).toMatchObject({ ok: false });
    expect(ok(replyAttend(moved.item, 'cao-min', 2, undefined, env)).item.fields.attendees[0]).toBeDefined();
  });

  it('times and kinds as officials type them', () => {
    expect(parseTime('9:00')).toBe('09:00');
    expect(parseTime('14时30分')).toBe('14:30');
    expect(parseTime('25:00')).toBeUndefined();
    const v = validateNotice(
      { kind: '常务会', date: '2026-12-10', time: '9点', place: '三楼' },
      '2026-11-26',
      calendar,
    );
    expect(v).toMatchObject({ ok: true, value: { meeting: 'standing', time: '09:00' } });
  });
});
