import { timingSafeEqual } from 'node:crypto';
import * as lark from '@larksuiteoapi/node-sdk';
import type { QuickApproval } from '../lark/approval-types.ts';

export type { QuickApproval };

export type VerifiedCallback =
  | { ok: true; action: QuickApproval }
  | { ok: false; status: 400 | 401; reason: string };

const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Verifies a quick-approval callback as the platform documents it: the body carries the definition's
 * `action_callback_token`; with an `action_callback_key` the whole body is sent as `{"encrypt": …}`
 * (AES-256-CBC, key sha256(key), IV first — the scheme of Lark's events). With a key configured an
 * unencrypted body is refused: the Approval Center always encrypts then.
 */
export function verifyApprovalCallback(raw: Buffer, o: { token: string; key?: string }): VerifiedCallback {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, status: 400, reason: 'body is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, status: 400, reason: 'body is not an object' };
  if (o.key) {
    if (typeof body.encrypt !== 'string') return { ok: false, status: 401, reason: 'unencrypted body' };
    try {
      body = JSON.parse(new lark.AESCipher(o.key).decrypt(body.encrypt));
    } catch {
      return { ok: false, status: 401, reason: 'body does not decrypt with the callback key' };
    }
    if (typeof body !== 'object' || body === null) return { ok: false, status: 400, reason: 'not an object' };
  }
  const token = str(body.token);
  if (!token || !safeEqual(token, o.token)) return { ok: false, status: 401, reason: 'bad token' };
  const action = body.action_type;
  const user = str(body.user_id);
  const code = str(body.approval_code);
  const instance = str(body.instance_id);
  const task = str(body.task_id);
  if ((action !== 'APPROVE' && action !== 'REJECT') || !user || !code || !instance || !task) {
    return { ok: false, status: 400, reason: 'not a quick approval of a task' };
  }
  const reason = typeof body.reason === 'string' ? body.reason.slice(0, 2000) : undefined;
  const context = str(body.action_context);
  return {
    ok: true,
    action: {
      action_type: action,
      user_id: user,
      approval_code: code,
      instance_id: instance,
      task_id: task,
      ...(reason ? { reason } : {}),
      ...(context ? { action_context: context } : {}),
    },
  };
}
