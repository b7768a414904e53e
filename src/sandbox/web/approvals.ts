import type { Bot } from '../../app.ts';
import type { OrgIndex } from '../../domain/org.ts';
import type { CenterEntry } from '../approval-center.ts';
import type { SandboxLark } from '../lark-server.ts';
import { type Driver, DriverError, type Json } from './driver.ts';

const text = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');

/**
 * Each person's Approval Center beside their chats (待办 / 已办 / 已发起 / 抄送我), and a tap on 同意 or
 * 拒绝 there: the sandbox Lark calls the bot's quick-approval callback as the Approval Center would.
 */
export function createApprovalPage(d: {
  lark: SandboxLark;
  org: OrgIndex;
  bot: Pick<Bot, 'approvalCenter'>;
  driver: Driver;
}) {
  const nameOf = (openId: string | undefined) => (openId ? d.org.personByOpenId(openId)?.name : undefined);
  return {
    view(personId: string) {
      const me = d.driver.person(personId);
      const enabled = Boolean(d.bot.approvalCenter);
      const center = d.lark.approvalCenterOf(me.openId);
      const named = (list: CenterEntry[]) =>
        list.map((e) => ({ ...e, submitterName: e.submitterName ?? nameOf(e.submitter) ?? '' }));
      return {
        enabled,
        quick: Boolean(d.bot.approvalCenter?.settings.callback),
        todo: named(center.todo),
        done: named(center.done),
        started: named(center.started),
        cc: named(center.cc),
      };
    },
    async act(b: Json) {
      const me = d.driver.person(text(b.as, 100));
      const action = b.action === 'APPROVE' || b.action === 'REJECT' ? b.action : undefined;
      if (!action) throw new DriverError(400, 'action must be APPROVE or REJECT');
      const r = await d.lark.quickApprove({
        openId: me.openId,
        instanceId: text(b.instanceId, 200),
        taskId: text(b.taskId, 200),
        action,
        reason: text(b.reason, 2000),
      });
      if (!r.sent) return { toast: { type: 'warning', content: r.error } };
      // The bot answers, then syncs the result back: wait for it, as the list will show it.
      await d.driver.settle();
      if (r.status === 200) {
        return { toast: { type: 'success', content: action === 'APPROVE' ? '已同意' : '已拒绝' }, ms: r.ms };
      }
      const message = (r.body as { message?: unknown } | undefined)?.message;
      return {
        toast: {
          type: 'warning',
          content: typeof message === 'string' ? message : `处理失败（HTTP ${r.status}）`,
        },
      };
    },
  };
}
