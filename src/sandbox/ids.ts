import { createHash, randomBytes } from 'node:crypto';

export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

const digest = (...parts: string[]): string => createHash('sha256').update(parts.join('\0')).digest('hex');

/** The chat id the sandbox uses for the bot's one-to-one chat with a user. */
export const p2pChatId = (openId: string): string => `oc_p2p_${openId}`;

export const P2P_PREFIX = 'oc_p2p_';

export const newMessageId = (): string => `om_${randomHex(16)}`;
export const newFileKey = (): string => `file_v3_${randomHex(12)}`;
export const newCardToken = (): string => `c-${randomHex(16)}`;

// Deterministic so that a token cached by the SDK (its cache is process-global, keyed by app id)
// stays valid across sandbox restarts with the same credentials.
export const tenantTokenFor = (appId: string, appSecret: string): string =>
  `t-sandbox-${digest('token', appId, appSecret).slice(0, 32)}`;

export const tenantKeyOf = (appId: string): string => digest('tenant', appId).slice(0, 16);
export const unionIdOf = (openId: string): string => `on_${digest('union', openId).slice(0, 32)}`;
export const userIdOf = (openId: string): string => digest('user', openId).slice(0, 8);
