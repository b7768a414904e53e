import { randomUUID } from 'node:crypto';
import { STEP_DECIDE } from '../../cards/step-card.ts';
import { answerFor } from '../domain/approval-center/tasks.ts';
import type { OrgIndex } from '../domain/org.ts';
import { restamp } from '../lark/approval-records.ts';
import type { ApprovalInstanceRecord, QuickApproval } from '../lark/approval-types.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/port.ts';
import type { Intake } from './intake.ts';
import { NOT_IN_ORG } from './replies.ts';

export interface CallbackAnswer {
  status: number;
  body: unknown;
}

const OK: CallbackAnswer = { status: 200, body: { code: 0, msg: 'success' } };

// The Approval Center shows `message` to the approver when the answer's HTTP status is above 400 and
// `without_prefix` is "true" (a string, as the callback's page types it).
const refused = (message: string): CallbackAnswer => ({
  status: 422,
  body: { message, without_prefix: 'true' },
});

const YES = new Set(['approve', 'agree', 'agree_with_comments']);
const LOOKUP_MS = 4000;

/**
 * A tap on 同意 / 拒绝 in the Approval Center, as a card tap: it goes through intake and dispatch to the
 * same `step.decide` action as the step card in the chat (who may decide, §8 acting, a reason for a no,
 * stale steps refused, once only). The callback names its operator by user_id, which is looked up once
 * as an open_id (the org knows people by open_id).
 */
export function createApprovalCallback(d: {
  store: Store;
  intake: Intake;
  org: OrgIndex;
  logger: Logger;
  openIdOf(userId: string): Promise<string | undefined>;
}) {
  const recordOf = (a: QuickApproval): ApprovalInstanceRecord | undefined => {
    const all = d.store.data.approvalInstances;
    const byContext =
      a.action_context && Object.hasOwn(all, a.action_context) ? all[a.action_context] : undefined;
    if (byContext?.instanceId === a.instance_id) return byContext;
    return Object.values(all).find((r) => r.instanceId === a.instance_id);
  };

  /** What the Approval Center shows may be behind: it gets the truth again (once more, later times). */
  const resync = (key: string) =>
    d.store
      .transact((data) => restamp(data, key, 0, Date.now()))
      .catch((err) => {
        d.logger.error({ err, key }, 'could not queue an Approval Center resync');
      });

  // The Approval Center waits 10 s for the answer: the look-up gets at most 4 of them.
  const lookup = (userId: string) =>
    Promise.race([
      d.openIdOf(userId),
      new Promise<never>((_, reject) => {
        setTimeout(() => reject(new Error('user look-up timed out')), LOOKUP_MS).unref();
      }),
    ]);

  async function handle(a: QuickApproval): Promise<CallbackAnswer> {
    const record = recordOf(a);
    const def = record && d.store.data.approvalDefinitions[record.definition];
    const task = record?.tasks.find((t) => t.id === a.task_id);
    if (!record || !task || def?.code !== a.approval_code) {
      return refused('找不到这项审批，可能已经失效。请在政务督办助手中查看最新事项。');
    }
    const item = Object.hasOwn(d.store.data.items, record.itemId)
      ? d.store.data.items[record.itemId]
      : undefined;
    const step = item?.steps.find((s) => s.id === task.stepId);
    const answer = step && answerFor(step.kind, a.action_type, a.reason);
    if (!item || !step || !answer) {
      await resync(record.key);
      return refused('该事项已办结或已变更，无需再办理。');
    }
    let openId: string | undefined;
    try {
      openId = await lookup(a.user_id);
    } catch (err) {
      d.logger.warn({ err, userId: a.user_id }, 'could not look up the approver of a quick approval');
      return refused('暂时无法确认您的飞书账号，请稍后再试，或在政务督办助手的卡片上办理。');
    }
    const person = openId ? d.org.personByOpenId(openId) : undefined;
    if (!openId || !person) return refused(NOT_IN_ORG);

    const reply = await d.intake.accept({
      kind: 'card',
      eventId: `approval-center:${randomUUID()}`,
      operator: openId,
      messageId: '',
      chatId: '',
      value: {
        action: STEP_DECIDE,
        item: item.id,
        step: step.id,
        round: task.round,
        party: task.party,
        answer,
      },
      formValue: { comment: a.reason ?? '' },
      createTime: Date.now(),
    });
    if (!reply.duplicate && reply.reply?.toast.type === 'success') return OK;
    // Once only, and a repeat of what was done is not an error: the Approval Center may call twice.
    const now = d.store.data.items[item.id];
    const mine = now?.steps
      .find((s) => s.id === step.id)
      ?.responses.find((r) => r.actor === person.id && r.party === task.party);
    if (now?.round === task.round && mine && YES.has(mine.answer) === (a.action_type === 'APPROVE'))
      return OK;
    await resync(record.key);
    return refused(
      reply.duplicate ? '该操作已收到，无需重复提交。' : (reply.reply?.toast.content ?? '无法办理。'),
    );
  }

  return { handle };
}
