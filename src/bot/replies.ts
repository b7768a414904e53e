import { plainText } from '../../cards/markdown.ts';
import type { Command } from './command.ts';
import { grouped } from './limits.ts';

// Fixed replies of the dispatcher, in one place.
export const NOT_IN_ORG =
  '您好，您还没有登记在本区的组织架构中，暂时无法使用政务督办助手。请联系区政府办公室，把您的飞书账号加入组织架构后再试。';
export const INTERNAL_ERROR = (ref: string) =>
  `抱歉，处理您的请求时出错了，请稍后重试；如果多次出错，请把编号告诉区政府办公室。（编号 ${ref}）`;
export const STALE_CARD = '这张卡片已失效或内容有误，请发送 /我的待办 查看最新事项。';
export const TOO_FAST = '您发送得太快了，请稍等一分钟再试。刚才超出的消息没有被处理，请稍后重新发送。';
export const DUPLICATE_TAP = '该操作已收到，无需重复点击。';
export const TAP_STILL_WORKING = '已收到，正在处理，稍后卡片会自动更新，请勿重复点击。';
export const NOT_A_COMMAND = '请发送以 / 开头的命令，例如 /请假。发送 /帮助 查看全部命令。';

export function unknownCommand(word: string, closest: Command<unknown> | undefined): string {
  const hint = closest ? `您是不是想用 /${closest.aliases[0] ?? closest.name}（${closest.summary}）？\n` : '';
  return `没有 /${plainText(word, 40)} 这个命令。\n${hint}发送 /帮助 查看全部命令。`;
}

export function notAllowed(c: Command<unknown>): string {
  return `/${c.aliases[0] ?? c.name} 仅限${c.who.label}使用。如有需要，请联系区政府办公室。`;
}

/** Refused before any parser read it: how long it was, and the limit. */
export function tooLong(c: Command<unknown> | undefined, got: number, max: number): string {
  const what = c ? `“/${c.aliases[0] ?? c.name}”后面的内容` : '一条命令消息';
  const form = c && FORM_COMMANDS.has(c.name) ? `；内容较多时，可只发送 /${c.aliases[0]} 打开表单填写` : '';
  return `消息过长：${what}最多${grouped(max)}字，您发送了${grouped(got)}字，没有处理。请精简后重新发送${form}。`;
}

/** Commands that open a form when sent alone. */
const FORM_COMMANDS = new Set(['leave', 'instruct']);

export function usageReply(c: Command<unknown>, problem: string): string {
  return `${problem}\n\n用法：\n${c.usage.map((u) => `  ${u}`).join('\n')}`;
}
