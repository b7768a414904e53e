import type { RenderEnv } from '../src/bot/render.ts';
import { EXCUSE_REASON_LABEL } from '../src/domain/leave/types.ts';
import { EXCUSE_LIMITS } from '../src/domain/meeting/excuse.ts';
import {
  ATTENDANCE_LABEL,
  type Attendee,
  attendanceOf,
  type MeetingItem,
} from '../src/domain/meeting/types.ts';
import { formatCn } from '../src/domain/time.ts';
import { MEETING_KIND_LABEL, MEETING_RULE } from '../src/domain/topic/types.ts';
import type { CardRecord } from '../src/store/schema.ts';
import { button, type Card, card, type Element, form, hr, input, md, select } from './card.ts';
import { esc, strong } from './markdown.ts';
import { nameOf } from './progress.ts';
import { dayCn, deptName } from './topic.ts';

export const MEETING_ACTIONS = { attend: 'meeting.attend', excuse: 'meeting.excuse' } as const;

/** Attendees listed on the office's card (the card stays under Lark's 30 KB); the rest are counted. */
export const ATTENDANCE_MAX = 60;

function facts(m: MeetingItem, env: RenderEnv): string[] {
  const { org, today } = env;
  const f = m.fields;
  const presides =
    f.presider === f.convener
      ? nameOf(org, f.convener)
      : `${nameOf(org, f.presider)}（${nameOf(org, f.convener)}不在岗期间主持，§8）`;
  const lines = [
    `**会议**：${MEETING_KIND_LABEL[f.meeting]}（${MEETING_RULE[f.meeting]}）`,
    `**时间**：${dayCn(f.date, today)} ${f.time}`,
    `**地点**：${esc(f.place)}`,
    `**召集主持**：${presides}`,
    `**会议材料**：请于${strong(formatCn(f.materialsDue, today))}前报区政府办公室（§38）`,
  ];
  if (f.movedFrom?.length) {
    lines.push(
      `<font color='red'>⚠ 会议已改期（原定${formatCn(f.movedFrom.at(-1)!, today)}），以本通知为准</font>`,
    );
  }
  lines.push('**议题**：');
  for (const [i, t] of f.topics.entries()) {
    const reporter = t.reporter ? `，汇报人：${nameOf(org, t.reporter)}` : '';
    lines.push(`${i + 1}. ${t.id}《${esc(t.title, { max: 40 })}》${esc(deptName(org, t.unit))}${reporter}`);
  }
  return lines;
}

function stateLine(a: Attendee, env: RenderEnv): string {
  const { org } = env;
  const s = attendanceOf(a);
  const sub = a.excuse ? `，代会：${nameOf(org, a.excuse.substitute)}` : '';
  const why = a.excuse ? `（${EXCUSE_REASON_LABEL[a.excuse.why]}）` : '';
  if (s === 'excused') return `✅ 已准假${sub}${why}`;
  if (s === 'excuse_pending') return `⏳ 请假待会议召集人审批${sub}${why}`;
  if (s === 'excuse_refused') return `❗ 请假未获批准，请按时参会`;
  if (s === 'excuse_lapsed') return '⚠ 会议召开前请假未经审批，已作废';
  if (s === 'attend') return '✅ 已回复参会';
  return '⏳ 请回复：参会，或按 §42 请假';
}

/** The excuse form: §42's reasons only, the topic, and who may attend in the invitee's place. */
function excuseForm(m: MeetingItem, a: Attendee, env: RenderEnv, substitutes: string[]): Element {
  const { org } = env;
  const topics = m.fields.topics.filter((t) => a.topics.includes(t.id));
  const fields: Element[] = [
    select(
      'why',
      '请假原因（§42）',
      Object.entries(EXCUSE_REASON_LABEL).map(([value, label]) => ({ value, label })),
      { required: true },
    ),
  ];
  if (topics.length > 1) {
    fields.push(
      select(
        'topic',
        '不能参加的议题',
        topics.map((t) => ({ value: t.id, label: `${t.id} ${t.title}` })),
        { required: true },
      ),
    );
  }
  fields.push(
    select(
      'substitute',
      m.fields.meeting === 'business'
        ? '代会人（部门主要负责人，§42）'
        : '代会人（与议题相关的分管负责同志，§42）',
      substitutes.map((p) => ({ value: p, label: `${nameOf(org, p)}（${org.person(p)?.title ?? ''}）` })),
      { required: true, ...(substitutes.length === 1 ? { initial: substitutes[0] } : {}) },
    ),
    input('note', '说明（可不填）', { maxLength: EXCUSE_LIMITS.note }),
  );
  return form('excuse_form', fields, {
    label: '请假（§42）',
    value: { action: MEETING_ACTIONS.excuse, item: m.id, round: m.round },
  });
}

/**
 * The notice a unit's head (or deputy) answers: the meeting, their topics, 参会 and the §42 excuse form.
 * A card from before the meeting was moved says so and asks nothing. `substitutes` are who may stand in.
 */
export function buildMeetingNoticeCard(
  m: MeetingItem,
  rec: CardRecord,
  env: RenderEnv,
  substitutes: (a: Attendee) => string[],
): Card {
  const f = m.fields;
  const title = `会议通知 · ${MEETING_KIND_LABEL[f.meeting]}`;
  const sub = `${m.id} · ${formatCn(f.date, env.today)} ${f.time}`;
  if (rec.sentAt < f.noticeAt && rec.view === 'step') {
    return card(
      title,
      'grey',
      [
        md(
          `会议已改期至${strong(dayCn(f.date, env.today))} ${f.time}，本通知已失效，请在新的会议通知卡片上回复。`,
        ),
      ],
      sub,
    );
  }
  const a = f.attendees.find((x) => x.person === rec.person);
  const elements: Element[] = [md(facts(m, env).join('\n'))];
  const standIn = f.attendees.find(
    (x) => x.excuse?.status === 'approved' && x.excuse.substitute === rec.person,
  );
  if (standIn && a?.role !== 'unit') {
    const topic = standIn.excuse?.topic ? `（议题 ${standIn.excuse.topic}）` : '';
    elements.push(hr(), md(`您代 ${nameOf(env.org, standIn.person)} 参会${topic}（§42），请准时出席。`));
    return card(title, 'blue', elements, sub);
  }
  if (!a) return card(title, 'blue', elements, sub);
  elements.push(hr());
  if (a.role !== 'unit') {
    const unitLine = a.role === 'copy' ? `本单位由分管负责同志参会（§40、§42）。` : '请准时出席。';
    elements.push(md(unitLine));
    return card(title, 'blue', elements, sub);
  }
  if (a.topics.length) {
    elements.push(
      md(
        `**您参会的议题**：${f.topics
          .filter((t) => a.topics.includes(t.id))
          .map((t) => t.id)
          .join('、')}`,
      ),
    );
  }
  elements.push(md(stateLine(a, env)));
  const open = f.date >= env.today && m.status !== 'withdrawn' && m.status !== 'closed';
  const s = attendanceOf(a);
  if (open && s !== 'excused') {
    if (s !== 'attend' && s !== 'excuse_refused') {
      elements.push(
        button(
          s === 'excuse_pending' ? '改为参会（撤回请假）' : '参会',
          { action: MEETING_ACTIONS.attend, item: m.id, round: m.round },
          'primary_filled',
        ),
      );
    }
    if (s !== 'excuse_pending') {
      elements.push(md(`不能出席的，须及时请假并委托代会人（§42），由会议召集人审批：`));
      elements.push(excuseForm(m, a, env, substitutes(a)));
    }
  }
  const template = s === 'pending' ? 'orange' : s === 'excused' || s === 'attend' ? 'green' : 'blue';
  return card(title, template, elements, sub);
}

/** The office's card (§36): the notice and everyone's answer, patched as answers come in. */
export function buildMeetingOfficeCard(m: MeetingItem, env: RenderEnv): Card {
  const { org } = env;
  const f = m.fields;
  const units = f.attendees.filter((a) => a.role === 'unit');
  const leaders = f.attendees.filter((a) => a.role === 'leader').map((a) => nameOf(org, a.person));
  const count = (s: string) => units.filter((a) => attendanceOf(a) === s).length;
  const summary = `参会${count('attend') + count('excuse_refused')}人，准假${count('excused')}人，请假待批${count('excuse_pending')}人，未回复${count('pending')}人${count('excuse_lapsed') ? `，请假未经审批作废${count('excuse_lapsed')}人` : ''}`;
  const lines = units.slice(0, ATTENDANCE_MAX).map((a) => {
    const unit = a.units.map((u) => deptName(org, u)).join('、');
    const s = attendanceOf(a);
    const sub =
      a.excuse && s !== 'excuse_refused' && s !== 'excuse_lapsed'
        ? `，代会：${nameOf(org, a.excuse.substitute)}`
        : '';
    return `- ${nameOf(org, a.person)}（${esc(unit)}）：${ATTENDANCE_LABEL[s]}${sub}`;
  });
  if (units.length > ATTENDANCE_MAX) lines.push(`另有${units.length - ATTENDANCE_MAX}人未列出`);
  return card(
    `参会情况 · ${MEETING_KIND_LABEL[f.meeting]}`,
    count('pending') + count('excuse_pending') > 0 ? 'orange' : 'green',
    [
      md(facts(m, env).join('\n')),
      hr(),
      md(`**出席领导**：${leaders.join('、') || '—'}`),
      md(`**部门参会**（${summary}）：\n${lines.join('\n')}`),
    ],
    `${m.id} · 区政府办公室`,
  );
}
