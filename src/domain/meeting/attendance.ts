import type { Effect } from '../engine/effects.ts';
import { act, type Env } from '../engine/engine.ts';
import type { LeaveItem } from '../leave/types.ts';
import type { MeetingResult } from './meeting.ts';
import { type Attendee, MEETING_STEP, type MeetingItem } from './types.ts';

const fail = (text: string) => ({ ok: false as const, text });

/** Why a tap on a notice is refused before anything is looked at: not invited, stale, the day gone. */
export function noticeRefusal(item: MeetingItem, actor: string, round: number, env: Env): string | undefined {
  const a = item.fields.attendees.find((x) => x.person === actor && x.role === 'unit');
  if (!a) return '您不在本次会议需回复的参会名单中，无需回复；如有疑问请联系区政府办公室。';
  if (round !== item.round) return '会议已改期，这张通知已失效，请在最新的会议通知卡片上回复。';
  if (item.fields.date < env.today || item.status === 'closed') return '会议日期已过，无法再回复。';
  if (item.status === 'withdrawn') return '该会议已取消。';
  return undefined;
}

/** Records `person`'s answer on the reply step (the step may have closed already: answers still count). */
function answer(item: MeetingItem, person: string, what: 'attend' | 'excuse', env: Env): MeetingResult {
  const step = item.steps.find((s) => s.id === MEETING_STEP.reply)!;
  const owes = step.status === 'active' && !step.responses.some((r) => r.party === person);
  const base = owes
    ? act(
        item,
        { stepId: step.id, round: item.round, actor: person, answer: 'acknowledged', comment: what },
        env,
      )
    : undefined;
  if (base && !base.ok) return fail('会议通知已失效，请发送 /我的待办 查看最新事项。');
  const next = base?.ok ? (base.item as MeetingItem) : structuredClone(item);
  const effects = base?.ok
    ? base.effects.filter((e) => !(e.type === 'inform' && e.about === 'approved'))
    : [];
  const a = next.fields.attendees.find((x) => x.person === person)!;
  a.reply = what;
  if (!base) {
    next.trail.push({ at: env.now.toISOString(), actor: person, action: what, round: next.round });
    next.updatedAt = env.now.toISOString();
  }
  if (!effects.some((e) => e.type === 'refresh')) effects.push({ type: 'refresh', itemId: next.id });
  return { ok: true, item: next, effects, topics: [], leaves: [] };
}

/** 参会. An excuse still waiting for the convener is withdrawn by it (the person comes after all). */
export function replyAttend(
  item: MeetingItem,
  actor: string,
  round: number,
  pendingLeave: LeaveItem | undefined,
  env: Env,
): MeetingResult {
  const refused = noticeRefusal(item, actor, round, env);
  if (refused) return fail(refused);
  const a = item.fields.attendees.find((x) => x.person === actor)!;
  if (a.excuse?.status === 'approved') {
    return fail('您的请假已获批准，由代会人参会；如需亲自参会，请联系区政府办公室。');
  }
  if (a.reply === 'attend' && !a.excuse) return fail('您已回复参会，无需重复回复。');
  const r = answer(item, actor, 'attend', env);
  if (!r.ok) return r;
  const mine = r.item.fields.attendees.find((x) => x.person === actor)!;
  const leaves: LeaveItem[] = [];
  if (mine.excuse?.status === 'pending' && pendingLeave?.status === 'in_progress') {
    const w = structuredClone(pendingLeave);
    w.status = 'withdrawn';
    w.closedAt = env.now.toISOString();
    for (const s of w.steps) if (s.status === 'active' || s.status === 'waiting') s.status = 'cancelled';
    w.trail.push({ at: env.now.toISOString(), actor, action: 'withdraw', round: w.round });
    w.updatedAt = env.now.toISOString();
    leaves.push(w);
  }
  delete mine.excuse;
  r.item.fields.attendees = r.item.fields.attendees.map((x) => (x.person === actor ? mine : x));
  return { ...r, leaves };
}

/** The meeting's side of a §42 excuse just filed: the person answered 请假, the excuse pending. */
export function recordExcuse(
  item: MeetingItem,
  actor: string,
  excuse: Attendee['excuse'] & object,
  env: Env,
): MeetingResult {
  const r = answer(item, actor, 'excuse', env);
  if (!r.ok) return r;
  r.item.fields.attendees.find((x) => x.person === actor)!.excuse = excuse;
  return r;
}

/**
 * The convener decided (or the person withdrew) a §42 excuse: the attendance says so — excused with
 * the substitute named, refused (the person attends), or withdrawn (the person attends).
 */
export function syncExcuse(item: MeetingItem, leave: LeaveItem, env: Env): MeetingResult | undefined {
  const a = item.fields.attendees.find((x) => x.excuse?.leave === leave.id);
  if (!a?.excuse) return undefined;
  const status =
    leave.status === 'approved'
      ? 'approved'
      : leave.status === 'rejected'
        ? 'rejected'
        : leave.status === 'withdrawn'
          ? 'withdrawn'
          : 'pending';
  if (status === a.excuse.status) return undefined;
  const next = structuredClone(item);
  const mine = next.fields.attendees.find((x) => x.person === a.person)!;
  if (status === 'withdrawn') {
    delete mine.excuse;
    mine.reply = 'attend';
  } else {
    mine.excuse = { ...mine.excuse!, status };
    if (status === 'rejected') mine.reply = 'attend';
  }
  next.trail.push({
    at: env.now.toISOString(),
    actor: 'system',
    action: `excuse_${status}`,
    comment: leave.id,
    round: next.round,
  });
  next.updatedAt = env.now.toISOString();
  const effects: Effect[] = [{ type: 'refresh', itemId: next.id }];
  // The stand-in gets the notice itself (time, place, topics), kept current like everyone's.
  if (status === 'approved') {
    effects.push({
      type: 'inform',
      itemId: next.id,
      to: { person: mine.excuse!.substitute },
      about: 'notice',
    });
  }
  return { ok: true, item: next, effects, topics: [], leaves: [] };
}
