import { z } from 'zod';
import { INSTRUCTION_ACTIONS as A, buildInstructionOverviewCard } from '../cards/instruction.ts';
import { buildInstructionFormCard } from '../cards/instruction-form.ts';
import { defineCardAction, toast } from '../src/bot/card-action.ts';
import type { Context } from '../src/bot/context.ts';
import { INPUT_LIMITS } from '../src/bot/limits.ts';
import { ownItem } from '../src/bot/lookup.ts';
import { filedFrom, onceFiled, redraw, renderEnvOf } from '../src/bot/workflow.ts';
import type { Env } from '../src/domain/engine/engine.ts';
import {
  acknowledge,
  decideAcceptance,
  decideExtension,
  requestExtension,
  reviewReport,
  submitReport,
} from '../src/domain/instruction/instruction.ts';
import type { InstructionItem, InstructionTransition, ReportKind } from '../src/domain/instruction/types.ts';
import { INSTRUCTION_LIMITS } from '../src/domain/instruction/validate.ts';
import { formatCn } from '../src/domain/time.ts';
import { DATE_FIELD_MAX, parseDate } from '../src/parse/dates.ts';
import { issuedText, submitInstruction } from './instruct.ts';
import { type RunResult, runInstruction } from './instruct-run.ts';
import { reportedText } from './report.ts';

const formValue = z.record(z.string(), z.unknown()).default({});
const itemId = z.string().max(40);
const part = z.number().int().min(0).max(20);
const stepId = z.string().max(20);
const answer = z.enum(['yes', 'no']);

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : undefined;
const strs = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : typeof v === 'string' && v
      ? [v]
      : [];
const cut = (s: string | undefined, max: number) =>
  s === undefined ? undefined : [...s].slice(0, max).join('');

/** The tapped item's redraw even when the transition was refused (so a stale card catches up). */
function reply(ctx: Context, id: string, r: RunResult, done: string) {
  const item = ownItem(ctx.store.data, id) as InstructionItem | undefined;
  const card = item && redraw(ctx, item);
  return r.ok ? toast('success', done, card) : toast('warning', r.text, card);
}

export const instructionSubmitAction = defineCardAction({
  action: A.submit,
  fieldLimits: [
    { name: 'urgentDue', label: '办结时限', max: DATE_FIELD_MAX },
    { name: 'text', label: '批示内容', max: INPUT_LIMITS.formField },
  ],
  schema: z.object({ action: z.literal(A.submit), form: formValue }),
  async run(ctx, v) {
    const filed = filedFrom(ctx.store.data, ctx.inbound.kind === 'card' ? ctx.inbound.messageId : '');
    if (filed) return onceFiled(ctx, filed);
    const f = v.form;
    const due = str(f.urgentDue)?.trim();
    const parsed = due ? parseDate(due, ctx.now) : undefined;
    const input = {
      text: cut(str(f.text), INSTRUCTION_LIMITS.text + 1),
      lead: str(f.lead),
      co: strs(f.co),
      class: str(f.class),
      urgentDue: parsed?.ok ? parsed.date : due,
      progress: str(f.progress) === 'yes',
      leader: str(f.leader),
    };
    const messageId = ctx.inbound.kind === 'card' ? ctx.inbound.messageId : undefined;
    const r = await submitInstruction(ctx, input, messageId);
    if ('problems' in r) {
      return toast(
        'error',
        `请修改后再提交：${r.problems[0]}${r.problems.length > 1 ? ` 等${r.problems.length}项` : ''}`,
        buildInstructionFormCard({
          org: ctx.org,
          forLeader: !ctx.org.isLeader(ctx.actor.person.id),
          values: input,
          problems: r.problems,
        }),
      );
    }
    if (!r.ok && r.filed) return onceFiled(ctx, r.filed);
    if (!r.ok) return toast('warning', r.text);
    const rec = {
      itemId: r.item.id,
      view: 'overview',
      person: ctx.actor.person.id,
      sentAt: ctx.now.toISOString(),
    };
    return toast(
      'success',
      issuedText(r.item, ctx),
      buildInstructionOverviewCard(r.item, rec, renderEnvOf(ctx)),
    );
  },
});

export const instructionAckAction = defineCardAction({
  action: A.ack,
  schema: z.object({ action: z.literal(A.ack), item: itemId, part, form: formValue }),
  async run(ctx, v) {
    const responsible = str(v.form.responsible)?.trim() || undefined;
    const r = await runInstruction(ctx, v.item, (item, env) =>
      acknowledge(item, { part: v.part, actor: ctx.actor.person.id, responsible }, env),
    );
    return reply(ctx, v.item, r, '已签收，已报告本单位主要负责人（§56）');
  },
});

export const instructionReportAction = defineCardAction({
  action: A.report,
  fieldLimits: [{ name: 'attachment', label: '附件', max: 300 }],
  schema: z.object({ action: z.literal(A.report), item: itemId, part, form: formValue }),
  async run(ctx, v) {
    const kind = str(v.form.kind) === 'progress' ? 'progress' : ('completion' as ReportKind);
    const text = cut(str(v.form.text), INSTRUCTION_LIMITS.report) ?? '';
    const attachment = cut(str(v.form.attachment), 300);
    const r = await runInstruction(ctx, v.item, (item, env) =>
      submitReport(item, { actor: ctx.actor.person.id, part: v.part, kind, text, attachment }, env),
    );
    return reply(ctx, v.item, r, r.ok ? reportedText(r.item, ctx.actor.person.id, ctx.org) : '');
  },
});

/** A yes/no answer on a step, with an optional comment: a review (§56), a close-out or an extension (§58). */
function decisionAction(
  action: string,
  decide: (item: InstructionItem, a: Decided, env: Env) => InstructionTransition,
  done: (yes: boolean) => string,
) {
  return defineCardAction({
    action,
    fieldLimits: [{ name: 'comment', label: '意见', max: 500 }],
    schema: z.object({ action: z.literal(action), item: itemId, step: stepId, answer, form: formValue }),
    async run(ctx, v) {
      const comment = cut(str(v.form.comment), 500);
      const yes = v.answer === 'yes';
      const r = await runInstruction(ctx, v.item, (item, env) =>
        decide(item, { stepId: v.step, actor: ctx.actor.person.id, yes, comment }, env),
      );
      return reply(ctx, v.item, r, done(yes));
    },
  });
}

type Decided = { stepId: string; actor: string; yes: boolean; comment: string | undefined };

export const instructionReviewAction = decisionAction(
  A.review,
  (item, { yes, ...a }, env) => reviewReport(item, { ...a, approve: yes }, env),
  (yes) => (yes ? '已审定，报告已上报' : '已退回修改'),
);

export const instructionAcceptAction = decisionAction(
  A.accept,
  (item, { yes, ...a }, env) => decideAcceptance(item, { ...a, accept: yes }, env),
  (yes) => (yes ? '已验收，予以销号（§58）' : '已退回牵头部门重办'),
);

export const instructionExtensionAction = decisionAction(
  A.extension,
  (item, { yes, ...a }, env) => decideExtension(item, { ...a, grant: yes }, env),
  (yes) => (yes ? '已同意延期' : '已答复：不同意延期'),
);

export const instructionExtendAction = defineCardAction({
  action: A.extend,
  fieldLimits: [
    { name: 'to', label: '申请延至', max: DATE_FIELD_MAX },
    { name: 'reason', label: '延期理由', max: 500 },
  ],
  schema: z.object({ action: z.literal(A.extend), item: itemId, part, form: formValue }),
  async run(ctx, v) {
    const raw = str(v.form.to)?.trim() ?? '';
    const d = parseDate(raw, ctx.now);
    const to = d.ok ? d.date : raw;
    const reason = cut(str(v.form.reason), 500) ?? '';
    const r = await runInstruction(ctx, v.item, (item, env) =>
      requestExtension(item, { actor: ctx.actor.person.id, part: v.part, to, reason }, env),
    );
    return reply(
      ctx,
      v.item,
      r,
      d.ok ? `已申请延至${formatCn(d.date, ctx.today)}，待交办领导审批` : '已申请',
    );
  },
});

export const instructionActions = [
  instructionSubmitAction,
  instructionAckAction,
  instructionReportAction,
  instructionReviewAction,
  instructionAcceptAction,
  instructionExtendAction,
  instructionExtensionAction,
];
