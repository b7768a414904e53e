import type { Bot } from '../../app.ts';
import { createEventSender, longConnectionTransport } from '../event-sender.ts';
import type { SandboxLongConnection } from '../long-connection.ts';
import { createSandboxWeb, type SandboxWeb, type SandboxWebDeps } from './server.ts';

export type { SandboxWeb } from './server.ts';

/**
 * The chat page for main's sandbox mode: people's messages and taps reach the bot as Lark would send
 * them — over the long connection when one is given (main's default), else through its own
 * /lark/events, signed and encrypted with the sandbox's keys.
 */
export function startSandboxPage(
  o: Omit<SandboxWebDeps, 'events' | 'bot' | 'cron'> & {
    bot: Bot;
    url: string;
    appId: string;
    encryptKey: string;
    verificationToken: string;
    longConnection?: SandboxLongConnection;
  },
): SandboxWeb {
  const events = createEventSender({
    eventsUrl: `${o.url}/lark/events`,
    encryptKey: o.encryptKey,
    verificationToken: o.verificationToken,
    appId: o.appId,
    botOpenId: o.bot.botOpenId(),
    botName: o.botName,
    lark: o.lark,
    ...(o.longConnection ? { transport: longConnectionTransport(o.longConnection) } : {}),
  });
  return createSandboxWeb({ ...o, events, cron: o.bot.scheduler });
}
