import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../logger.ts';

export interface BotChat {
  chatId: string;
  name: string;
}

/** The group chats the bot is a member of (GET /open-apis/im/v1/chats, paged by hand: the iterator swallows errors). */
export async function listBotChats(client: lark.Client, max = 1000): Promise<BotChat[]> {
  const chats: BotChat[] = [];
  let pageToken: string | undefined;
  do {
    const res = await client.im.v1.chat.list({
      params: { page_size: 100, ...(pageToken ? { page_token: pageToken } : {}) },
    });
    if (res.code !== undefined && res.code !== 0) throw new Error(`${res.code} ${res.msg ?? ''}`);
    for (const c of res.data?.items ?? [])
      if (c.chat_id) chats.push({ chatId: c.chat_id, name: c.name ?? '' });
    pageToken = res.data?.has_more ? res.data.page_token : undefined;
  } while (pageToken && chats.length < max);
  return chats;
}

/**
 * One start-up log line listing the chats the bot is in, and which of the org file's chats it is not in:
 * how an operator finds the three chat ids to put in the org file (add the bot to each group first).
 */
export async function logBotChats(
  client: lark.Client,
  wanted: Array<{ kind: string; chatId: string; name: string }>,
  logger: Logger,
): Promise<void> {
  try {
    const chats = await listBotChats(client);
    const ids = new Set(chats.map((c) => c.chatId));
    const missing = wanted.filter((w) => !ids.has(w.chatId));
    const line = chats.map((c) => `${c.name} ${c.chatId}`).join('; ');
    logger.info(
      { chats, missingFromOrgFile: missing },
      `the bot is in ${chats.length} group chat(s): ${line || 'none'}`,
    );
    for (const m of missing) {
      logger.warn(
        { chat: m },
        `the org file's ${m.kind} chat ${m.chatId} (${m.name}) is not among the bot's chats: add the bot to that group, or correct the chat id`,
      );
    }
  } catch (err) {
    logger.warn(
      { err: (err as Error).message },
      'could not list the bot’s group chats (needs the im:chat:readonly scope); the org file’s chat ids are not checked',
    );
  }
}
