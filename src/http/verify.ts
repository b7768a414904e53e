import { createHash, timingSafeEqual } from 'node:crypto';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Envelope } from '../bot/inbound.ts';

export type Verified =
  | { ok: true; kind: 'challenge'; challenge: string }
  | { ok: true; kind: 'event'; envelope: Envelope }
  | { ok: false; status: 400 | 401; reason: string };

export interface VerifyOptions {
  encryptKey: string;
  verificationToken: string;
  nowMs: number;
  /** Requests signed further than this from now are refused as stale or replayed. */
  maxSkewMs?: number;
}

/** Lark's signature: sha256(timestamp + nonce + encryptKey + raw body bytes), hex. */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, raw: Buffer): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey, 'utf8')
    .update(raw)
    .digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/**
 * Verifies an event request over its raw bytes (the SDK hashes re-serialised JSON and checks no
 * timestamp), decrypts it, and answers the URL challenge, which Lark sends unsigned.
 */
export function verifyRequest(
  raw: Buffer,
  headers: Record<string, string | string[] | undefined>,
  o: VerifyOptions,
): Verified {
  const ts = header(headers, 'x-lark-request-timestamp');
  const nonce = header(headers, 'x-lark-request-nonce');
  const signature = header(headers, 'x-lark-signature');
  // A signed request is checked before anything is parsed or decrypted: a forgery costs one hash.
  const signed = Boolean(o.encryptKey && ts && nonce && signature);
  if (signed && !safeEqual(larkSignature(ts, nonce, o.encryptKey, raw), signature)) {
    return { ok: false, status: 401, reason: 'bad signature' };
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, status: 400, reason: 'body is not JSON' };
  }
  if (typeof body !== 'object' || body === null)
    return { ok: false, status: 400, reason: 'body is not an object' };
  if (typeof body.encrypt === 'string') {
    if (!o.encryptKey)
      return { ok: false, status: 400, reason: 'encrypted body but no encrypt key configured' };
    try {
      body = JSON.parse(new lark.AESCipher(o.encryptKey).decrypt(body.encrypt));
    } catch {
      return { ok: false, status: 400, reason: 'body does not decrypt with the encrypt key' };
    }
    if (typeof body !== 'object' || body === null)
      return { ok: false, status: 400, reason: 'body is not an object' };
  }
  if (body.type === 'url_verification') {
    if (o.verificationToken && body.token !== o.verificationToken) {
      return { ok: false, status: 401, reason: 'challenge token mismatch' };
    }
    return { ok: true, kind: 'challenge', challenge: String(body.challenge ?? '') };
  }
  if (!o.encryptKey) return { ok: false, status: 401, reason: 'no encrypt key: refusing unsigned events' };
  if (!signed) return { ok: false, status: 401, reason: 'missing signature headers' };
  const skew = Math.abs(o.nowMs - Number(ts) * 1000);
  if (!Number.isFinite(skew) || skew > (o.maxSkewMs ?? 5 * 60_000)) {
    return { ok: false, status: 401, reason: 'stale or future timestamp' };
  }
  const header2 = body.header as Envelope['header'] | undefined;
  if (body.schema !== '2.0' || !header2 || typeof body.event !== 'object' || body.event === null) {
    return { ok: false, status: 400, reason: 'not a schema 2.0 event' };
  }
  if (o.verificationToken && header2.token !== o.verificationToken) {
    return { ok: false, status: 401, reason: 'verification token mismatch' };
  }
  return {
    ok: true,
    kind: 'event',
    envelope: { header: header2, event: body.event as Record<string, unknown> },
  };
}
