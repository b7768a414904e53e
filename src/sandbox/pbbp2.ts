// The long connection's wire format: one protobuf `pbbp2.Frame` per binary WebSocket message. Field
// numbers and types as the official SDK's generated codec reads and writes them (larksuite/node-sdk
// ws-client/proto-buf/pbbp2.js, Frame.encode/decode; proto2, fields 1–4 required):
//   Frame  { 1 SeqID uint64; 2 LogID uint64; 3 service int32; 4 method int32; 5 headers repeated Header;
//            6 payloadEncoding string; 7 payloadType string; 8 payload bytes; 9 LogIDNew string }
//   Header { 1 key string; 2 value string }
// Written from that schema, not from the generated code: varints through BigInt, so int32 negatives
// take their ten bytes as protobuf requires.

export interface FrameHeader {
  key: string;
  value: string;
}

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  /** 0 control (ping/pong), 1 data (events and their acknowledgements) — ws-client/enum.ts FrameType */
  method: number;
  headers: FrameHeader[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

export const FRAME_CONTROL = 0;
export const FRAME_DATA = 1;

export class FrameError extends Error {}

const VARINT = 0;
const FIXED64 = 1;
const BYTES = 2;
const FIXED32 = 5;

class Writer {
  private readonly parts: number[] = [];

  varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.parts.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.parts.push(Number(v));
  }

  tag(field: number, wire: number): void {
    this.varint(BigInt((field << 3) | wire));
  }

  bytes(field: number, b: Uint8Array): void {
    this.tag(field, BYTES);
    this.varint(BigInt(b.length));
    for (const x of b) this.parts.push(x);
  }

  string(field: number, s: string): void {
    this.bytes(field, new TextEncoder().encode(s));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw new FrameError('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    throw new FrameError('varint longer than ten bytes');
  }

  bytes(): Uint8Array {
    const len = Number(this.varint());
    if (this.pos + len > this.buf.length) throw new FrameError('truncated length-delimited field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  string(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes());
  }

  skip(wire: number): void {
    if (wire === VARINT) this.varint();
    else if (wire === FIXED64) this.pos += 8;
    else if (wire === BYTES) this.bytes();
    else if (wire === FIXED32) this.pos += 4;
    else throw new FrameError(`unsupported wire type ${wire}`);
    if (this.pos > this.buf.length) throw new FrameError('truncated fixed-width field');
  }
}

export function encodeFrame(f: Frame): Uint8Array {
  const w = new Writer();
  w.tag(1, VARINT);
  w.varint(BigInt(f.SeqID));
  w.tag(2, VARINT);
  w.varint(BigInt(f.LogID));
  w.tag(3, VARINT);
  w.varint(BigInt(f.service | 0));
  w.tag(4, VARINT);
  w.varint(BigInt(f.method | 0));
  for (const h of f.headers) {
    const hw = new Writer();
    hw.string(1, h.key);
    hw.string(2, h.value);
    w.bytes(5, hw.finish());
  }
  if (f.payloadEncoding !== undefined) w.string(6, f.payloadEncoding);
  if (f.payloadType !== undefined) w.string(7, f.payloadType);
  if (f.payload !== undefined) w.bytes(8, f.payload);
  if (f.LogIDNew !== undefined) w.string(9, f.LogIDNew);
  return w.finish();
}

function decodeHeader(b: Uint8Array): FrameHeader {
  const r = new Reader(b);
  let key: string | undefined;
  let value: string | undefined;
  while (!r.done) {
    const tag = Number(r.varint());
    if (tag >>> 3 === 1 && (tag & 7) === BYTES) key = r.string();
    else if (tag >>> 3 === 2 && (tag & 7) === BYTES) value = r.string();
    else r.skip(tag & 7);
  }
  // Both are `required` in the SDK's schema; its decoder throws without them.
  if (key === undefined || value === undefined) throw new FrameError('header without key or value');
  return { key, value };
}

/** Decodes one frame; throws FrameError on malformed bytes or a missing required field, as the SDK does. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const r = new Reader(bytes);
  const f: Partial<Frame> & { headers: FrameHeader[] } = { headers: [] };
  while (!r.done) {
    const tag = Number(r.varint());
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field >= 1 && field <= 4 && wire === VARINT) {
      const v = r.varint();
      if (field === 1) f.SeqID = Number(v);
      else if (field === 2) f.LogID = Number(v);
      else if (field === 3) f.service = Number(BigInt.asIntN(32, v));
      else f.method = Number(BigInt.asIntN(32, v));
    } else if (field === 5 && wire === BYTES) f.headers.push(decodeHeader(r.bytes()));
    else if (field === 6 && wire === BYTES) f.payloadEncoding = r.string();
    else if (field === 7 && wire === BYTES) f.payloadType = r.string();
    else if (field === 8 && wire === BYTES) f.payload = r.bytes().slice();
    else if (field === 9 && wire === BYTES) f.LogIDNew = r.string();
    else r.skip(wire);
  }
  for (const k of ['SeqID', 'LogID', 'service', 'method'] as const) {
    if (f[k] === undefined) throw new FrameError(`missing required '${k}'`);
  }
  return f as Frame;
}

export function headerValue(f: Frame, key: string): string | undefined {
  return f.headers.find((h) => h.key === key)?.value;
}
