import type { Waiting } from '../src/domain/ledger/todo.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { type DateStr, diffDays, formatCn } from '../src/domain/time.ts';
import { button, type Card, card, type Element, md } from './card.ts';
import { WORK_LABEL } from './kind-labels.ts';
import { esc, strong } from './markdown.ts';
import { nameOf, when } from './progress.ts';

/** The `value.action` of a todo's 打开 button: the step's card is sent again to the one who taps. */
export const TASKS_OPEN = 'todo.open';

/** Entries a todo card lists (Lark cards stay under 30 KB); the rest are counted. */
export const TASKS_CARD_MAX = 20;

function dueText(due: DateStr | undefined, today: DateStr): string {
  if (!due) return '';
  const d = diffDays(today, due);
  if (d < 0) return `｜<font color='red'>已逾期${-d}天（${formatCn(due, today)}到期）</font>`;
  return d === 0 ? `｜<font color='red'>今天到期</font>` : `｜${formatCn(due, today)}前`;
}

/** 我的待办: every step waiting on the person, oldest first, each with a button that opens it. */
export function buildTodoCard(list: Waiting[], org: OrgIndex, today: DateStr): Card {
  if (list.length === 0) return card('我的待办', 'green', [md('目前没有等待您办理的事项。')]);
  const elements: Element[] = list.slice(0, TASKS_CARD_MAX).map((w) => {
    const behalf = w.onBehalfOf ? `（代 ${nameOf(org, w.onBehalfOf)}，§8）` : '';
    const text = `${strong(w.itemId)} ${WORK_LABEL[w.workClass]} · ${esc(w.title, { max: 40 })}\n${esc(w.stepTitle)}${behalf}｜${when(w.since, today)}起${dueText(w.due, today)}`;
    return {
      tag: 'column_set',
      columns: [
        { tag: 'column', width: 'weighted', weight: 5, elements: [md(text)] },
        {
          tag: 'column',
          width: 'auto',
          vertical_align: 'center',
          elements: [button('打开', { action: TASKS_OPEN, item: w.itemId, step: w.stepId }, 'primary')],
        },
      ],
    };
  });
  if (list.length > TASKS_CARD_MAX)
    elements.push(md(`另有${list.length - TASKS_CARD_MAX}项，请先办理以上事项。`));
  return card(
    `我的待办（${list.length}项）`,
    list.some((w) => w.due && w.due < today) ? 'red' : 'blue',
    elements,
  );
}
