import { registerKind } from '../src/bot/render.ts';
import { substitutesFor } from '../src/domain/meeting/excuse.ts';
import type { MeetingItem } from '../src/domain/meeting/types.ts';
import { formatCn } from '../src/domain/time.ts';
import { MEETING_KIND_LABEL } from '../src/domain/topic/types.ts';
import { buildMeetingNoticeCard, buildMeetingOfficeCard } from './meeting.ts';

registerKind('meeting', {
  card(item, rec, env) {
    const m = item as MeetingItem;
    if (rec.view === 'office' || rec.view === 'tracker') return buildMeetingOfficeCard(m, env);
    // Who may stand in, from the topics as the card knows them (the choice is checked again on submit).
    return buildMeetingNoticeCard(m, rec, env, (a) => {
      const out = new Set<string>();
      for (const t of a.topics.length ? a.topics : [undefined]) {
        const topic = m.fields.topics.find((x) => x.id === t);
        for (const p of substitutesFor(env.org, m, a, topic)) out.add(p);
      }
      return [...out];
    });
  },
  inform(item, about, env) {
    const m = item as MeetingItem;
    const f = m.fields;
    switch (about) {
      case 'notice':
        return { view: 'notice' };
      case 'office':
        return { view: 'office' };
      case 'moved':
        return {
          text: `【会议改期】${MEETING_KIND_LABEL[f.meeting]}（${m.id}）改至${formatCn(f.date, env.today)} ${f.time}，地点：${f.place}。原通知作废，请以新通知为准（§36）。`,
        };
      case 'substitute_void':
        return {
          text: `【会议改期】${MEETING_KIND_LABEL[f.meeting]}（${m.id}）已改至${formatCn(f.date, env.today)}，原请假及代会安排作废，是否需要您代会以新的请假审批为准（§42）。`,
        };
      default:
        return undefined;
    }
  },
  // The notice is answered by its own buttons (参会, §42 请假), never by the shared step card's.
  decide: () => ({ ok: false, reason: 'wrong_answer' }),
});
