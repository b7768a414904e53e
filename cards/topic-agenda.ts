import type { RenderEnv } from '../src/bot/render.ts';
import { formatCn } from '../src/domain/time.ts';
import type { AgendaEntry } from '../src/domain/topic/agenda.ts';
import { MEETING_KIND_LABEL, MEETING_KINDS, type MeetingKind } from '../src/domain/topic/types.ts';
import { type Card, card, type Element, hr, md } from './card.ts';
import { esc, strong } from './markdown.ts';
import { nameOf } from './progress.ts';
import { dayCn, deptName } from './topic.ts';

/** Entries listed per meeting kind (the card stays under Lark's 30 KB); the rest are counted. */
export const AGENDA_MAX_PER_KIND = 15;

function entryLine(e: AgendaEntry, env: RenderEnv): string {
  const { org, today } = env;
  const head = `${strong(e.item.id)}《${esc(e.item.title, { max: 40 })}》${deptName(org, e.item.fields.unit)}`;
  if (e.state === 'scheduled') return `${head}\n　✅ 已列入议程，会议日期 ${dayCn(e.meetingDate, today)}`;
  const who = e.owed.map((p) => nameOf(org, p)).join('、');
  const due = e.due ? `，${formatCn(e.due, today)}前` : '';
  return `${head}\n　⏳ ${e.step.title}：待 ${who} 办理${due}`;
}

/** 议题列表: for the office and the head, what waits for each kind of meeting and where each topic is. */
export function buildAgendaCard(agenda: Record<MeetingKind, AgendaEntry[]>, env: RenderEnv): Card {
  const total = MEETING_KINDS.reduce((n, k) => n + agenda[k].length, 0);
  if (total === 0) return card('议题列表', 'green', [md('目前没有待上会的议题。')]);
  const elements: Element[] = [];
  for (const k of MEETING_KINDS) {
    const list = agenda[k];
    if (list.length === 0) continue;
    const scheduled = list.filter((e) => e.state === 'scheduled').length;
    if (elements.length) elements.push(hr());
    elements.push(
      md(
        [
          `${strong(MEETING_KIND_LABEL[k])}：${list.length}项（已列入议程${scheduled}项，审核中${list.length - scheduled}项）`,
          ...list.slice(0, AGENDA_MAX_PER_KIND).map((e) => entryLine(e, env)),
          ...(list.length > AGENDA_MAX_PER_KIND ? [`另有${list.length - AGENDA_MAX_PER_KIND}项未列出`] : []),
        ].join('\n'),
      ),
    );
  }
  return card(`议题列表（${total}项）`, 'blue', elements);
}
