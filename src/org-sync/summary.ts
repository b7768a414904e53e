import type { OrgIndex } from '../domain/org.ts';
import type { OrgChanges } from '../domain/org-change/diff.ts';
import type { StepMove, StrandedStep } from '../domain/org-change/reassign.ts';

const MAX = 15;

function list(items: string[]): string {
  return items.length > MAX ? `${items.slice(0, MAX).join('、')} 等 ${items.length} 项` : items.join('、');
}

const ROLE_WORDS: Record<string, string> = {
  head: '区长',
  executiveViceHead: '常务副区长',
  viceHeads: '副区长及 AB 角',
  designatedPresider: '指定主持工作的副区长',
  officeDirector: '政府办主任',
  'departments.supervisor': '分管副区长',
  'departments.function': '职能单位（政府办、司法局、督查室、财政局）',
  'departments.kind': '单位类别',
  'departments.name': '单位名称',
  chats: '工作群',
  schedule: '日报时间',
  district: '区名',
};

/**
 * The message the government office group gets when the org changed: who joined and left, whose unit
 * or main head changed, which waiting steps followed their role, and which still wait on someone gone.
 */
export function buildOrgChangeText(o: {
  source: 'lark' | 'file';
  changes: OrgChanges;
  moves: StepMove[];
  stranded: StrandedStep[];
  prev: OrgIndex;
  next: OrgIndex;
}): string {
  const { changes: c, prev, next } = o;
  const name = (id: string) => next.person(id)?.name ?? prev.person(id)?.name ?? id;
  const unit = (place: string | undefined) => {
    if (!place) return '（无单位）';
    const [id, as] = place.split(':');
    const d = next.department(id!) ?? prev.department(id!);
    return `${d?.name ?? id}${as === 'deputy' ? '负责人' : ''}`;
  };
  const lines = [`组织架构已更新（${o.source === 'lark' ? '来自飞书通讯录' : '组织架构文件已修改'}）：`];
  if (c.joined.length > 0)
    lines.push(
      `· 新增 ${c.joined.length} 人：${list(c.joined.map((p) => `${p.name}（${p.title}）`))}，即日起可使用机器人`,
    );
  if (c.left.length > 0)
    lines.push(`· 离开 ${c.left.length} 人：${list(c.left.map((p) => `${p.name}（${p.title}）`))}`);
  for (const m of c.mainHeads) lines.push(`· ${m.unit.name} 主要负责人：${name(m.from)} → ${name(m.to)}`);
  if (c.moved.length > 0)
    lines.push(
      `· 岗位变动 ${c.moved.length} 人：${list(c.moved.map((m) => `${name(m.person)} ${unit(m.from)} → ${unit(m.to)}`))}`,
    );
  if (c.renamed.length > 0)
    lines.push(
      `· 姓名或职务变更 ${c.renamed.length} 人：${list(c.renamed.map((r) => `${r.before.name}（${r.before.title}）→ ${r.after.name}（${r.after.title}）`))}`,
    );
  if (c.unitsAdded.length > 0) lines.push(`· 新增单位：${list(c.unitsAdded.map((d) => d.name))}`);
  if (c.unitsRemoved.length > 0) lines.push(`· 撤销单位：${list(c.unitsRemoved.map((d) => d.name))}`);
  if (c.roles.length > 0) lines.push(`· 角色设置变更：${c.roles.map((r) => ROLE_WORDS[r] ?? r).join('、')}`);
  if (o.moves.length > 0) {
    lines.push(
      `· ${o.moves.length} 项待办已随岗位转交：${list(
        o.moves.map(
          (m) =>
            `${m.itemId}「${m.title}」${m.from ? name(m.from) : ''} → ${m.to ? name(m.to) : '（不再需要）'}`,
        ),
      )}`,
    );
  }
  if (o.stranded.length > 0) {
    lines.push(
      `· 以下 ${o.stranded.length} 项待办仍在等待已离开的人员，请政府办跟进（改派或撤回）：${list(
        o.stranded.map((s) => `${s.itemId}「${s.itemTitle}」${s.title}（${name(s.person)}）`),
      )}`,
    );
  }
  return lines.join('\n');
}
