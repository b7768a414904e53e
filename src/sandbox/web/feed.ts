import type { ServerResponse } from 'node:http';
import type { SandboxLark, SandboxMessage, UserMessage } from '../lark-server.ts';

/** One chat message as the page shows it: the bot's (`from: 'bot'`) or a person's (their open_id). */
export interface FeedMessage {
  id: string;
  chatId: string;
  from: string;
  msgType: string;
  content: unknown;
  /** Sandbox-clock time it was sent (the clock may run ahead of real time). */
  at: number;
  replyTo?: string;
  /** Open ids buzzed (加急), one list per urgent call. */
  urgent: string[][];
  file?: { key: string; name: string; size: number };
}

export type FeedEvent =
  | { type: 'message'; message: FeedMessage }
  | { type: 'card'; messageId: string; content: unknown }
  | { type: 'urgent'; messageId: string; userIds: string[] }
  | { type: 'clock'; offsetMs: number }
  | { type: 'reset' }
  /** The org changed (a directory refresh, an edited file): the page reloads who is who. */
  | { type: 'org' }
  | { type: 'approval'; instanceId: string }
  | { type: 'demo'; state: 'running' | 'done' | 'failed'; note?: string };

/**
 * What the page shows: the sandbox Lark's messages (both sides) with their current card, stamped with
 * the sandbox clock, and a server-sent-event stream so every open page updates live. A card answered
 * in a tap's response replaces the card for everyone, as `update_multi` cards do in Lark.
 */
export class Feed {
  private readonly clients = new Set<ServerResponse>();
  private readonly stamps = new Map<string, number>();
  private readonly replaced = new Map<string, { content: unknown; at: number }>();
  private cut = { bot: 0, user: 0 };
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly lark: SandboxLark,
    private readonly now: () => Date,
  ) {
    lark.events.on('message', this.onMessage);
    lark.events.on('userMessage', this.onMessage);
    lark.events.on('patch', this.onPatch);
    lark.events.on('urgent', this.onUrgent);
    // Keeps proxies and the browser from closing an idle stream.
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), 20_000);
    this.heartbeat.unref();
  }

  private readonly onMessage = (m: SandboxMessage | UserMessage) => {
    this.stamps.set(m.messageId, this.now().getTime());
    this.broadcast({ type: 'message', message: this.view(m) });
  };

  private readonly onPatch = (p: { messageId: string; content: unknown }) => {
    this.broadcast({ type: 'card', messageId: p.messageId, content: this.current(p.messageId) });
  };

  private readonly onUrgent = (u: { messageId: string; userIds: string[] }) => {
    this.broadcast({ type: 'urgent', messageId: u.messageId, userIds: u.userIds });
  };

  /** A card returned in a tap's response: shown in place of the tapped card, for everyone. */
  replaceCard(messageId: string, content: unknown): void {
    this.replaced.set(messageId, { content, at: Date.now() });
    this.broadcast({ type: 'card', messageId, content: this.current(messageId) });
  }

  /** The latest of the bot's patches and the cards answered to taps. */
  current(messageId: string): unknown {
    const message = this.lark.messageById(messageId);
    const patch = message?.patches.at(-1);
    const tapped = this.replaced.get(messageId);
    if (tapped && (!patch || tapped.at >= patch.at)) return tapped.content;
    return this.lark.currentContent(messageId);
  }

  /** Every message since the last reset, oldest first. */
  all(): FeedMessage[] {
    const bot = this.lark.messages.slice(this.cut.bot);
    const user = this.lark.userMessages.slice(this.cut.user);
    return [...bot, ...user].sort((a, b) => a.createdAt - b.createdAt).map((m) => this.view(m));
  }

  /** Hides everything sent so far (the sandbox Lark keeps its history; the page starts afresh). */
  reset(): void {
    this.cut = { bot: this.lark.messages.length, user: this.lark.userMessages.length };
    this.replaced.clear();
    this.broadcast({ type: 'reset' });
  }

  subscribe(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  broadcast(event: FeedEvent): void {
    this.write(`data: ${JSON.stringify(event)}\n\n`);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.lark.events.off('message', this.onMessage);
    this.lark.events.off('userMessage', this.onMessage);
    this.lark.events.off('patch', this.onPatch);
    this.lark.events.off('urgent', this.onUrgent);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(chunk: string): void {
    for (const res of this.clients) res.write(chunk);
  }

  private view(m: SandboxMessage | UserMessage): FeedMessage {
    const bot = 'patches' in m;
    const key = (m.content as { file_key?: unknown } | undefined)?.file_key;
    const file = typeof key === 'string' ? this.lark.files.get(key) : undefined;
    return {
      id: m.messageId,
      chatId: m.chatId,
      from: bot ? 'bot' : m.from,
      msgType: m.msgType,
      content: bot ? this.current(m.messageId) : m.content,
      at: this.stamps.get(m.messageId) ?? m.createdAt,
      ...(bot && m.replyTo ? { replyTo: m.replyTo } : {}),
      urgent: bot ? m.urgent : [],
      ...(file ? { file: { key: file.key, name: file.name, size: file.bytes.length } } : {}),
    };
  }
}
