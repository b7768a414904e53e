import type { RenderEnv } from '../src/bot/render.ts';
import { registerKind } from '../src/bot/render.ts';
import type { DutyItem } from '../src/domain/duty.ts';
import { act } from '../src/domain/engine/engine.ts';
import { formatCn } from '../src/domain/time.ts';
import type { CardRecord } from '../src/store/schema.ts';
import { type Card, card, form, input, md } from './card.ts';
import { deadlineNote } from './deadline-note.ts';
import { progressLines } from './progress.ts';
import { STATUS, STEP_DECIDE } from './step-card.ts';

/** §70 monthly list card: what is asked, by when, and a 已报送 button while it is owed. */
export function buildDutyCard(item: DutyItem, rec: CardRecord, env: RenderEnv): Card {
  const step = item.steps[0]!;
  const [y, m] = item.fields.period.split('-');
  const elements = [
    md(
      `请汇总贵单位 **${y}年${Number(m)}月** 收到的上级对口部门日常工作部署性和行业管理要求类公文目录，连同文件副本报送区政府办公室（§70）。${
        step.deadline
          ? `\n**截止**：${formatCn(step.deadline.due, env.today)}${deadlineNote(step.deadline, env.today)}`
          : ''
      }`,
    ),
    md(progressLines(item, env.org, env.today).join('\n')),
  ];
  if (step.status === 'active' && rec.person && item.status === 'in_progress') {
    elements.push(
      form('duty', [input('comment', '备注（可选）', { placeholder: '例如：共12件，已交政府办' })], {
        label: '已报送',
        value: {
          action: STEP_DECIDE,
          item: item.id,
          step: step.id,
          round: item.round,
          answer: 'acknowledged',
        },
      }),
    );
  }
  return card(
    `月度来文目录报送 · ${item.title}`,
    STATUS[item.status].template,
    elements,
    `${item.id} · ${STATUS[item.status].label}`,
  );
}

registerKind('duty', {
  card: (item, rec, env) => buildDutyCard(item as DutyItem, rec, env),
  inform: () => undefined,
  decide: (item, a, env) => act(item, a, env),
});
