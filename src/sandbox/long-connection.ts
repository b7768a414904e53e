import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { randomHex } from './ids.ts';
import {
  createDeliveries,
  type Delivery,
  type LateAck,
  type PushOptions,
  type PushResult,
} from './long-connection-deliveries.ts';
import { decodeFrame, encodeFrame, FRAME_CONTROL, FRAME_DATA, type Frame, headerValue } from './pbbp2.ts';
import { ok, type Reply } from './types.ts';

export type { Delivery, LateAck, PushOptions, PushResult } from './long-connection-deliveries.ts';

/**
 * The long connection as Lark runs it (what the SDK's WSClient expects, larksuite/node-sdk
 * ws-client/index.ts): POST /callback/ws/endpoint with the app's credentials answers a one-off
 * WebSocket URL and the ClientConfig; the socket carries protobuf frames — the client's pings and
 * Lark's pongs (control), events and the client's ACKs (data).
 */
export interface LongConnectionConfig {
  /** ClientConfig.PingInterval: how often the SDK pings (it sends seconds; fractions work). */
  pingIntervalMs: number;
  /** ClientConfig.ReconnectCount: attempts after a drop before the SDK gives up; −1 for ever. */
  reconnectCount: number;
  /** ClientConfig.ReconnectInterval: the pause between reconnect attempts. */
  reconnectIntervalMs: number;
  /** ClientConfig.ReconnectNonce: the random delay (0…nonce) before the first reconnect attempt. */
  reconnectNonceMs: number;
  /** How long Lark waits for an ACK (3 s for events and card callbacks). */
  ackTimeoutMs: number;
  /** When an unacknowledged event is pushed again (Lark's event retry schedule). */
  retryAfterMs: number[];
  /** Payloads larger than this are split over several data frames (sum/seq). */
  maxFramePayload: number;
  /** Lark's documented cap of simultaneous connections per app. */
  maxConnections: number;
  /** How long the URL's ticket stays valid. */
  ticketTtlMs: number;
  /**
   * Push on a new connection only after the client's first ping (the default). `false` pushes at once
   * after the handshake, as an eager gateway might: the SDK then loses those frames unseen (see
   * `ready`), and only the ACK timeout and the re-push bring the events through.
   */
  waitForPing: boolean;
}

export const LARK_LONG_CONNECTION: LongConnectionConfig = {
  // The SDK's own defaults (ws-client/ws-config.ts), which Lark's endpoint is reported to return.
  pingIntervalMs: 120_000,
  reconnectCount: -1,
  reconnectIntervalMs: 120_000,
  reconnectNonceMs: 30_000,
  ackTimeoutMs: 3_000,
  // The platform's documented re-push after a failed delivery: 15 s, 5 min, 1 h, 6 h.
  retryAfterMs: [15_000, 300_000, 3_600_000, 21_600_000],
  maxFramePayload: 64 * 1024,
  maxConnections: 50,
  ticketTtlMs: 60_000,
  waitForPing: true,
};

/** Endpoint answer codes, as the SDK knows them (ws-client/enum.ts ErrorCode). */
export const ENDPOINT_CODE = {
  systemBusy: 1,
  forbidden: 403,
  authFailed: 514,
  internalError: 1000040343,
  exceedConnLimit: 1000040350,
} as const;

export type Refusal = { at: 'endpoint'; code: number } | { at: 'upgrade'; status: number };

export interface ConnectionInfo {
  id: number;
  deviceId: string;
  serviceId: number;
  openedAt: number;
  pings: number;
}

export interface FrameRecord {
  dir: 'in' | 'out';
  connId: number;
  method: number;
  headers: Record<string, string>;
  payloadBytes: number;
  at: number;
}

export interface LongConnectionEvents {
  connection: [ConnectionInfo];
  disconnect: [ConnectionInfo];
}

export interface SandboxLongConnection {
  /** Pushes an event envelope as Lark does; resolves at its first outcome (ACK, timeout, or no connection). */
  push(envelope: object, opts?: PushOptions): Promise<PushResult>;
  /** Closes every open connection from Lark's side (a gateway restart); returns how many. */
  drop(): number;
  /** The next `count` connection attempts are refused, at the endpoint (an error code) or at the upgrade. */
  refuse(count: number, how?: Refusal): void;
  /** Lifts refusals still queued. */
  accept(): void;
  /** The next `count` ACKs are lost on the way: Lark never sees them and pushes the event again. */
  loseAcks(count: number): void;
  /** The connection breaks right after each of the next `count` pushes is written, before any ACK. */
  dropAfterPush(count: number): void;
  configure(patch: Partial<LongConnectionConfig>): void;
  readonly config: Readonly<LongConnectionConfig>;
  readonly connections: readonly ConnectionInfo[];
  readonly deliveries: readonly Delivery[];
  readonly lateAcks: readonly LateAck[];
  readonly frames: readonly FrameRecord[];
  /** Frames or requests that broke the protocol (a bad ACK, a ping on the wrong service…). */
  readonly protocolErrors: readonly string[];
  readonly endpointCalls: ReadonlyArray<{ at: number; code: number }>;
  waitForConnection(timeoutMs?: number): Promise<ConnectionInfo>;
  /** Resolves once no delivery is in flight, waiting for a connection, or scheduled for a retry. */
  idle(timeoutMs?: number): Promise<void>;
  readonly events: EventEmitter<LongConnectionEvents>;
  /** The endpoint route's answer (POST /callback/ws/endpoint). */
  endpoint(json: Record<string, unknown>, host: string | undefined): Reply;
  /** An HTTP upgrade on the URL the endpoint handed out. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

export const WS_PATH = '/ws/v2';
const FRAME_LOG_CAP = 20_000;

interface Conn extends ConnectionInfo {
  readonly serviceId: number;
  socket: WebSocket;
  write(frame: Frame): void;
  terminate(): void;
}

export function createLongConnection(o: {
  appId: string;
  appSecret: string;
  config?: Partial<LongConnectionConfig>;
}): SandboxLongConnection {
  const config: LongConnectionConfig = { ...LARK_LONG_CONNECTION, ...o.config };
  const wss = new WebSocketServer({ noServer: true });
  const tickets = new Map<string, { deviceId: string; serviceId: number; issuedAt: number }>();
  const conns: Conn[] = [];
  const pending = new Set<Conn>();
  const refusals: Refusal[] = [];
  const frames: FrameRecord[] = [];
  const protocolErrors: string[] = [];
  const endpointCalls: Array<{ at: number; code: number }> = [];
  const events = new EventEmitter<LongConnectionEvents>();
  let nextConnId = 1;
  let turn = 0;

  const protocolError = (message: string) => {
    protocolErrors.push(message);
  };

  const deliveries = createDeliveries({
    timing: () => config,
    // Cluster mode: each event goes to one of the app's connections, never to all.
    pick: () => (conns.length === 0 ? undefined : conns[turn++ % conns.length]),
    protocolError,
  });

  const log = (dir: 'in' | 'out', connId: number, f: Frame) => {
    if (frames.length >= FRAME_LOG_CAP) frames.splice(0, FRAME_LOG_CAP / 2);
    frames.push({
      dir,
      connId,
      method: f.method,
      headers: Object.fromEntries(f.headers.map((h) => [h.key, h.value])),
      payloadBytes: f.payload?.length ?? 0,
      at: Date.now(),
    });
  };

  const clientConfig = () => ({
    PingInterval: config.pingIntervalMs / 1000,
    ReconnectCount: config.reconnectCount,
    ReconnectInterval: config.reconnectIntervalMs / 1000,
    ReconnectNonce: config.reconnectNonceMs / 1000,
  });

  function onFrame(conn: Conn, raw: Buffer): void {
    let f: Frame;
    try {
      f = decodeFrame(raw);
    } catch (err) {
      protocolError(`undecodable frame on connection ${conn.id}: ${String(err)}`);
      return;
    }
    log('in', conn.id, f);
    const type = headerValue(f, 'type');
    if (f.method === FRAME_CONTROL && type === 'ping') {
      conn.pings++;
      if (conn.pings === 1) ready(conn);
      if (f.service !== conn.serviceId) protocolError(`ping on service ${f.service}, not ${conn.serviceId}`);
      // The pong repeats the ClientConfig; the SDK applies it (handleControlData).
      conn.write({
        SeqID: 0,
        LogID: 0,
        service: conn.serviceId,
        method: FRAME_CONTROL,
        headers: [{ key: 'type', value: 'pong' }],
        payload: new TextEncoder().encode(JSON.stringify(clientConfig())),
      });
    } else if (f.method === FRAME_DATA && type === 'event') {
      deliveries.ack(f);
    } else {
      protocolError(`unexpected frame: method ${f.method}, type ${String(type)}`);
    }
  }

  function open(socket: WebSocket, t: { deviceId: string; serviceId: number }): void {
    const conn: Conn = {
      id: nextConnId++,
      deviceId: t.deviceId,
      serviceId: t.serviceId,
      openedAt: Date.now(),
      pings: 0,
      socket,
      write(f) {
        if (socket.readyState !== socket.OPEN) return;
        log('out', conn.id, f);
        socket.send(encodeFrame(f));
      },
      terminate: () => {
        socket.terminate();
        gone(conn);
      },
    };
    pending.add(conn);
    socket.on('message', (data, isBinary) => {
      if (!isBinary) protocolError('text message on the long connection');
      else onFrame(conn, data as Buffer);
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => gone(conn));
    if (!config.waitForPing) ready(conn);
  }

  // The SDK attaches its message listener only after connect() resolved (tryConnect → communicate()),
  // a tick after 'open': frames sent with the handshake would be dropped unseen. Its first ping, sent
  // from the 'open' handler, proves it is listening, so the connection takes events from then on.
  function ready(conn: Conn): void {
    if (!pending.delete(conn)) return;
    conns.push(conn);
    events.emit('connection', conn);
    deliveries.connected();
  }

  /** Out of the pool at once (a dropped socket may report its close later), its deliveries re-sent. */
  function gone(conn: Conn): void {
    pending.delete(conn);
    const i = conns.indexOf(conn);
    if (i === -1) return;
    conns.splice(i, 1);
    deliveries.closed(conn.id);
    events.emit('disconnect', conn);
  }

  function refuseUpgrade(socket: Duplex, status: number, code: number, msg: string): void {
    // Lark answers a refused handshake with these headers (the Go SDK's parseErr reads them).
    socket.end(
      `HTTP/1.1 ${status} Refused\r\nHandshake-Status: ${code}\r\nHandshake-Msg: ${msg}\r\n` +
        'Connection: close\r\nContent-Length: 0\r\n\r\n',
    );
    socket.destroy();
  }

  return {
    push: (envelope, opts = {}) => deliveries.push(envelope as never, opts),
    drop() {
      const n = conns.length;
      for (const c of [...conns, ...pending]) {
        c.socket.terminate();
        gone(c);
      }
      return n;
    },
    refuse(count, how = { at: 'upgrade', status: 503 }) {
      for (let i = 0; i < count; i++) refusals.push(how);
    },
    accept() {
      refusals.length = 0;
    },
    loseAcks: (count) => deliveries.loseAcks(count),
    dropAfterPush: (count) => deliveries.dropAfterPush(count),
    configure(patch) {
      Object.assign(config, patch);
    },
    config,
    get connections() {
      return conns.map(({ id, deviceId, serviceId, openedAt, pings }) => ({
        id,
        deviceId,
        serviceId,
        openedAt,
        pings,
      }));
    },
    deliveries: deliveries.all,
    lateAcks: deliveries.lateAcks,
    frames,
    protocolErrors,
    endpointCalls,
    events,

    async waitForConnection(timeoutMs = 10_000) {
      const open = conns.at(-1);
      if (open) return open;
      return new Promise<ConnectionInfo>((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('connection', on);
          reject(new Error(`no long connection within ${timeoutMs} ms`));
        }, timeoutMs);
        const on = (c: ConnectionInfo) => {
          clearTimeout(timer);
          resolve(c);
        };
        events.once('connection', on);
      });
    },

    async idle(timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (deliveries.open() > 0) {
        if (Date.now() > until)
          throw new Error(`${deliveries.open()} deliveries still open after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },

    endpoint(json, host) {
      const answer = (code: number, msg: string): Reply => {
        endpointCalls.push({ at: Date.now(), code });
        // The gateway answers HTTP 200 with its own code; the SDK reads `code` (pullConnectConfig).
        return { status: 200, body: { code, msg, data: {} } };
      };
      // The SDK sends {"AppID","AppSecret"} with capitals; other spellings fail authentication.
      if (json.AppID !== o.appId || json.AppSecret !== o.appSecret) {
        return answer(ENDPOINT_CODE.authFailed, 'auth failed');
      }
      const refusal = refusals[0]?.at === 'endpoint' ? refusals.shift() : undefined;
      if (refusal?.at === 'endpoint') return answer(refusal.code, 'refused by the sandbox');
      if (conns.length >= config.maxConnections) {
        return answer(ENDPOINT_CODE.exceedConnLimit, 'the number of connections exceeded the limit');
      }
      const ticket = randomUUID();
      const deviceId = String(7_000_000_000_000_000_000n + BigInt(`0x${randomHex(6)}`));
      const serviceId = 33_554_678;
      tickets.set(ticket, { deviceId, serviceId, issuedAt: Date.now() });
      // The real URL's shape (wss://msg-frontier.feishu.cn/ws/v2?fpid=…&aid=…&device_id=…&access_key=…
      // &service_id=…&ticket=…); the SDK reads device_id and service_id from it (qs.parse of the URL).
      const query = `fpid=493&aid=552564&device_id=${deviceId}&access_key=${randomHex(16)}&service_id=${serviceId}&ticket=${ticket}`;
      endpointCalls.push({ at: Date.now(), code: 0 });
      return ok({ URL: `ws://${host ?? '127.0.0.1'}${WS_PATH}?${query}`, ClientConfig: clientConfig() });
    },

    upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      if (url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 404, 'not found');
      const refusal = refusals[0]?.at === 'upgrade' ? refusals.shift() : undefined;
      if (refusal?.at === 'upgrade') return refuseUpgrade(socket, refusal.status, 1, 'system busy');
      const ticket = url.searchParams.get('ticket') ?? '';
      const t = tickets.get(ticket);
      tickets.delete(ticket);
      if (!t || Date.now() - t.issuedAt > config.ticketTtlMs) {
        return refuseUpgrade(socket, 403, ENDPOINT_CODE.authFailed, 'invalid or expired ticket');
      }
      wss.handleUpgrade(req, socket, head, (ws) => open(ws, t));
    },

    close() {
      deliveries.close();
      for (const c of [...conns, ...pending]) c.socket.terminate();
      wss.close();
    },
  };
}
