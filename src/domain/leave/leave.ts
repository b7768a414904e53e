import { advanceNoticeDays, isLateFiling } from '../deadline.ts';
import { actingFor } from '../engine/acting.ts';
import type { Effect } from '../engine/effects.ts';
import { type Act, act, type Env, resubmit, start, type Transition, withdraw } from '../engine/engine.ts';
import type { WorkflowItem } from '../engine/types.ts';
import type { OrgIndex } from '../org.ts';
import { RULE_LIMITS } from '../rule-limits.ts';
import type { DateStr } from '../time.ts';
import { awaySpan, isLeave } from './absences.ts';
import { planOf, replanOthers } from './acting-plan.ts';
import { homeUnit, leaveRoute, leaveSteps } from './route.ts';
import { LEAVE_TYPE_LABEL, type LeaveConflict, type LeaveFields, type LeaveItem } from './types.ts';
import type { ValidLeave } from './validate.ts';

const ACTIVE = new Set(['in_progress', 'approved', 'recorded']);

function overlap(a: { from: DateStr; to: DateStr }, b: { from: DateStr; to: DateStr }) {
  const from = [a.from, b.from].sort()[1]!;
  const to = [a.to, b.to].sort()[0]!;
  return from <= to ? { from, to } : undefined;
}

/** Leave by `person` (pending or standing) that overlaps `span`. */
function overlapping(items: Iterable<WorkflowItem>, person: string, span: { from: DateStr; to: DateStr }) {
  const out: Array<{ item: LeaveItem; from: DateStr; to: DateStr }> = [];
  for (const it of items) {
    if (!isLeave(it) || it.submitter !== person || !ACTIVE.has(it.status)) continue;
    const s = awaySpan(it.fields);
    const o = s && overlap(s, span);
    if (o) out.push({ item: it, ...o });
  }
  return out;
}

/**
 * §8: a vice head and their AB partner away together, or the head and the executive vice head away
 * together, leaves no one to act; flagged to the approvers and the government office, not refused.
 */
export function findConflicts(
  items: Iterable<WorkflowItem>,
  submitter: string,
  span: { from: DateStr; to: DateStr },
  org: OrgIndex,
): LeaveConflict[] {
  const list = [...items];
  const out: LeaveConflict[] = [];
  const check = (other: string | undefined, kind: LeaveConflict['kind']) => {
    if (!other) return;
    for (const o of overlapping(list, other, span)) {
      out.push({ kind, otherItem: o.item.id, otherPerson: other, from: o.from, to: o.to });
    }
  };
  const head = org.head().id;
  const exec = org.executiveViceHead().id;
  if (org.isViceHead(submitter)) check(org.abPartner(submitter)?.id, 'ab_partner_away');
  if (submitter === head) check(exec, 'head_and_executive_away');
  if (submitter === exec) check(head, 'head_and_executive_away');
  return out;
}

/** Own leave already filed that overlaps the new one (refused: file one request per absence). */
export function ownOverlap(
  items: Iterable<WorkflowItem>,
  submitter: string,
  v: ValidLeave,
): LeaveItem | undefined {
  if (v.type === 'meeting_excuse') return undefined;
  return overlapping(items, submitter, { from: v.start, to: v.end })[0]?.item;
}

/** Files a leave: routes it by role (RULES.md Workflow 1), marks §71 lateness and §8 conflicts. */
/** The fields the rules derive from a request: §71 lateness and §8 conflicts, as of filing day. */
function deriveFields(
  v: ValidLeave,
  submitter: string,
  items: Iterable<WorkflowItem>,
  env: Env,
  exclude?: string,
): LeaveFields {
  const route = leaveRoute(env.org, submitter, v.type);
  const others = [...items].filter((it) => it.id !== exclude);
  return {
    ...v,
    filedOn: env.today,
    advanceDays: advanceNoticeDays(env.today, v.start),
    // §71 binds department main heads: at least 3 days ahead, the departure day not counted.
    late:
      route === 'department_head' && isLateFiling(env.today, v.start, RULE_LIMITS.absenceFilingNotice.amount),
    conflicts:
      v.type === 'meeting_excuse'
        ? []
        : findConflicts(others, submitter, { from: v.start, to: v.end }, env.org),
  };
}

/** Files a leave: routes it by role (RULES.md Workflow 1), marks §71 lateness and §8 conflicts. */
export function fileLeave(
  id: string,
  submitter: string,
  v: ValidLeave,
  items: Iterable<WorkflowItem>,
  env: Env,
): Transition<LeaveFields> {
  const route = leaveRoute(env.org, submitter, v.type);
  const fields = deriveFields(v, submitter, items, env);
  const person = env.org.person(submitter);
  const draft: LeaveItem = {
    id,
    kind: 'leave',
    title: `${person?.name ?? submitter} ${LEAVE_TYPE_LABEL[v.type]}`,
    submitter,
    departmentId: homeUnit(env.org, submitter)?.id,
    fields,
    status: 'draft',
    steps: leaveSteps(env.org, submitter, route),
    round: 1,
    trail: [],
    createdAt: env.now.toISOString(),
    updatedAt: env.now.toISOString(),
  };
  // §8: who will act for a leader while away, shown to the approvers (planned as if the leave stood).
  if (env.org.isLeader(submitter)) draft.fields.acting = planOf(draft, env.org, env.away);
  const t = start(draft, env);
  if (!t.ok) return t;
  const effects = t.effects.filter((e) => !(e.type === 'inform' && e.about === 'approved'));
  effects.push({ type: 'inform', itemId: id, to: { person: submitter }, about: 'tracker' });
  // §71: filed with the government office (报备) at once, whatever the approvals say later.
  effects.push({ type: 'inform', itemId: id, to: { chat: 'governmentOffice' }, about: 'filed' });
  if (route === 'head') {
    t.item.status = 'recorded';
    effects.push(...onStanding(t.item, env));
  }
  return { ok: true, item: t.item, effects };
}

/**
 * Once a leave stands: its acting plan is drawn from every leave record (§8) and whoever it names is told
 * — the AB partner, the executive vice head, the vice head the head designated, the head covering — and
 * the other leaders are told who acts on which days (§71). Nobody is named who is away themself.
 */
function onStanding(item: LeaveItem, env: Env): Effect[] {
  if (item.fields.type === 'meeting_excuse') {
    return item.fields.meeting
      ? [{ type: 'inform', itemId: item.id, to: { person: item.fields.meeting.deputy }, about: 'attend_for' }]
      : [];
  }
  const route = leaveRoute(env.org, item.submitter, item.fields.type);
  const effects: Effect[] = [];
  if (route !== 'vice_head' && route !== 'head') return effects;
  item.fields.acting = planOf(item, env.org, env.away);
  effects.push({ type: 'inform', itemId: item.id, to: { chat: 'leaders' }, about: 'leaders_notified' });
  const about = route === 'head' ? 'you_preside' : 'you_act';
  for (const holder of new Set(item.fields.acting.flatMap((s) => (s.holder ? [s.holder] : [])))) {
    effects.push({ type: 'inform', itemId: item.id, to: { person: holder }, about, detail: holder });
  }
  return effects;
}

/**
 * §8 after a leave began to stand or ended: the other leaders' standing leaves whose acting plan changed
 * (the executive vice head leaving while the head is away hands the chair to the designated vice head),
 * each with its new plan, the newly named told and the leaders' group told the new arrangement.
 */
export function replanAfter(
  items: readonly WorkflowItem[],
  changed: LeaveItem,
  previous: LeaveItem | undefined,
  env: Env,
): Array<{ item: LeaveItem; effects: Effect[] }> {
  return replanOthers(items, changed, previous, env.org).map(({ item: current, plan, tell }) => {
    const item = structuredClone(current);
    item.fields.acting = plan;
    item.updatedAt = env.now.toISOString();
    const about = item.submitter === env.org.head().id ? 'you_preside' : 'you_act';
    const effects: Effect[] = [{ type: 'refresh', itemId: item.id }];
    if (tell.length > 0) {
      effects.push({ type: 'inform', itemId: item.id, to: { chat: 'leaders' }, about: 'acting_changed' });
      for (const holder of tell)
        effects.push({ type: 'inform', itemId: item.id, to: { person: holder }, about, detail: holder });
    }
    return { item, effects };
  });
}

/** An approver's answer on a leave; when the last approval lands, the leave stands and people are told. */
export function decideLeave(item: LeaveItem, a: Act, env: Env): Transition<LeaveFields> {
  const t = act(item, a, env);
  if (!t.ok || t.item.status !== 'approved') return t;
  return { ok: true, item: t.item, effects: [...t.effects, ...onStanding(t.item, env)] };
}

/** After a rejection: the amended request is checked again as of today and goes round again. */
export function resubmitLeave(
  item: LeaveItem,
  actor: string,
  v: ValidLeave,
  items: Iterable<WorkflowItem>,
  env: Env,
): Transition<LeaveFields> {
  const fields = deriveFields(v, item.submitter, items, env, item.id);
  if (env.org.isLeader(item.submitter)) fields.acting = planOf({ ...item, fields }, env.org, env.away);
  return resubmit(item, actor, fields, env);
}

export function withdrawLeave(item: LeaveItem, actor: string, env: Env): Transition<LeaveFields> {
  return withdraw(item, actor, env);
}

export type BackRefusal = 'no_absence' | 'not_started';

/** 销假: reports return (early or on time); ends the absence and the acting arrangement. */
export function reportBack(
  items: Iterable<WorkflowItem>,
  person: string,
  env: Env,
): { ok: true; item: LeaveItem; effects: Effect[] } | { ok: false; reason: BackRefusal } {
  const candidates = [...items]
    .filter(
      (it): it is LeaveItem =>
        isLeave(it) &&
        it.submitter === person &&
        (it.status === 'approved' || it.status === 'recorded') &&
        it.fields.type !== 'meeting_excuse' &&
        it.fields.returnedOn === undefined,
    )
    .sort((a, b) => (a.fields.start < b.fields.start ? 1 : -1));
  // The latest leave already begun: an older one never reported back must not keep this one open.
  const current = candidates.find((it) => it.fields.start <= env.today);
  if (!current) return { ok: false, reason: candidates.length > 0 ? 'not_started' : 'no_absence' };
  const item = structuredClone(current);
  item.fields.returnedOn = env.today;
  item.trail.push({ at: env.now.toISOString(), actor: person, action: 'return', round: item.round });
  item.updatedAt = env.now.toISOString();
  const effects: Effect[] = [
    { type: 'refresh', itemId: item.id },
    { type: 'inform', itemId: item.id, to: { chat: 'governmentOffice' }, about: 'returned' },
  ];
  // §8: whoever acted for them today (the AB partner, the executive vice head, the designated vice head,
  // the head covering) is told the arrangement has ended.
  const acting = actingFor(person, env.today, env.org, env.away);
  if (acting.person !== person) {
    effects.push({ type: 'inform', itemId: item.id, to: { person: acting.person }, about: 'acting_ended' });
  }
  if (env.org.isLeader(person)) item.fields.acting = planOf(item, env.org, env.away);
  if (item.fields.type === 'outbound_visit') {
    effects.push({ type: 'inform', itemId: item.id, to: { person }, about: 'trip_report_owed' });
  }
  return { ok: true, item, effects };
}

/** §67: outbound visits whose summary report is still owed (the person has returned or the trip ended). */
export function tripReportsOwed(items: Iterable<WorkflowItem>, person: string, today: DateStr): LeaveItem[] {
  return [...items].filter(
    (it): it is LeaveItem =>
      isLeave(it) &&
      it.submitter === person &&
      (it.status === 'approved' || it.status === 'recorded') &&
      it.fields.type === 'outbound_visit' &&
      it.fields.tripReport === undefined &&
      (it.fields.returnedOn !== undefined || it.fields.end < today),
  );
}

/** §67: files the trip summary owed for the earliest outbound visit that still needs one. */
export function fileTripReport(
  items: Iterable<WorkflowItem>,
  person: string,
  text: string,
  env: Env,
): { ok: true; item: LeaveItem; effects: Effect[] } | { ok: false; reason: 'none_owed' } {
  const owed = tripReportsOwed(items, person, env.today)[0];
  if (!owed) return { ok: false, reason: 'none_owed' };
  const item = structuredClone(owed);
  item.fields.tripReport = { text, filedOn: env.today };
  item.trail.push({
    at: env.now.toISOString(),
    actor: person,
    action: 'trip_report',
    comment: text,
    round: item.round,
  });
  item.updatedAt = env.now.toISOString();
  return {
    ok: true,
    item,
    effects: [
      { type: 'refresh', itemId: item.id },
      { type: 'inform', itemId: item.id, to: { chat: 'governmentOffice' }, about: 'trip_report' },
    ],
  };
}
