import type { OutboxEntry } from '../src/lark/outbox.ts';

/**
 * The daily digest's line to the government office when messages failed for good: someone was not told
 * of a step they owe, and only the office can see that nobody else will notice. Undefined when none did.
 */
export function buildFailedMessagesLine(outbox: readonly OutboxEntry[]): string | undefined {
  const failed = outbox.filter((e) => e.status === 'failed');
  if (failed.length === 0) return undefined;
  const toChats = failed.filter((e) => (e.op === 'send' || e.op === 'file') && 'chatId' in e.to).length;
  const codes = [...new Set(failed.map((e) => e.lastError?.split(' ')[0]).filter(Boolean))].slice(0, 3);
  const since = Math.min(...failed.map((e) => e.failedAt ?? e.createdAt));
  const day = new Date(since).toLocaleDateString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
  });
  return (
    `【消息未送达】有${failed.length}条消息被飞书拒收，收件人没有收到（${day}起` +
    `${toChats > 0 ? `，其中${toChats}条发往群聊` : ''}${codes.length > 0 ? `，错误码 ${codes.join('、')}` : ''}）。` +
    '请系统管理员在 /admin/outbox 查看原因（如机器人不在群内、人员的飞书账号有误），处理后重新发送。'
  );
}
