import type { RenderEnv } from '../src/bot/render.ts';
import { type InstructionItem, REPORT_LABEL, SOURCE_NOUN } from '../src/domain/instruction/types.ts';
import { formatCn } from '../src/domain/time.ts';
import { deptName, verdictBy } from './instruction-facts.ts';
import { plainText } from './markdown.ts';
import { nameOf } from './progress.ts';

const SUMMARY = 300;

/** One-off notices of an instruction (the live cards are redrawn separately). */
export function instructionNotice(
  item: InstructionItem,
  about: string,
  env: RenderEnv,
  detail?: string,
): { view: string } | { text: string } | undefined {
  const f = item.fields;
  const { org, today } = env;
  const [what, a, b] = about.split(':');
  const part = a === undefined ? undefined : f.parts[Number(a)];
  const noun = SOURCE_NOUN[f.source];
  const quoted = `${item.id}“${plainText(item.title, 60)}”`;
  switch (what) {
    case 'issued':
      return { view: 'overview' };
    case 'acknowledged':
      return part?.ack
        ? {
            text: `【${noun}签收】${deptName(org, part.dept)} ${nameOf(org, part.ack.by)} 已签收${noun} ${quoted}，责任人 ${nameOf(org, part.ack.responsible)}，特此向您报告（§56）。办结时限：${formatCn(f.deadline.due, today)}。`,
          }
        : undefined;
    case 'co_report': {
      const r = part?.reports[Number(b) - 1];
      return part && r
        ? {
            text: `【协办报告】${deptName(org, part.dept)} 报送的${REPORT_LABEL[r.kind]}已经其主要负责人审定（${noun} ${quoted}）：\n${plainText(r.text, SUMMARY)}\n请牵头部门汇总后一并上报（§56）。`,
          }
        : undefined;
    }
    case 'progress': {
      const r = f.parts[0]?.reports[Number(a) - 1];
      return r
        ? {
            text: `【进展报告】${deptName(org, f.parts[0]!.dept)} 报送${noun} ${quoted} 的进展情况（已经主要负责人审定）：\n${plainText(r.text, SUMMARY)}`,
          }
        : undefined;
    }
    case 'returned':
      return {
        text: `您报送的${noun} ${quoted} 的报告被本单位主要负责人退回修改：${plainText(detail ?? '', SUMMARY)}\n请修改后重新报送（/反馈 ${item.id} 报告内容）。`,
      };
    case 'sent_back':
      return {
        text: `交办领导退回了${noun} ${quoted} 的办理情况：${plainText(detail ?? '', SUMMARY)}\n请补充完善后重新汇总报送（/反馈 ${item.id} 报告内容）。`,
      };
    case 'sent_back_for': {
      const v = f.parts[0]?.reports[Number(a) - 1]?.verdict;
      const by = v ? verdictBy(v, org) : '督查室';
      return {
        text: `【退回重办】${noun} ${quoted} 的办理情况已由 ${by} 退回牵头部门重办：${plainText(detail ?? '', SUMMARY)}\n特此告知交办领导（§58）。`,
      };
    }
    case 'closed': {
      const v = f.parts[0]?.reports.at(-1)?.verdict;
      const by = v ? verdictBy(v, org) : '交办领导';
      return { text: `【销号】${noun} ${quoted} 已经 ${by} 验收，予以销号（§58）。` };
    }
    case 'extension': {
      const e = f.extensions[Number(a) - 1];
      if (!e?.decision) return undefined;
      return {
        text: e.decision.granted
          ? `您为${noun} ${quoted} 申请的延期已获同意：办结时限由${formatCn(e.from, today)}延至${formatCn(e.to, today)}。`
          : `您为${noun} ${quoted} 申请的延期未获同意${e.decision.comment ? `：${plainText(e.decision.comment, SUMMARY)}` : ''}。办结时限仍为${formatCn(f.deadline.due, today)}。`,
      };
    }
    default:
      return undefined;
  }
}
