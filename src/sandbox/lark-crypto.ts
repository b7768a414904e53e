import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/** Lark's event encryption: base64(IV ‖ AES-256-CBC(JSON)), key = sha256(encryptKey). */
export function encryptEvent(encryptKey: string, obj: unknown): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(JSON.stringify(obj), 'utf8'), cipher.final()]).toString('base64');
}

/** X-Lark-Signature: sha256 hex over timestamp + nonce + encryptKey + the raw body bytes. */
export function signEvent(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: string | Buffer,
): string {
  return createHash('sha256')
    .update(Buffer.from(timestamp + nonce + encryptKey, 'utf8'))
    .update(rawBody)
    .digest('hex');
}
