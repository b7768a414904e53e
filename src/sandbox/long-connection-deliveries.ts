import { randomUUID } from 'node:crypto';
import { randomHex } from './ids.ts';
import { FRAME_DATA, type Frame, headerValue } from './pbbp2.ts';

/** What the sandbox needs from an open socket to push an event through it. */
export interface PushTarget {
  readonly id: number;
  readonly serviceId: number;
  write(frame: Frame): void;
  /** Cuts the connection (the `dropAfterPush` fault). */
  terminate(): void;
}

export interface PushOptions {
  /** Split the payload over this many data frames (headers sum/seq); by default one frame unless it is large. */
  fragments?: number;
  /** Send the fragments last first: the SDK reassembles by `seq`, not by arrival. */
  reverseFragments?: boolean;
  /** The frame's `message_id` header; a fresh UUID for every attempt by default. */
  frameMessageId?: string;
}

export interface PushResult {
  eventId: string;
  /** A data frame went out on an open connection. */
  delivered: boolean;
  /** The bot acknowledged within the time limit (Lark's 3 s). */
  acked: boolean;
  /** The ACK payload's code: 200, or 500 when the handler threw. */
  code?: number;
  /** The handler's answer, decoded from the ACK's base64 `data` (a card callback's toast and card). */
  data?: unknown;
  ms?: number;
  /** The event will be pushed again: no connection, no ACK in time, or an error ACK (never for callbacks). */
  redelivery: boolean;
}

export type AttemptOutcome = 'acked' | 'error' | 'timeout' | 'closed';

export interface Attempt {
  frameMessageId: string;
  connId: number;
  SeqID: number;
  LogID: number;
  service: number;
  sentAt: number;
  outcome?: AttemptOutcome;
  ackMs?: number;
}

export type DeliveryState = 'inflight' | 'waiting' | 'scheduled' | 'acked' | 'failed' | 'given-up';

export interface Delivery {
  readonly eventId: string;
  readonly eventType: string;
  /** card.action.trigger and the other callbacks: answered in the ACK, never pushed again. */
  readonly callback: boolean;
  readonly attempts: Attempt[];
  state: DeliveryState;
}

export interface LateAck {
  eventId: string;
  frameMessageId: string;
  afterMs: number;
  code: number;
  data?: unknown;
}

export interface DeliveryTiming {
  ackTimeoutMs: number;
  retryAfterMs: number[];
  maxFramePayload: number;
}

// Callbacks (the new-version card callback, link previews) must be answered within 3 s and are not
// retried: a late or missing answer shows the user error 200340 instead.
const CALLBACKS = new Set(['card.action.trigger', 'url.preview.get']);

interface Internal extends Delivery {
  bytes: Uint8Array;
  opts: PushOptions;
  failures: number;
  resolveFirst?: (r: PushResult) => void;
  timer?: NodeJS.Timeout;
}

interface InFlight {
  d: Internal;
  attempt: Attempt;
  timer: NodeJS.Timeout;
}

/**
 * Lark's side of event delivery over the long connection: frames out, ACKs in, the 3 s limit, and
 * re-pushing what was not acknowledged (on the next connection, or after the retry interval).
 */
export function createDeliveries(o: {
  timing: () => DeliveryTiming;
  pick: () => PushTarget | undefined;
  protocolError: (message: string) => void;
}) {
  const all: Internal[] = [];
  const inflight = new Map<string, InFlight>();
  const expired = new Map<string, { d: Internal; attempt: Attempt }>();
  const waiting: Internal[] = [];
  const lateAcks: LateAck[] = [];
  let seq = 1;
  let lostAcks = 0;
  let dropAfterPush = 0;

  const settle = (d: Internal, r: Omit<PushResult, 'eventId'>) => {
    d.resolveFirst?.({ eventId: d.eventId, ...r });
    d.resolveFirst = undefined;
  };

  function retryLater(d: Internal): void {
    d.failures++;
    const delay = o.timing().retryAfterMs[d.failures - 1];
    if (delay === undefined) {
      d.state = 'given-up';
      return;
    }
    d.state = 'scheduled';
    d.timer = setTimeout(() => send(d), delay);
  }

  function frames(d: Internal, target: PushTarget, attempt: Attempt): Frame[] {
    const max = o.timing().maxFramePayload;
    const count = Math.max(1, d.opts.fragments ?? Math.ceil(d.bytes.length / max));
    const size = Math.ceil(d.bytes.length / count);
    const traceId = randomHex(8);
    const out: Frame[] = [];
    for (let i = 0; i < count; i++) {
      out.push({
        SeqID: attempt.SeqID,
        LogID: attempt.LogID,
        service: target.serviceId,
        method: FRAME_DATA,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: attempt.frameMessageId },
          { key: 'sum', value: String(count) },
          { key: 'seq', value: String(i) },
          { key: 'trace_id', value: traceId },
        ],
        payload: d.bytes.subarray(i * size, Math.min(d.bytes.length, (i + 1) * size)),
      });
    }
    return d.opts.reverseFragments ? out.reverse() : out;
  }

  function send(d: Internal): void {
    d.timer = undefined;
    const target = o.pick();
    if (!target) {
      if (d.callback) {
        d.state = 'failed';
        settle(d, { delivered: false, acked: false, redelivery: false });
        return;
      }
      d.state = 'waiting';
      waiting.push(d);
      settle(d, { delivered: false, acked: false, redelivery: true });
      return;
    }
    const attempt: Attempt = {
      frameMessageId: (d.attempts.length === 0 && d.opts.frameMessageId) || randomUUID(),
      connId: target.id,
      SeqID: seq++,
      LogID: Number.parseInt(randomHex(6), 16),
      service: target.serviceId,
      sentAt: Date.now(),
    };
    d.attempts.push(attempt);
    d.state = 'inflight';
    const timer = setTimeout(() => timeout(attempt.frameMessageId), o.timing().ackTimeoutMs);
    inflight.set(attempt.frameMessageId, { d, attempt, timer });
    for (const f of frames(d, target, attempt)) target.write(f);
    if (dropAfterPush > 0) {
      dropAfterPush--;
      target.terminate();
    }
  }

  function timeout(frameMessageId: string): void {
    const f = inflight.get(frameMessageId);
    if (!f) return;
    inflight.delete(frameMessageId);
    f.attempt.outcome = 'timeout';
    expired.set(frameMessageId, f);
    settle(f.d, { delivered: true, acked: false, redelivery: !f.d.callback });
    if (f.d.callback) f.d.state = 'failed';
    else retryLater(f.d);
  }

  function decodeAck(frame: Frame): { code: number; data?: unknown } | undefined {
    try {
      const body = JSON.parse(new TextDecoder().decode(frame.payload ?? new Uint8Array())) as {
        code?: unknown;
        data?: unknown;
      };
      if (typeof body.code !== 'number') throw new Error('no numeric code');
      const data =
        typeof body.data === 'string'
          ? JSON.parse(Buffer.from(body.data, 'base64').toString('utf8'))
          : undefined;
      return { code: body.code, ...(data === undefined ? {} : { data }) };
    } catch (err) {
      o.protocolError(`unreadable ACK payload: ${String(err)}`);
      return undefined;
    }
  }

  return {
    all: all as readonly Delivery[],
    lateAcks: lateAcks as readonly LateAck[],

    push(envelope: { header?: { event_id?: string; event_type?: string } }, opts: PushOptions) {
      const eventType = envelope.header?.event_type ?? '';
      const d: Internal = {
        eventId: envelope.header?.event_id ?? '',
        eventType,
        callback: CALLBACKS.has(eventType),
        attempts: [],
        state: 'inflight',
        bytes: new TextEncoder().encode(JSON.stringify(envelope)),
        opts,
        failures: 0,
      };
      all.push(d);
      const first = new Promise<PushResult>((resolve) => {
        d.resolveFirst = resolve;
      });
      send(d);
      return first;
    },

    /** An ACK frame from the bot: the same frame back, `biz_rt` added, payload {code, data?}. */
    ack(frame: Frame): void {
      const id = headerValue(frame, 'message_id') ?? '';
      const f = inflight.get(id);
      if (!f) {
        const old = expired.get(id);
        const body = old && decodeAck(frame);
        if (old && body) {
          lateAcks.push({
            eventId: old.d.eventId,
            frameMessageId: id,
            afterMs: Date.now() - old.attempt.sentAt,
            ...body,
          });
        } else if (!old) o.protocolError(`ACK for an unknown message_id ${JSON.stringify(id)}`);
        return;
      }
      if (lostAcks > 0) {
        lostAcks--;
        return;
      }
      const { d, attempt, timer } = f;
      if (
        frame.SeqID !== attempt.SeqID ||
        frame.LogID !== attempt.LogID ||
        frame.service !== attempt.service
      ) {
        o.protocolError(`ACK ${id} does not echo SeqID/LogID/service`);
      }
      if (headerValue(frame, 'biz_rt') === undefined) o.protocolError(`ACK ${id} has no biz_rt header`);
      const body = decodeAck(frame);
      if (!body) return;
      clearTimeout(timer);
      inflight.delete(id);
      attempt.ackMs = Date.now() - attempt.sentAt;
      attempt.outcome = body.code === 200 ? 'acked' : 'error';
      settle(d, {
        delivered: true,
        acked: true,
        code: body.code,
        ...(body.data === undefined ? {} : { data: body.data }),
        ms: attempt.ackMs,
        redelivery: body.code !== 200 && !d.callback,
      });
      if (body.code === 200) d.state = 'acked';
      else if (d.callback) d.state = 'failed';
      else retryLater(d);
    },

    /** A connection opened: what waited for one goes out now. */
    connected(): void {
      for (const d of waiting.splice(0)) send(d);
    },

    /** A connection closed: its unacknowledged events are pushed again; its callbacks are lost. */
    closed(connId: number): void {
      for (const [id, f] of [...inflight]) {
        if (f.attempt.connId !== connId) continue;
        clearTimeout(f.timer);
        inflight.delete(id);
        f.attempt.outcome = 'closed';
        // The SDK may still answer on its next connection (it writes the ACK to whichever socket is
        // current); that answer is late by then.
        expired.set(id, f);
        settle(f.d, { delivered: true, acked: false, redelivery: !f.d.callback });
        if (f.d.callback) f.d.state = 'failed';
        else send(f.d);
      }
    },

    loseAcks(count: number): void {
      lostAcks += count;
    },
    dropAfterPush(count: number): void {
      dropAfterPush += count;
    },

    /** Deliveries still on their way: in flight, waiting for a connection, or scheduled to be retried. */
    open(): number {
      return all.filter((d) => d.state === 'inflight' || d.state === 'waiting' || d.state === 'scheduled')
        .length;
    },

    close(): void {
      for (const f of inflight.values()) clearTimeout(f.timer);
      for (const d of all) if (d.timer) clearTimeout(d.timer);
      inflight.clear();
      waiting.length = 0;
    },
  };
}

export type Deliveries = ReturnType<typeof createDeliveries>;
