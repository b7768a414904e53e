import protobuf from 'protobufjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createSandboxLark, type SandboxLark } from '../../src/sandbox/lark-server.ts';
import {
  decodeFrame,
  encodeFrame,
  FRAME_CONTROL,
  FRAME_DATA,
  type Frame,
  FrameError,
  headerValue,
} from '../../src/sandbox/pbbp2.ts';

// The sandbox's side of the long connection, driven by a bare WebSocket client and the frame codec,
// so every rule is checked on its own (the real WSClient drives it in test/e2e/websocket.test.ts).
const APP_ID = 'cli_0123456789abcdef';
const APP_SECRET = 'ws-secret';

// pbbp2 as the SDK declares it (ws-client/proto-buf/pbbp2.js), built by protobufjs to check our codec.
const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: {
          fields: {
            key: { rule: 'required', type: 'string', id: 1 },
            value: { rule: 'required', type: 'string', id: 2 },
          },
        },
        Frame: {
          fields: {
            SeqID: { rule: 'required', type: 'uint64', id: 1 },
            LogID: { rule: 'required', type: 'uint64', id: 2 },
            service: { rule: 'required', type: 'int32', id: 3 },
            method: { rule: 'required', type: 'int32', id: 4 },
            headers: { rule: 'repeated', type: 'Header', id: 5 },
            payloadEncoding: { type: 'string', id: 6 },
            payloadType: { type: 'string', id: 7 },
            payload: { type: 'bytes', id: 8 },
            LogIDNew: { type: 'string', id: 9 },
          },
        },
      },
    },
  },
});
const PbFrame = root.lookupType('pbbp2.Frame');

describe('pbbp2 frame codec', () => {
  const frame: Frame = {
    SeqID: 2 ** 40 + 7,
    LogID: 123_456_789_012,
    service: -5,
    method: FRAME_DATA,
    headers: [
      { key: 'type', value: 'event' },
      { key: 'message_id', value: '1b5dac99-0000-4000-8000-000000000000' },
      { key: 'trace_id', value: '追踪' },
    ],
    payloadEncoding: '',
    payload: new TextEncoder().encode('{"schema":"2.0"}'),
    LogIDNew: 'x',
  };

  it('writes what protobufjs reads and reads what protobufjs writes', () => {
    const theirs = PbFrame.toObject(PbFrame.decode(encodeFrame(frame)), { longs: Number, bytes: Array });
    expect(theirs).toEqual({ ...frame, payload: [...frame.payload!] });
    const back = decodeFrame(PbFrame.encode(PbFrame.fromObject(frame)).finish());
    expect({ ...back, payload: [...back.payload!] }).toEqual({ ...frame, payload: [...frame.payload!] });
  });

  it('skips fields it does not know and refuses broken or incomplete frames, as the SDK does', () => {
    const withExtra = new Uint8Array([...encodeFrame(frame), (15 << 3) | 0, 1, (14 << 3) | 2, 2, 9, 9]);
    expect(decodeFrame(withExtra)).toEqual(frame);
    const bytes = encodeFrame(frame);
    expect(() => decodeFrame(bytes.subarray(0, bytes.length - 5))).toThrow(FrameError);
    // Only SeqID and LogID: service and method are required.
    expect(() => decodeFrame(new Uint8Array([8, 1, 16, 1]))).toThrow(/missing required 'service'/);
  });
});

describe('the sandbox long connection', () => {
  let lark: SandboxLark;
  let base: string;
  const sockets: WebSocket[] = [];
  beforeEach(async () => {
    lark = createSandboxLark({
      appId: APP_ID,
      appSecret: APP_SECRET,
      botOpenId: 'ou_bot',
      botName: 'bot',
      longConnection: {
        pingIntervalMs: 1_500,
        reconnectIntervalMs: 250,
        reconnectNonceMs: 0,
        ackTimeoutMs: 300,
        retryAfterMs: [100, 100],
      },
    });
    base = await lark.listen();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.terminate();
    await lark.close();
  });

  const endpoint = async (body: unknown) =>
    (await (
      await fetch(`${base}/callback/ws/endpoint`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', locale: 'zh' },
        body: JSON.stringify(body),
      })
    ).json()) as { code: number; data: { URL?: string; ClientConfig?: Record<string, number> } };

  /** A client as the SDK behaves: pulls a URL, connects, pings once; collects the frames it gets. */
  async function client(o: { ping?: boolean } = {}) {
    const { data } = await endpoint({ AppID: APP_ID, AppSecret: APP_SECRET });
    const url = new URL(data.URL!);
    const ws = new WebSocket(url);
    sockets.push(ws);
    const got: Frame[] = [];
    ws.on('message', (b) => got.push(decodeFrame(b as Buffer)));
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const service = Number(url.searchParams.get('service_id'));
    const send = (f: Frame) => ws.send(encodeFrame(f));
    if (o.ping !== false)
      send({ SeqID: 0, LogID: 0, service, method: FRAME_CONTROL, headers: [{ key: 'type', value: 'ping' }] });
    /** Answers a data frame the way the SDK does: the same frame, biz_rt added, payload {code, data}. */
    const ack = (f: Frame, answer?: unknown, extra: { bizRt?: boolean; code?: number } = {}) =>
      send({
        ...f,
        headers: [...f.headers, ...(extra.bizRt === false ? [] : [{ key: 'biz_rt', value: '-3' }])],
        payload: new TextEncoder().encode(
          JSON.stringify({
            code: extra.code ?? 200,
            ...(answer === undefined ? {} : { data: Buffer.from(JSON.stringify(answer)).toString('base64') }),
          }),
        ),
      });
    return { ws, got, url, service, send, ack, data: () => got.filter((f) => f.method === FRAME_DATA) };
  }

  const envelope = (id: string, type = 'im.message.receive_v1') => ({
    schema: '2.0',
    header: { event_id: id, event_type: type, create_time: '1', app_id: APP_ID, tenant_key: 't' },
    event: { hello: id },
  });
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 300 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(ok()).toBe(true);
  };

  it('the endpoint checks the credentials and hands out a one-off URL with the ClientConfig in seconds', async () => {
    expect((await endpoint({ AppID: APP_ID, AppSecret: 'wrong' })).code).toBe(514);
    expect((await endpoint({ app_id: APP_ID, app_secret: APP_SECRET })).code).toBe(514);
    const ok = await endpoint({ AppID: APP_ID, AppSecret: APP_SECRET });
    expect(ok.code).toBe(0);
    expect(ok.data.ClientConfig).toEqual({
      PingInterval: 1.5,
      ReconnectCount: -1,
      ReconnectInterval: 0.25,
      ReconnectNonce: 0,
    });
    const url = new URL(ok.data.URL!);
    expect(url.pathname).toBe('/ws/v2');
    expect([...url.searchParams.keys()]).toEqual([
      'fpid',
      'aid',
      'device_id',
      'access_key',
      'service_id',
      'ticket',
    ]);
    lark.longConnection.refuse(1, { at: 'endpoint', code: 1000040343 });
    expect((await endpoint({ AppID: APP_ID, AppSecret: APP_SECRET })).code).toBe(1000040343);
    lark.longConnection.configure({ maxConnections: 0 });
    expect((await endpoint({ AppID: APP_ID, AppSecret: APP_SECRET })).code).toBe(1000040350);
  });

  it('refuses a handshake without a valid ticket, a reused ticket, and on request, with the handshake headers', async () => {
    const { data } = await endpoint({ AppID: APP_ID, AppSecret: APP_SECRET });
    const refused = (url: string) =>
      new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.on('unexpected-response', (_req, res) =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers }),
        );
        ws.on('open', () => reject(new Error('opened')));
        ws.on('error', () => undefined);
      });
    const noTicket = await refused(data.URL!.replace(/ticket=[^&]+/, 'ticket=forged'));
    expect(noTicket).toMatchObject({ status: 403, headers: { 'handshake-status': '514' } });
    const first = new WebSocket(data.URL!);
    sockets.push(first);
    await new Promise((r) => first.once('open', r));
    expect((await refused(data.URL!)).status).toBe(403);
    lark.longConnection.refuse(1);
    const again = await endpoint({ AppID: APP_ID, AppSecret: APP_SECRET });
    expect(await refused(again.data.URL!)).toMatchObject({
      status: 503,
      headers: { 'handshake-status': '1' },
    });
  });

  it('answers a ping with a pong carrying the ClientConfig, and pushes events only once the client pinged', async () => {
    const c = await client({ ping: false });
    const pushed = lark.longConnection.push(envelope('e1'));
    expect(await pushed).toMatchObject({ delivered: false, redelivery: true });
    expect(c.data()).toEqual([]);
    c.send({
      SeqID: 0,
      LogID: 0,
      service: c.service,
      method: FRAME_CONTROL,
      headers: [{ key: 'type', value: 'ping' }],
    });
    await until(() => c.got.length === 2);
    const pong = c.got.find((f) => headerValue(f, 'type') === 'pong')!;
    expect(pong.method).toBe(FRAME_CONTROL);
    expect(JSON.parse(new TextDecoder().decode(pong.payload))).toMatchObject({
      PingInterval: 1.5,
      ReconnectInterval: 0.25,
    });
    const [event] = c.data();
    expect(event!.service).toBe(c.service);
    expect(event!.headers.map((h) => h.key)).toEqual(['type', 'message_id', 'sum', 'seq', 'trace_id']);
    expect(JSON.parse(new TextDecoder().decode(event!.payload))).toEqual(envelope('e1'));
    // A ping on the wrong service is a protocol error.
    c.send({
      SeqID: 0,
      LogID: 0,
      service: 1,
      method: FRAME_CONTROL,
      headers: [{ key: 'type', value: 'ping' }],
    });
    await until(() => lark.longConnection.protocolErrors.length === 1);
  });

  it("reads the handler's answer from the ACK and checks the ACK echoes the frame", async () => {
    const c = await client();
    await lark.longConnection.waitForConnection();
    const tap = lark.longConnection.push(envelope('t1', 'card.action.trigger'));
    await until(() => c.data().length === 1);
    c.ack(c.data()[0]!, { toast: { type: 'success', content: '已同意' } });
    expect(await tap).toMatchObject({ acked: true, code: 200, data: { toast: { content: '已同意' } } });
    const plain = lark.longConnection.push(envelope('m1'));
    await until(() => c.data().length === 2);
    c.ack(c.data()[1]!, undefined, { bizRt: false });
    expect(await plain).toMatchObject({ acked: true, code: 200 });
    expect(lark.longConnection.protocolErrors).toEqual([expect.stringContaining('no biz_rt')]);
    c.ack({
      ...c.data()[1]!,
      headers: [
        { key: 'type', value: 'event' },
        { key: 'message_id', value: 'nope' },
      ],
    });
    await until(() => lark.longConnection.protocolErrors.length === 2);
  });

  it('pushes an unacknowledged event again on its schedule and then gives up; a callback never twice', async () => {
    const c = await client();
    await lark.longConnection.waitForConnection();
    const first = await lark.longConnection.push(envelope('m1'));
    expect(first).toMatchObject({ delivered: true, acked: false, redelivery: true });
    await lark.longConnection.idle();
    const ids = c.data().map((f) => headerValue(f, 'message_id'));
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(lark.longConnection.deliveries[0]).toMatchObject({ state: 'given-up' });
    // An error ACK (the handler threw) is a failure too: pushed again.
    const erred = lark.longConnection.push(envelope('m2'));
    await until(() => c.data().length === 4);
    c.ack(c.data()[3]!, undefined, { code: 500 });
    expect(await erred).toMatchObject({ acked: true, code: 500, redelivery: true });
    await until(() => c.data().length === 5);
    c.ack(c.data()[4]!);
    await lark.longConnection.idle();
    expect(lark.longConnection.deliveries[1]?.attempts.map((a) => a.outcome)).toEqual(['error', 'acked']);
    // A card callback unanswered in time: the user saw 200340; Lark does not push it again.
    const tap = await lark.longConnection.push(envelope('t1', 'card.action.trigger'));
    expect(tap).toMatchObject({ delivered: true, acked: false, redelivery: false });
    c.ack(c.data()[5]!, { toast: { type: 'success', content: '迟到' } });
    await until(() => lark.longConnection.lateAcks.length === 1);
    expect(lark.longConnection.lateAcks[0]).toMatchObject({
      eventId: 't1',
      data: { toast: { content: '迟到' } },
    });
    expect(c.data()).toHaveLength(6);
  });

  it('splits a large payload over frames of one message_id, and sends each event to one connection only', async () => {
    lark.longConnection.configure({ maxFramePayload: 40 });
    const a = await client();
    const b = await client();
    await until(() => lark.longConnection.connections.length === 2);
    await Promise.all([
      lark.longConnection.push(envelope('big-1')),
      lark.longConnection.push(envelope('big-2')),
    ]);
    for (const c of [a, b]) {
      const frames = c.data();
      expect(new Set(frames.map((f) => headerValue(f, 'message_id'))).size).toBe(1);
      const sum = Number(headerValue(frames[0]!, 'sum'));
      expect(sum).toBeGreaterThan(1);
      expect(frames.map((f) => headerValue(f, 'seq'))).toEqual([...Array(sum).keys()].map(String));
      const joined = Buffer.concat(frames.map((f) => f.payload!)).toString('utf8');
      expect(JSON.parse(joined).header.event_id).toMatch(/^big-/);
    }
  });
});
