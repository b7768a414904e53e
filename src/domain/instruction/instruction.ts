import type { Deadline } from '../deadline.ts';
import { actingFor } from '../engine/acting.ts';
import type { Effect } from '../engine/effects.ts';
import { type Env, mayActFor } from '../engine/engine.ts';
import { acknowledgementDeadline, progressDeadline } from './deadlines.ts';
import {
  activeStepOf,
  completeStep,
  decideStep,
  deptOf,
  leaderDecision,
  partFor,
  record,
  refuse,
} from './decision.ts';
import { isMember, membersOf } from './parties.ts';
import { openStep, stepId, withDefaultDeadline } from './steps.ts';
import {
  type DecisionOrigin,
  type DepartmentPart,
  type InstructionClass,
  type InstructionFields,
  type InstructionItem,
  type InstructionSource,
  type InstructionTransition,
  REPORT_LABEL,
  type Report,
  type ReportKind,
} from './types.ts';

/** What is issued, already checked (validate.ts): the deadline is computed from its rule. */
export interface IssueSpec {
  source: InstructionSource;
  class?: InstructionClass;
  text: string;
  reference?: string;
  leader: string;
  lead: string;
  co: string[];
  progressRequired: boolean;
  deadline: Deadline;
  /** The filer belongs to the lead department (e.g. reports their own city-level meeting, §46): signed at once. */
  selfAcknowledged?: boolean;
  /** A meeting decision's minutes and number (§56). */
  origin?: DecisionOrigin;
}

const TITLE_MAX = 30;

function titleOf(spec: IssueSpec): string {
  const first = spec.text.split('\n')[0]!.trim();
  const short = [...first].length > TITLE_MAX ? `${[...first].slice(0, TITLE_MAX).join('')}…` : first;
  return spec.reference ? `${spec.reference} ${short}` : short;
}

const activeWith = (item: InstructionItem, prefix: string) =>
  item.steps.find((s) => s.status === 'active' && s.id.startsWith(prefix));

/** The report a department owes next: a progress report first when the leader asked for one (§56). */
export function expectedKind(f: InstructionFields, part: DepartmentPart): ReportKind {
  if (!f.progressRequired) return 'completion';
  return part.reports.some((r) => r.review?.approved) ? 'completion' : 'progress';
}

/** Co-departments whose completion report has not yet been approved by their main head (§56). */
export function pendingCoParts(f: InstructionFields): DepartmentPart[] {
  return f.parts.filter(
    (p) => p.role === 'co' && !p.reports.some((r) => r.kind === 'completion' && r.review?.approved),
  );
}

function openReportStep(
  item: InstructionItem,
  i: number,
  env: Env,
  effects: Effect[],
  kind?: ReportKind,
): void {
  const f = item.fields;
  const part = f.parts[i]!;
  const k = kind ?? expectedKind(f, part);
  const deadline = k === 'progress' ? progressDeadline(env.calendar, f.deadline) : f.deadline;
  const name = deptOf(env, part)?.name ?? part.dept;
  const combined = part.role === 'lead' && k === 'completion' && f.parts.length > 1;
  const id = stepId.report(i, part.reports.length + 1);
  const responsible = part.ack!.responsible;
  item.steps.push(
    openStep({
      id,
      kind: 'acknowledge',
      title: combined ? `${name}汇总报送办理情况` : `${name}报送${REPORT_LABEL[k]}`,
      party: responsible,
      rule: deadline.rule,
      at: env.now.toISOString(),
      deadline,
    }),
  );
  effects.push({ type: 'ask', itemId: item.id, stepId: id, to: responsible });
}

/** 领导批示 issued: every department gets a card to sign for it (§56), the ledger an entry (§57, §58). */
export function issueInstruction(
  id: string,
  issuer: string,
  spec: IssueSpec,
  env: Env,
): InstructionTransition {
  const at = env.now.toISOString();
  const parts: DepartmentPart[] = [spec.lead, ...spec.co].map((dept, i) => ({
    dept,
    role: i === 0 ? 'lead' : 'co',
    reports: [],
  }));
  const item: InstructionItem = {
    id,
    kind: 'instruction',
    title: titleOf(spec),
    submitter: issuer,
    departmentId: spec.lead,
    fields: {
      source: spec.source,
      ...(spec.class ? { class: spec.class } : {}),
      text: spec.text,
      ...(spec.reference ? { reference: spec.reference } : {}),
      ...(spec.origin ? { origin: spec.origin } : {}),
      leader: spec.leader,
      issuedBy: issuer,
      issuedOn: env.today,
      deadline: spec.deadline,
      originalDue: spec.deadline.due,
      progressRequired: spec.progressRequired,
      parts,
      extensions: [],
    },
    status: 'in_progress',
    steps: [],
    round: 1,
    trail: [],
    createdAt: at,
    updatedAt: at,
  };
  record(item, env, {
    actor: issuer,
    ...(issuer !== spec.leader ? { onBehalfOf: spec.leader } : {}),
    action: 'issue',
  });
  const effects: Effect[] = [];
  const ackDue = acknowledgementDeadline(env.calendar, env.today, spec.deadline.due);
  parts.forEach((part, i) => {
    const dept = env.org.department(part.dept)!;
    item.steps.push(
      openStep({
        id: stepId.ack(i),
        kind: 'acknowledge',
        title: `${dept.name}签收`,
        party: dept.mainHead,
        rule: ackDue.rule,
        at,
        deadline: ackDue,
      }),
    );
    if (i === 0 && spec.selfAcknowledged) return;
    // The card goes to everyone of the department; whoever signs first signs for it.
    for (const m of membersOf(dept)) effects.push({ type: 'ask', itemId: id, stepId: stepId.ack(i), to: m });
  });
  effects.push({ type: 'inform', itemId: id, to: { person: spec.leader }, about: 'issued' });
  if (issuer !== spec.leader)
    effects.push({ type: 'inform', itemId: id, to: { person: issuer }, about: 'issued' });
  effects.push({ type: 'inform', itemId: id, to: { chat: 'supervision' }, about: 'issued' });
  if (!spec.selfAcknowledged) return { ok: true, item, effects };
  const t = acknowledge(item, { part: 0, actor: issuer, responsible: issuer }, env);
  return t.ok ? { ok: true, item: t.item, effects: [...effects, ...t.effects] } : t;
}

/** 签收 (§56): a member of the department signs — it has told its main head — and names who is responsible. */
export function acknowledge(
  current: InstructionItem,
  a: { part: number; actor: string; responsible?: string },
  env: Env,
): InstructionTransition {
  if (current.status !== 'in_progress') return refuse('closed');
  const part0 = current.fields.parts[a.part];
  if (!part0) return refuse('stale');
  if (part0.ack) return refuse('already_done', part0.ack.by);
  const dept = deptOf(env, part0);
  if (!isMember(dept, a.actor)) return refuse('not_member', part0.dept);
  const responsible = a.responsible?.trim() || a.actor;
  if (!isMember(dept, responsible)) return refuse('not_in_department', responsible);

  const item = structuredClone(current);
  const part = item.fields.parts[a.part]!;
  const at = env.now.toISOString();
  part.ack = { by: a.actor, at, responsible };
  completeStep(
    item,
    stepId.ack(a.part),
    env,
    { actor: a.actor, answer: 'acknowledged', comment: `责任人：${responsible}` },
    { action: 'acknowledge', comment: responsible },
  );
  const effects: Effect[] = [];
  openReportStep(item, a.part, env, effects);
  if (a.actor !== dept!.mainHead) {
    effects.push({
      type: 'inform',
      itemId: item.id,
      to: { person: dept!.mainHead },
      about: `acknowledged:${a.part}`,
    });
  }
  effects.push({ type: 'refresh', itemId: item.id });
  return { ok: true, item, effects };
}

/**
 * 进展 / 办理情况报告: goes first to the department's main head (§56). The lead department's completion
 * report is the combined one: it waits until every co-department's report has been approved (§56).
 */
export function submitReport(
  current: InstructionItem,
  a: { actor: string; text: string; kind?: ReportKind; attachment?: string; part?: number },
  env: Env,
): InstructionTransition {
  if (current.status !== 'in_progress') return refuse('closed');
  if (a.part !== undefined && !current.fields.parts[a.part]) return refuse('stale');
  const i = partFor(current, a.actor, env, a.part);
  if (i < 0) return refuse('not_member', current.fields.parts[a.part ?? 0]?.dept);
  const part0 = current.fields.parts[i]!;
  if (!part0.ack) return refuse('not_acknowledged', part0.dept);
  const step0 = activeWith(current, `r${i}.`);
  if (!step0) {
    if (activeWith(current, `v${i}.`)) return refuse('review_pending', 'main_head');
    if (i === 0 && activeWith(current, 'c')) return refuse('review_pending', 'leader');
    return refuse('already_done');
  }
  const text = a.text.trim();
  if (!text) return refuse('text_required');
  const kind = a.kind ?? expectedKind(current.fields, part0);
  if (kind === 'completion' && part0.role === 'lead') {
    const pending = pendingCoParts(current.fields);
    if (pending.length > 0) return refuse('co_pending', pending.map((p) => p.dept).join(','));
  }

  const item = structuredClone(current);
  const part = item.fields.parts[i]!;
  const dept = deptOf(env, part)!;
  const at = env.now.toISOString();
  const attachment = a.attachment?.trim();
  const report: Report = {
    n: part.reports.length + 1,
    kind,
    text,
    ...(attachment ? { attachment } : {}),
    by: a.actor,
    at,
  };
  part.reports.push(report);
  const step = completeStep(
    item,
    step0.id,
    env,
    { actor: a.actor, answer: 'acknowledged', comment: REPORT_LABEL[kind] },
    { action: `report_${kind}`, comment: text },
  );
  // §56: the main head approves what goes up. Nobody approves their own report: one the main head
  // wrote goes to the department's supervising vice head instead (or whoever acts for them, §8).
  const effects: Effect[] = [];
  const byMainHead = a.actor === dept.mainHead;
  const reviewer = byMainHead ? env.org.supervisingViceHead(dept.id).id : dept.mainHead;
  const id = stepId.review(i, report.n);
  item.steps.push(
    openStep({
      id,
      kind: 'approve',
      title: byMainHead
        ? `分管副区长审定${dept.name}${REPORT_LABEL[kind]}（主要负责人本人报送）`
        : `${dept.name}主要负责人审定${REPORT_LABEL[kind]}`,
      party: reviewer,
      rule: '§56',
      at,
      ...(step.deadline ? { deadline: step.deadline } : {}),
      recused: [a.actor],
    }),
  );
  const acting = actingFor(reviewer, env.today, env.org, env.away, [a.actor]);
  effects.push({
    type: 'ask',
    itemId: item.id,
    stepId: id,
    to: acting.person,
    onBehalfOf: acting.onBehalfOf,
  });
  effects.push({ type: 'refresh', itemId: item.id });
  return { ok: true, item, effects };
}

/** An approved report goes up: a co-department's to the lead department, the lead's to the issuing leader (§56). */
function onApproved(item: InstructionItem, i: number, report: Report, env: Env, effects: Effect[]): void {
  const f = item.fields;
  const part = f.parts[i]!;
  if (part.role === 'co') {
    const lead = f.parts[0]!;
    const to = lead.ack?.responsible ?? deptOf(env, lead)!.mainHead;
    effects.push({
      type: 'inform',
      itemId: item.id,
      to: { person: to },
      about: `co_report:${i}:${report.n}`,
    });
    if (report.kind === 'progress') openReportStep(item, i, env, effects, 'completion');
    return;
  }
  if (report.kind === 'progress') {
    effects.push({
      type: 'inform',
      itemId: item.id,
      to: { person: f.leader },
      about: `progress:${report.n}`,
    });
    openReportStep(item, i, env, effects, 'completion');
    return;
  }
  const id = stepId.accept(report.n);
  item.steps.push(
    withDefaultDeadline(
      item,
      openStep({
        id,
        kind: 'approve',
        title: '交办领导审定办理情况（销号）',
        party: f.leader,
        rule: '§58',
        at: env.now.toISOString(),
        recused: [report.by],
      }),
      env,
    ),
  );
  const acting = actingFor(f.leader, env.today, env.org, env.away, [report.by]);
  effects.push({
    type: 'ask',
    itemId: item.id,
    stepId: id,
    to: acting.person,
    onBehalfOf: acting.onBehalfOf,
  });
}

/** 主要负责人审定 (§56): approve the report so it goes up, or return it to be redone with a comment. */
export function reviewReport(
  current: InstructionItem,
  a: { stepId: string; actor: string; approve: boolean; comment?: string },
  env: Env,
): InstructionTransition {
  if (current.status !== 'in_progress') return refuse('closed');
  const found = activeStepOf(current, a.stepId, 'review');
  if (!found.ok) return found;
  const { ref, step: step0 } = found;
  const reviewer = step0.parties[0]!;
  const recused = step0.recused ?? [];
  if (recused.includes(a.actor)) return refuse('own_case');
  const may = mayActFor(reviewer, a.actor, env, recused);
  if (!may.ok) return refuse('not_main_head', reviewer);
  const comment = a.comment?.trim();
  if (!a.approve && !comment) return refuse('reason_required');

  const item = structuredClone(current);
  const report = item.fields.parts[ref.part]!.reports[ref.n - 1]!;
  const d = { stepId: a.stepId, actor: a.actor, onBehalfOf: may.onBehalfOf, yes: a.approve, comment };
  report.review = {
    ...decideStep(item, d, env, a.approve ? 'review_approve' : 'review_return'),
    approved: a.approve,
  };
  const effects: Effect[] = [];
  if (a.approve) onApproved(item, ref.part, report, env, effects);
  else {
    effects.push({
      type: 'inform',
      itemId: item.id,
      to: { person: report.by },
      about: `returned:${ref.part}:${ref.n}`,
      detail: comment,
    });
    openReportStep(item, ref.part, env, effects, report.kind);
  }
  effects.push({ type: 'refresh', itemId: item.id });
  return { ok: true, item, effects };
}

/**
 * 销号 (§58): the issuing leader — or the supervision office, or whoever acts for the leader (§8) —
 * accepts the lead department's combined report, which closes the item, or sends it back with a comment.
 */
export function decideAcceptance(
  current: InstructionItem,
  a: { stepId: string; actor: string; accept: boolean; comment?: string },
  env: Env,
): InstructionTransition {
  const ok = leaderDecision(current, { ...a, yes: a.accept }, 'accept', env, true);
  if (!ok.ok) return ok;
  const { ref, comment } = ok;

  const item = structuredClone(current);
  const f = item.fields;
  const at = env.now.toISOString();
  const d = {
    stepId: a.stepId,
    actor: a.actor,
    onBehalfOf: ok.onBehalfOf,
    capacity: ok.capacity,
    yes: a.accept,
    comment,
  };
  const signed = decideStep(item, d, env, a.accept ? 'close_out' : 'send_back');
  f.parts[0]!.reports[ref.n - 1]!.verdict = { ...signed, accepted: a.accept };
  const effects: Effect[] = [];
  if (a.accept) {
    item.status = 'closed';
    item.closedAt = at;
    f.closedOn = env.today;
    for (const s of item.steps) if (s.status === 'active' || s.status === 'waiting') s.status = 'cancelled';
    const told = new Set<string>();
    for (const p of f.parts) {
      const dept = deptOf(env, p);
      for (const person of [p.ack?.responsible, dept?.mainHead]) if (person) told.add(person);
    }
    if (f.issuedBy !== f.leader) told.add(f.issuedBy);
    if (a.actor !== f.leader) told.add(f.leader);
    told.delete(a.actor);
    for (const person of told)
      effects.push({ type: 'inform', itemId: item.id, to: { person }, about: 'closed' });
  } else {
    const lead = f.parts[0]!;
    const told = new Set([lead.ack!.responsible, deptOf(env, lead)!.mainHead]);
    // The supervision office (or an acting leader) sent it back: the issuing leader hears of it too.
    if (a.actor !== f.leader) {
      effects.push({
        type: 'inform',
        itemId: item.id,
        to: { person: f.leader },
        about: `sent_back_for:${ref.n}`,
        detail: comment,
      });
    }
    for (const person of told) {
      effects.push({
        type: 'inform',
        itemId: item.id,
        to: { person },
        about: `sent_back:${ref.n}`,
        detail: comment,
      });
    }
    openReportStep(item, 0, env, effects, 'completion');
  }
  effects.push({ type: 'refresh', itemId: item.id });
  return { ok: true, item, effects };
}

export { decideExtension, requestExtension } from './extension.ts';
