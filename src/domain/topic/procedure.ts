import { type DateStr, formatCn, isValidDate } from '../time.ts';
import {
  type MajorProcedure,
  PROCEDURE_KEYS,
  PROCEDURE_LABEL,
  type ProcedureKey,
  type ProcedureStep,
} from './types.ts';

/** One statutory step as typed on the form: done or not applicable, and its particulars. */
export interface ProcedureStepInput {
  /** 'done' | 'na'. */
  state?: string;
  /** What was done — or, not applicable, why. */
  what?: string;
  by?: string;
  on?: string;
  material?: string;
}

export type ProcedureInput = Partial<Record<ProcedureKey, ProcedureStepInput>>;

export const PROCEDURE_LIMITS = { what: 200, by: 60, material: 200 } as const;

const len = (s: string) => [...s].length;

/**
 * 重大决策法定程序 (§22): public participation, expert argument and risk assessment, each recorded with what
 * was done, when, by whom and its material (a link or a file name), or marked not applicable with a
 * reason, which every later approver sees. Where the public interest is touched (§24 “涉及重大公共利益和
 * 公众权益、容易引发社会稳定问题的”), public participation and a risk assessment that covers social
 * stability are not optional (§24, §38 “涉及重大公共利益的，要向社会公开征求意见”). Legality review and
 * the collective decision are the route's own steps (§25, §23).
 */
export function checkProcedure(
  input: ProcedureInput,
  publicInterest: boolean | undefined,
  today: DateStr,
  problems: string[],
): MajorProcedure | undefined {
  if (publicInterest === undefined) {
    problems.push('重大决策请选择是否涉及重大公共利益和公众权益（§24）');
  }
  const out: Partial<MajorProcedure> = {};
  for (const key of PROCEDURE_KEYS) {
    const label = PROCEDURE_LABEL[key];
    const v = input[key] ?? {};
    const what = (v.what ?? '').trim();
    const required = publicInterest === true && key !== 'expert';
    if (v.state !== 'done' && v.state !== 'na') {
      problems.push(`重大决策须写明${label}情况：已开展，或不适用并说明理由（§22）`);
      continue;
    }
    if (len(what) > PROCEDURE_LIMITS.what) {
      problems.push(`${label}情况最多${PROCEDURE_LIMITS.what}字，您填写了${len(what)}字`);
      continue;
    }
    if (v.state === 'na') {
      if (required) {
        problems.push(
          key === 'risk'
            ? '涉及重大公共利益的，须进行社会稳定风险评估，不能选择不适用（§24）'
            : '涉及重大公共利益的，须向社会公开征求意见，不能选择不适用（§24、§38）',
        );
      } else if (!what) problems.push(`${label}选择不适用的，须在情况说明中写明理由（§22）`);
      else out[key] = { done: false, reason: what };
      continue;
    }
    const step = doneStep(label, v, what, today, problems);
    if (step) out[key] = step;
  }
  return PROCEDURE_KEYS.every((k) => out[k]) ? (out as MajorProcedure) : undefined;
}

function doneStep(
  label: string,
  v: ProcedureStepInput,
  what: string,
  today: DateStr,
  problems: string[],
): ProcedureStep | undefined {
  const by = (v.by ?? '').trim();
  const on = (v.on ?? '').trim();
  const material = (v.material ?? '').trim();
  const before = problems.length;
  if (!what) problems.push(`请写明${label}做了什么（§22）`);
  if (!by) problems.push(`请写明${label}由谁组织实施`);
  else if (len(by) > PROCEDURE_LIMITS.by) problems.push(`${label}组织单位最多${PROCEDURE_LIMITS.by}字`);
  if (!on) problems.push(`请选择${label}的日期`);
  else if (!isValidDate(on)) problems.push(`${label}的日期“${on}”不是有效日期`);
  else if (on > today) problems.push(`${label}的日期${formatCn(on, today)}还没到，请在开展后填写`);
  if (!material) problems.push(`请填写${label}材料的链接或文件名`);
  else if (len(material) > PROCEDURE_LIMITS.material) {
    problems.push(`${label}材料最多${PROCEDURE_LIMITS.material}字`);
  }
  return problems.length > before ? undefined : { done: true, what, on, by, material };
}

/** A recorded procedure as the form shows it again (an amendment after a send-back). */
export function procedureInput(p: MajorProcedure | undefined): ProcedureInput | undefined {
  if (!p) return undefined;
  const out: ProcedureInput = {};
  for (const key of PROCEDURE_KEYS) {
    const s = p[key];
    out[key] = s.done
      ? { state: 'done', what: s.what, by: s.by, on: s.on, material: s.material }
      : { state: 'na', what: s.reason };
  }
  return out;
}
