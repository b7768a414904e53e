import type { OrgSync, SyncOutcome } from '../../org-sync/sync.ts';
import { sandboxDepartmentId } from '../../sandbox-directory.ts';
import { departmentEventBody } from '../contact-directory.ts';
import { DriverError, type Json, type Toast } from './driver.ts';
import type { SandboxWebDeps } from './server.ts';

/** What the page says about a refresh: what changed, that nothing did, or why it was refused. */
function outcomeToast(o: SyncOutcome | undefined, people: number, units: number): Toast {
  if (!o) return { type: 'info', content: '没有读取通讯录' };
  if (o.applied) {
    const c = o.changes;
    const parts = [
      c.joined.length && `新增 ${c.joined.length} 人`,
      c.left.length && `离开 ${c.left.length} 人`,
      ...c.mainHeads.map((m) => `${m.unit.name}主要负责人变更`),
      o.moves.length && `${o.moves.length} 项待办随岗位转交`,
      o.stranded.length && `${o.stranded.length} 项待办待政府办跟进`,
    ].filter(Boolean);
    return {
      type: 'success',
      content: `组织架构已更新：${parts.join('，') || '人员与单位未变'}（详见区政府办公室工作群）`,
    };
  }
  if (o.reason === 'refused')
    return {
      type: 'error',
      content: `通讯录同步未生效，仍使用原组织架构：${o.problems.slice(0, 3).join('；')}`,
    };
  if (o.reason === 'not_import_mode')
    return {
      type: 'warning',
      content: '没有角色文件，组织架构只来自组织架构文件（见 README「组织架构来自飞书通讯录」）',
    };
  return { type: 'info', content: `已从沙箱通讯录读取 ${people} 人、${units} 个单位，组织架构没有变化` };
}

/**
 * The page's 通讯录 tools: read the sandbox tenant's directory as `npm run org:import` would and take it,
 * and play the Lark administrator who names a unit's new main head (Lark then sends
 * contact.department.updated_v3 to the bot, which follows it).
 */
export function createOrgActions(d: SandboxWebDeps & { settle(): Promise<void>; changed(): void }) {
  const sync = (): OrgSync => {
    if (!d.orgSync) throw new DriverError(409, '沙箱未启用通讯录同步');
    return d.orgSync;
  };
  const toast = (o: SyncOutcome | undefined) =>
    outcomeToast(o, d.org.people().length, d.org.departments().length);

  return {
    async refresh() {
      const r = await sync().refresh('sandbox page');
      await d.settle();
      d.changed();
      return { toast: toast(r) };
    },
    async mainHead(b: Json) {
      const s = sync();
      const unit = d.org.department(typeof b.unit === 'string' ? b.unit : '');
      if (!unit) throw new DriverError(400, '请选择单位');
      const person = typeof b.person === 'string' ? b.person : '';
      const members = [unit.mainHead, ...unit.deputies, ...unit.staff];
      if (!members.includes(person)) throw new DriverError(400, '请从该单位的人员中选择新的主要负责人');
      if (person === unit.mainHead) throw new DriverError(400, '此人已是该单位的主要负责人');
      const openId = (id: string) => {
        const o = d.org.openIdOf(id);
        if (!o) throw new DriverError(400, `${d.org.person(id)?.name ?? id} 没有飞书账号`);
        return o;
      };
      const larkId = unit.larkId ?? sandboxDepartmentId(unit.id);
      // The old main head stays on as a deputy, as an administrator would usually leave it.
      const deputies = [unit.mainHead, ...unit.deputies.filter((p) => p !== person)].map(openId);
      d.lark.contact.setLeaders(larkId, openId(person), deputies);
      const dept = d.lark.contact.department(larkId);
      if (!dept) throw new DriverError(409, `沙箱通讯录中没有部门 ${larkId}`);
      await d.events.post(d.events.envelope('contact.department.updated_v3', departmentEventBody(dept)));
      await s.idle();
      await d.settle();
      d.changed();
      return { toast: toast(s.last()) };
    },
  };
}
