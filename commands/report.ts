import { z } from 'zod';
import { anyone, defineCommand } from '../src/bot/command.ts';
import { usageReply } from '../src/bot/replies.ts';
import { renderEnvOf } from '../src/bot/workflow.ts';
import { submitReport } from '../src/domain/instruction/instruction.ts';
import { reportsOwedBy, reviewerOf } from '../src/domain/instruction/queries.ts';
import type { InstructionItem, ReportKind } from '../src/domain/instruction/types.ts';
import { INSTRUCTION_LIMITS } from '../src/domain/instruction/validate.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { runInstruction } from './instruct-run.ts';
import { sendStepCard } from './todo.ts';

export const REPORT_USAGE = [
  '/反馈　（重新发送待报送的批示卡片）',
  '/反馈 I0001 办结 已完成排查，共整改隐患12处',
  '/反馈 I0001 进展 已召开专题会议部署 附件:https://…',
];

// A Map, never an object: `/反馈 I0001 __proto__ …` must not make Object.prototype a report kind.
const KIND_WORDS = new Map<string, ReportKind>([
  ['进展', 'progress'],
  ['进展情况', 'progress'],
  ['办结', 'completion'],
  ['办理情况', 'completion'],
  ['完成', 'completion'],
]);

const ATTACHMENT_RE = /(?:附件[:：]\s*(\S+))|(https?:\/\/\S+)/;

/** `[编号] [进展|办结] 内容 [附件:…]` → its parts; the attachment may be a link or a Lark file key. */
export function parseReportLine(text: string): {
  id?: string;
  kind?: ReportKind;
  text: string;
  attachment?: string;
} {
  let rest = text.trim();
  let id: string | undefined;
  let kind: ReportKind | undefined;
  const first = /^([A-Za-z]\d{4})(?:\s+|$)/.exec(rest);
  if (first) {
    id = first[1]!.toUpperCase();
    rest = rest.slice(first[0].length);
  }
  const word = /^(\S+)(?:\s+|$)/.exec(rest);
  if (word && KIND_WORDS.has(word[1]!)) {
    kind = KIND_WORDS.get(word[1]!);
    rest = rest.slice(word[0].length);
  }
  const att = ATTACHMENT_RE.exec(rest);
  const attachment = att ? (att[1] ?? att[2]) : undefined;
  if (att) rest = (rest.slice(0, att.index) + rest.slice(att.index + att[0].length)).trim();
  return {
    ...(id ? { id } : {}),
    ...(kind ? { kind } : {}),
    text: rest.trim(),
    ...(attachment ? { attachment } : {}),
  };
}

/** The answer to a report: who reviews it next (§56); a main head never reviews their own. */
export function reportedText(item: InstructionItem, author: string, org: OrgIndex): string {
  const reviewer = reviewerOf(item, author);
  const name = reviewer ? (org.person(reviewer)?.name ?? '') : '';
  return reviewer && org.isLeader(reviewer)
    ? `已报送 ${item.id}。报告由您本人（本单位主要负责人）报送，按规定不能自行审定，已送分管副区长 ${name} 审定后上报（§56）。`
    : `已报送 ${item.id}，待本单位主要负责人审定后上报（§56）。`;
}

export const reportCommand = defineCommand({
  name: 'report',
  aliases: ['反馈', 'report'],
  summary: '报送批示办理情况或进展情况（§56）',
  usage: REPORT_USAGE,
  who: anyone,
  maxLength: INSTRUCTION_LIMITS.report + 200,
  args: z
    .string()
    .refine(
      (s) => [...s].length <= INSTRUCTION_LIMITS.report + 200,
      `报告最多${INSTRUCTION_LIMITS.report}字，请精简后再报送。`,
    ),
  async run(ctx, rest) {
    const me = ctx.actor.person.id;
    const line = parseReportLine(rest);
    const owed = reportsOwedBy(Object.values(ctx.store.data.items), me, ctx.org).filter(
      (o) => !line.id || o.item.id === line.id,
    );
    if (!line.text) {
      // Nothing to report yet: the report cards come again, with the form to fill in.
      if (owed.length === 0) {
        await ctx.reply(line.id ? `${line.id} 没有等待您所在部门报送的报告。` : '目前没有等待您报送的批示。');
        return;
      }
      await ctx.transact((data, out) => {
        for (const o of owed) sendStepCard(data, out, o.item, o.stepId, me, renderEnvOf(ctx));
      });
      return;
    }
    // Without a number: the one report owed, or the one the person is named responsible for.
    const mine = owed.filter((o) => o.mine);
    const target =
      line.id ?? (owed.length === 1 ? owed[0] : mine.length === 1 ? mine[0] : undefined)?.item.id;
    if (!target) {
      const list = owed.map((o) => `${o.item.id} ${o.item.title}`).join('\n');
      await ctx.reply(
        owed.length === 0
          ? '目前没有等待您报送的批示。'
          : usageReply(reportCommand, `您有${owed.length}件批示待报送，请写明编号：\n${list}`),
      );
      return;
    }
    const part = owed.find((o) => o.item.id === target)?.part;
    await runInstruction(
      ctx,
      target,
      (item, env) =>
        submitReport(
          item,
          { actor: me, text: line.text, kind: line.kind, attachment: line.attachment, part },
          env,
        ),
      (r) => {
        return r.ok ? reportedText(r.item, me, ctx.org) : r.text;
      },
    );
  },
});
