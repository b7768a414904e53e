import type { Step, StepResponse, WorkflowItem } from '../src/domain/engine/types.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { beijingDate, beijingTime, type DateStr, formatCn } from '../src/domain/time.ts';
import { deadlineNote } from './deadline-note.ts';
import { esc, strong } from './markdown.ts';

const ANSWER_LABEL: Record<StepResponse['answer'], string> = {
  approve: '同意',
  reject: '不同意',
  agree: '同意',
  agree_with_comments: '原则同意（有意见）',
  disagree: '不同意',
  no_objection_deadline: '逾期未回复，视为无不同意见',
  acknowledged: '已签收',
  notified: '已知悉',
};

export const nameOf = (org: OrgIndex, id: string): string =>
  id === 'system' ? '系统' : (org.person(id)?.name ?? id);

export function when(iso: string, today: DateStr): string {
  const d = new Date(iso);
  return `${formatCn(beijingDate(d), today)} ${beijingTime(d)}`;
}

/** 张三 同意（11月26日 10:20）, or 李四 同意（代 张三，…） for a decision taken on someone's behalf (代批). */
export function responseLine(r: StepResponse, org: OrgIndex, today: DateStr): string {
  const behalf = r.onBehalfOf && r.actor !== 'system' ? `（代 ${nameOf(org, r.onBehalfOf)}）` : '';
  const who = r.actor === 'system' ? nameOf(org, r.party) : `${nameOf(org, r.actor)}${behalf}`;
  const comment = r.comment ? `：${esc(r.comment, { max: 300 })}` : '';
  return `${who} ${strong(ANSWER_LABEL[r.answer])}${comment}（${when(r.at, today)}）`;
}

const ICON: Record<Step['status'], string> = {
  waiting: '○',
  active: '⏳',
  done: '✅',
  rejected: '❌',
  cancelled: '⊘',
};

/** One line per step, with its outcome or whom it waits on and until when. */
export function progressLines(item: WorkflowItem, org: OrgIndex, today: DateStr): string[] {
  return item.steps.map((s) => {
    const head = `${ICON[s.status]} ${strong(s.title)}${s.rule && s.rule !== '—' ? `（${s.rule}）` : ''}`;
    if (s.status === 'waiting' || s.status === 'cancelled') {
      return `${head}：${s.parties.map((p) => nameOf(org, p)).join('、')}`;
    }
    const answered = s.responses.map((r) => responseLine(r, org, today));
    const owed = s.parties.filter((p) => !s.responses.some((r) => r.party === p));
    const waiting =
      s.status === 'active' && owed.length > 0
        ? [
            `待 ${owed.map((p) => nameOf(org, p)).join('、')} 办理${s.deadline ? `，${formatCn(s.deadline.due, today)}前${deadlineNote(s.deadline, today)}` : ''}`,
          ]
        : [];
    return [head, ...[...answered, ...waiting].map((l) => `　${l}`)].join('\n');
  });
}
