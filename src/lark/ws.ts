import type { Agent } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import { answerInbound } from '../bot/answer.ts';
import { CONTACT_EVENT_TYPES, type Envelope, normalise } from '../bot/inbound.ts';
import type { Intake } from '../bot/intake.ts';
import type { ConnectionState, ConnectionStatus } from '../health/status.ts';
import type { Logger } from '../logger.ts';

const EVENT_TYPES = [
  'im.message.receive_v1',
  'application.bot.menu_v6',
  'card.action.trigger',
  ...CONTACT_EVENT_TYPES,
] as const;

/** After the SDK gave up: long enough not to hammer Lark, short enough to be back within the alert. */
const RESTART_AFTER_MS = 30_000;

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

/**
 * Handlers for the SDK's EventDispatcher: the flattened event back to an envelope, then the shared
 * intake. What a handler returns goes back base64-encoded in the ACK frame's `data` (a tap's toast
 * and card); `{}` for the rest, so every event is acknowledged with a body.
 */
export function wsHandlers(
  intake: Intake,
  botOpenId: () => string,
  o: { logger: Logger; tapBudgetMs?: number },
): Record<string, (data: Record<string, unknown>) => Promise<unknown>> {
  const handlers: Record<string, (data: Record<string, unknown>) => Promise<unknown>> = {};
  for (const type of EVENT_TYPES) {
    handlers[type] = async (data) => {
      const inbound = normalise(envelopeOf(type, data), botOpenId());
      return inbound ? answerInbound(intake, inbound, o) : {};
    };
  }
  return handlers;
}

export interface LongConnection {
  status(): ConnectionStatus;
  close(): void;
}

/** The SDK's logger interface (it logs through console by default), onto ours. */
function sdkLogger(logger: Logger) {
  const at =
    (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') =>
    (...msg: unknown[]) =>
      logger[level]({ sdk: msg.flat().map(String).join(' ') }, 'lark long connection');
  return { error: at('error'), warn: at('warn'), info: at('debug'), debug: at('trace'), trace: at('trace') };
}

/**
 * The long-connection transport: the SDK's WSClient feeding the same intake as HTTP. The SDK keeps
 * reconnecting after a drop on its own, but gives up for good on some endpoint answers (anything but
 * code 1000040343, e.g. "system busy") and when ReconnectCount runs out; the bot then starts it
 * again after `restartAfterMs`, as an administrator would, and /healthz says it is down meanwhile.
 */
export function startWebSocket(o: {
  appId: string;
  appSecret: string;
  domain: string;
  /** Set when the app has an Encrypt Key: the SDK then decrypts events that arrive encrypted. */
  encryptKey?: string;
  intake: Intake;
  botOpenId: () => string;
  logger: Logger;
  /** Through an HTTP(S) proxy (HTTPS_PROXY): the ws library ignores the proxy variables by itself. */
  agent?: Agent;
  now?: () => number;
  restartAfterMs?: number;
  tapBudgetMs?: number;
}): LongConnection {
  const now = o.now ?? Date.now;
  let status: ConnectionStatus = { state: 'connecting', since: now() };
  const set = (state: ConnectionState) => {
    if (status.state === state) return;
    // Never connected and now given up: it has been away since the start, not since now.
    status = { state, since: status.state === 'connecting' && state === 'down' ? status.since : now() };
  };
  let restartTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const dispatcher = new lark.EventDispatcher({
    ...(o.encryptKey ? { encryptKey: o.encryptKey } : {}),
    logger: sdkLogger(o.logger),
    loggerLevel: lark.LoggerLevel.warn,
  }).register(wsHandlers(o.intake, o.botOpenId, { logger: o.logger, tapBudgetMs: o.tapBudgetMs }));
  const ws = new lark.WSClient({
    appId: o.appId,
    appSecret: o.appSecret,
    domain: o.domain,
    logger: sdkLogger(o.logger),
    loggerLevel: lark.LoggerLevel.info,
    ...(o.agent ? { agent: o.agent } : {}),
    onReady: () => {
      set('connected');
      o.logger.info('long connection to Lark is ready');
    },
    onReconnecting: () => {
      set('down');
      o.logger.warn('long connection to Lark lost; reconnecting');
    },
    onReconnected: () => {
      set('connected');
      o.logger.info('long connection to Lark is back');
    },
    onError: (err: unknown) => {
      if (ws.getConnectionStatus().state !== 'failed' || closed) {
        o.logger.error({ err }, 'long connection error');
        return;
      }
      set('down');
      const retryMs = o.restartAfterMs ?? RESTART_AFTER_MS;
      o.logger.error(
        { err, retryMs },
        'the Lark SDK gave up on the long connection; starting it again (check LARK_APP_ID/LARK_APP_SECRET and that the console subscribes events and callbacks through the long connection)',
      );
      clearTimeout(restartTimer);
      restartTimer = setTimeout(() => {
        if (!closed) void ws.start({ eventDispatcher: dispatcher });
      }, retryMs);
    },
  });
  void ws.start({ eventDispatcher: dispatcher });
  return {
    status: () => status,
    close() {
      closed = true;
      clearTimeout(restartTimer);
      ws.close({ force: true });
    },
  };
}
