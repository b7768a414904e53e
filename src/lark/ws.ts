import type { Agent } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import { toast } from '../bot/card-action.ts';
import { type Envelope, normalise } from '../bot/inbound.ts';
import type { Intake } from '../bot/intake.ts';
import { DUPLICATE_TAP } from '../bot/replies.ts';
import type { ConnectionState, ConnectionStatus, ConnectionStatusFn } from '../health/status.ts';
import type { Logger } from '../logger.ts';

const EVENT_TYPES = ['im.message.receive_v1', 'application.bot.menu_v6', 'card.action.trigger'] as const;

// The SDK hands handlers the event flattened ({...header, ...event}); rebuild the envelope so both
// transports share one normaliser. (In a flattened card event `token` is the card-update token.)
function envelopeOf(eventType: string, data: Record<string, unknown>): Envelope {
  return {
    header: {
      event_id: String(data.event_id ?? ''),
      event_type: eventType,
      create_time: String(data.create_time ?? ''),
    },
    event: data,
  };
}

/** Handlers for the SDK's EventDispatcher: the flattened event back to an envelope, then the shared intake. */
export function wsHandlers(
  intake: Intake,
  botOpenId: () => string,
): Record<string, (data: Record<string, unknown>) => Promise<unknown>> {
  const handlers: Record<string, (data: Record<string, unknown>) => Promise<unknown>> = {};
  for (const type of EVENT_TYPES) {
    handlers[type] = async (data) => {
      const inbound = normalise(envelopeOf(type, data), botOpenId());
      if (!inbound) return {};
      const r = await intake.accept(inbound);
      if (r.duplicate) return inbound.kind === 'card' ? toast('info', DUPLICATE_TAP) : {};
      return r.reply ?? {};
    };
  }
  return handlers;
}

/** The long-connection transport: the SDK's WSClient feeding the same intake as HTTP. */
export function startWebSocket(o: {
  appId: string;
  appSecret: string;
  domain: string;
  intake: Intake;
  botOpenId: () => string;
  logger: Logger;
  /** Through an HTTP(S) proxy (HTTPS_PROXY): the ws library ignores the proxy variables by itself. */
  agent?: Agent;
  now?: () => number;
}): { close(): void; status: ConnectionStatusFn } {
  const now = o.now ?? Date.now;
  const handlers = wsHandlers(o.intake, o.botOpenId);
  const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.warn }).register(handlers);
  let last: ConnectionStatus = { state: 'connecting', since: now() };
  const mark = (state: ConnectionState) => {
    if (last.state !== state) last = { state, since: now() };
  };
  const ws = new lark.WSClient({
    appId: o.appId,
    appSecret: o.appSecret,
    domain: o.domain,
    loggerLevel: lark.LoggerLevel.warn,
    ...(o.agent ? { agent: o.agent } : {}),
    onReady: () => {
      mark('connected');
      o.logger.info('long connection to Lark is ready');
    },
    onReconnected: () => mark('connected'),
    onReconnecting: () => {
      mark('down');
      o.logger.warn('long connection to Lark lost; reconnecting');
    },
    onError: (err: unknown) => {
      mark('down');
      o.logger.error({ err }, 'long connection error');
    },
  });
  void ws.start({ eventDispatcher: dispatcher });
  return {
    close: () => ws.close({ force: true }),
    // The callbacks mark each change when it happens; the SDK's own view catches one they missed.
    status() {
      const sdk = ws.getConnectionStatus().state;
      if (sdk === 'connected') mark('connected');
      else if (sdk === 'reconnecting' || sdk === 'failed') mark('down');
      return last;
    },
  };
}
