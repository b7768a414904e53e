import { describe, expect, it } from 'vitest';
import { buildMeetingNoticeCard, buildMeetingOfficeCard } from '../../cards/meeting.ts';
import { createCalendar } from '../../src/domain/calendar.ts';
import type { Env } from '../../src/domain/engine/engine.ts';
import { substitutesFor } from '../../src/domain/meeting/excuse.ts';
import { issueMeeting } from '../../src/domain/meeting/meeting.ts';
import type { TopicItem } from '../../src/domain/topic/types.ts';
import { CARD_LIMITS, checkCard } from '../../src/lark/card-rules.ts';
import type { CardRecord } from '../../src/store/schema.ts';
import { otherOrg } from '../helpers/other-org.ts';

const org = otherOrg();
const NOW = new Date('2026-11-26T10:00:00+08:00');
const env: Env = { now: NOW, today: '2026-11-26', org, calendar: createCalendar(), away: () => undefined };

function elements(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n, x) => n + elements(x), 0);
  if (!node || typeof node !== 'object') return 0;
  const o = node as Record<string, unknown>;
  return (typeof o.tag === 'string' ? 1 : 0) + Object.values(o).reduce<number>((n, v) => n + elements(v), 0);
}

const topic = (k: number): TopicItem => ({
  id: `T${String(k).padStart(4, '0')}`,
  kind: 'topic',
  title: `关于区第${k}局（区第${k}中心）${'专项工作'.repeat(20)}的请示`,
  submitter: `u${k}-main`,
  fields: {
    meeting: 'plenary',
    unit: `u${k}`,
    title: '',
    background: '',
    problems: '',
    matters: '',
    solution: '',
    recommendation: '',
    affected: [`u${(k + 1) % 40}`, `u${(k + 2) % 40}`],
    legal: false,
    major: false,
    attachments: [],
    submittedOn: '2026-11-20',
    meetingDate: '2026-12-10',
    deputy: `u${k}-d1`,
  },
  status: 'approved',
  steps: [],
  round: 1,
  trail: [],
  createdAt: '',
  updatedAt: '',
});

describe('meeting cards in a district of 40 units whose names end in “）”', () => {
  it('a plenary with 30 long topics: the office’s attendance card and a head’s notice stay within Lark’s limits', () => {
    const topics = Array.from({ length: 30 }, (_, i) => topic(i + 4));
    const r = issueMeeting(
      'H0001',
      'u0-s0',
      {
        meeting: 'plenary',
        date: '2026-12-10',
        time: '09:00',
        place: '区政府一楼大会议室',
        materialsDue: '2026-12-08',
        convener: 'o-head',
      },
      topics,
      env,
    );
    if (!r.ok) throw new Error(r.text);
    expect(r.item.fields.attendees.filter((a) => a.role === 'unit').length).toBeGreaterThanOrEqual(39);
    const office = buildMeetingOfficeCard(r.item, env);
    const head = r.item.fields.attendees.find((a) => a.person === 'u5-main')!;
    const rec: CardRecord = {
      itemId: 'H0001',
      view: 'step',
      stepId: 'reply',
      person: 'u5-main',
      sentAt: NOW.toISOString(),
    };
    const notice = buildMeetingNoticeCard(r.item, rec, env, (a) =>
      substitutesFor(
        org,
        r.item,
        a,
        r.item.fields.topics.find((t) => a.topics.includes(t.id)),
      ),
    );
    expect(head.topics.length).toBeGreaterThan(1);
    for (const c of [office, notice]) {
      checkCard(c, 'a meeting');
      expect(elements(c)).toBeLessThanOrEqual(CARD_LIMITS.elements);
      expect(Buffer.byteLength(JSON.stringify(c))).toBeLessThan(CARD_LIMITS.bytes);
    }
    expect(JSON.stringify(notice)).toContain('区第5局（区第5中心）');
  });
});
