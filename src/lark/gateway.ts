import { createReadStream } from 'node:fs';
import * as lark from '@larksuiteoapi/node-sdk';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { callLark, toLarkError } from './errors.ts';

export type Target = { openId: string } | { chatId: string };
export type MsgType = 'text' | 'interactive' | 'file';
export type FileType = 'xls' | 'pdf' | 'doc' | 'stream';

export interface Sent {
  messageId: string;
  chatId?: string;
}

/** Everything the bot asks of the Lark Open API. Errors are always thrown as LarkError. */
export interface LarkGateway {
  send(to: Target, msgType: MsgType, content: string, uuid?: string): Promise<Sent>;
  reply(messageId: string, msgType: MsgType, content: string, uuid?: string): Promise<Sent>;
  patch(messageId: string, content: string): Promise<void>;
  urgent(messageId: string, openIds: string[]): Promise<void>;
  uploadFile(fileName: string, fileType: FileType, path: string): Promise<string>;
  botInfo(): Promise<{ openId: string; name: string }>;
  resolveIds(q: { mobiles: string[]; emails: string[] }): Promise<{
    byMobile: Record<string, string>;
    byEmail: Record<string, string>;
  }>;
}

export interface GatewayOptions {
  appId: string;
  appSecret: string;
  domain: string;
  timeoutMs?: number;
  /** An HTTP(S) proxy URL for every Open API call (HTTPS_PROXY). */
  proxy?: string;
}

/** One agent per proxy URL: the SDK client and the long connection share its sockets. */
const agents = new Map<string, HttpsProxyAgent<string>>();
export function proxyAgent(url: string): HttpsProxyAgent<string> {
  let a = agents.get(url);
  if (!a) {
    a = new HttpsProxyAgent(url, { keepAlive: true });
    agents.set(url, a);
  }
  return a;
}

const quiet = () => undefined;
const SILENT = { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet };

export function createSdkClient(o: GatewayOptions): lark.Client {
  // The SDK's shared axios instance has no timeout by default; a hung call would stall the outbox.
  lark.defaultHttpInstance.defaults.timeout = o.timeoutMs ?? 10_000;
  if (o.proxy) {
    // A CONNECT tunnel for every call (the WSClient fetches its endpoint through this instance too);
    // axios's own env-proxy support sends https requests to the proxy in the clear, so it is turned off.
    const agent = proxyAgent(o.proxy);
    Object.assign(lark.defaultHttpInstance.defaults, { httpAgent: agent, httpsAgent: agent, proxy: false });
  }
  return new lark.Client({
    appId: o.appId,
    appSecret: o.appSecret,
    domain: o.domain,
    // Every failure becomes a LarkError that the outbox logs once, with its entry; the SDK would print
    // each again as a large object. (A silent logger, because the SDK reads LoggerLevel.fatal = 0 as unset.)
    logger: SILENT,
  });
}

export function createLarkGateway(client: lark.Client): LarkGateway {
  const sent = (data: { message_id?: string; chat_id?: string } | undefined): Sent => {
    if (!data?.message_id) throw toLarkError(new Error('no message_id in response'));
    return { messageId: data.message_id, chatId: data.chat_id };
  };
  return {
    async send(to, msgType, content, uuid) {
      const byChat = 'chatId' in to;
      const res = await callLark(
        client.im.v1.message.create({
          params: { receive_id_type: byChat ? 'chat_id' : 'open_id' },
          data: { receive_id: byChat ? to.chatId : to.openId, msg_type: msgType, content, uuid },
        }),
      );
      return sent(res.data);
    },
    async reply(messageId, msgType, content, uuid) {
      const res = await callLark(
        client.im.v1.message.reply({
          path: { message_id: messageId },
          data: { msg_type: msgType, content, uuid },
        }),
      );
      return sent(res.data);
    },
    async patch(messageId, content) {
      await callLark(client.im.v1.message.patch({ path: { message_id: messageId }, data: { content } }));
    },
    async urgent(messageId, openIds) {
      await callLark(
        client.im.v1.message.urgentApp({
          path: { message_id: messageId },
          params: { user_id_type: 'open_id' },
          data: { user_id_list: openIds },
        }),
      );
    },
    async uploadFile(fileName, fileType, path) {
      // A ReadStream, not a Buffer: the SDK sends Buffers without a filename in the multipart part.
      let res: { file_key?: string } | null;
      try {
        res = await client.im.v1.file.create({
          data: { file_type: fileType, file_name: fileName, file: createReadStream(path) },
        });
      } catch (err) {
        throw toLarkError(err);
      }
      if (!res?.file_key) throw toLarkError(new Error('file upload returned no file_key'));
      return res.file_key;
    },
    async botInfo() {
      const res = await callLark(
        client.request<{ code?: number; msg?: string; bot?: { open_id?: string; app_name?: string } }>({
          url: '/open-apis/bot/v3/info',
          method: 'GET',
        }),
      );
      if (!res.bot?.open_id) throw toLarkError(new Error('bot info has no open_id'));
      return { openId: res.bot.open_id, name: res.bot.app_name ?? '' };
    },
    async resolveIds(q) {
      const byMobile: Record<string, string> = {};
      const byEmail: Record<string, string> = {};
      if (q.mobiles.length === 0 && q.emails.length === 0) return { byMobile, byEmail };
      // batch_get_id takes at most 50 of each per call.
      for (let i = 0; i < Math.max(q.mobiles.length, q.emails.length); i += 50) {
        const res = await callLark(
          client.contact.v3.user.batchGetId({
            params: { user_id_type: 'open_id' },
            data: { mobiles: q.mobiles.slice(i, i + 50), emails: q.emails.slice(i, i + 50) },
          }),
        );
        for (const u of res.data?.user_list ?? []) {
          if (!u.user_id) continue;
          if (u.mobile) byMobile[u.mobile] = u.user_id;
          if (u.email) byEmail[u.email] = u.user_id;
        }
      }
      return { byMobile, byEmail };
    },
  };
}
