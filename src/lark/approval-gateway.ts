import type * as lark from '@larksuiteoapi/node-sdk';
import type { DefinitionBody, InstanceBody } from './approval-types.ts';
import { callLark, toLarkError } from './errors.ts';

export interface CheckEntry {
  instance_id: string;
  update_time: string;
  tasks: Array<{ task_id: string; update_time: string }>;
}

/** The Approval Center (三方审批) calls, through the official SDK's approval v4 methods. */
export interface ApprovalGateway {
  /** Creates or updates a definition; the code the Approval Center files its instances under. */
  upsertDefinition(body: DefinitionBody): Promise<string>;
  syncInstance(approvalCode: string, body: InstanceBody): Promise<void>;
  /** The instances whose times differ from ours (missing ones answer update_time "0"). */
  check(instances: CheckEntry[]): Promise<CheckEntry[]>;
  /** The open_id of a tenant user_id (the quick-approval callback names its operator by user_id). */
  openIdOf(userId: string): Promise<string | undefined>;
}

export function createApprovalGateway(client: lark.Client): ApprovalGateway {
  const v4 = client.approval.v4;
  return {
    async upsertDefinition(body) {
      const res = await callLark(
        v4.externalApproval.create({ data: body, params: { user_id_type: 'open_id' } }),
      );
      const code = res.data?.approval_code;
      if (!code) throw toLarkError(new Error('external_approvals answered no approval_code'));
      return code;
    },
    async syncInstance(approvalCode, body) {
      await callLark(v4.externalInstance.create({ data: { ...body, approval_code: approvalCode } }));
    },
    async check(instances) {
      const res = await callLark(v4.externalInstance.check({ data: { instances } }));
      return (res.data?.diff_instances ?? []).map((d) => ({
        instance_id: d.instance_id,
        // The answer's times are strings (a number in some reports): read either.
        update_time: String(d.update_time ?? '0'),
        tasks: (d.tasks ?? []).map((t) => ({
          task_id: t.task_id,
          update_time: String(t.update_time ?? '0'),
        })),
      }));
    },
    async openIdOf(userId) {
      try {
        const res = await callLark(
          client.contact.v3.user.get({ path: { user_id: userId }, params: { user_id_type: 'user_id' } }),
        );
        return res.data?.user?.open_id || undefined;
      } catch (err) {
        // 41050 no such user / outside the app's contact range: nobody we know.
        const e = toLarkError(err);
        if (!e.retryable && e.status !== undefined && e.status < 500) return undefined;
        throw e;
      }
    },
  };
}
