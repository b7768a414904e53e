import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { z } from 'zod';

/** How the bot meets Lark: the embedded sandbox, the SDK's long connection, or HTTP callbacks. */
export type Mode = 'sandbox' | 'websocket' | 'webhook';

export interface Config {
  mode: Mode;
  appId: string;
  appSecret: string;
  /** Signs and encrypts events; required for the HTTP transport (the SDK skips verification without it). */
  encryptKey: string;
  verificationToken: string;
  /** Base URL of the Open API, without a trailing slash; undefined in sandbox mode until the sandbox listens. */
  domain: string | undefined;
  port: number;
  host: string;
  dataDir: string;
  orgFile: string;
  /** What Lark's directory does not hold (leaders, functions, chats); present → the org comes from Lark. */
  orgRolesFile: string;
  calendarFile: string;
  adminToken: string | undefined;
  /** Days a finished item stays in the hot data file before it moves to the per-year archive. */
  archiveAfterDays: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** An HTTP(S) proxy for every call to Lark, the long connection included (the ws library ignores the env). */
  httpsProxy: string | undefined;
  /** /healthz fails when a message has waited longer than this to go out. */
  outboxAlertMinutes: number;
  /** The Approval Center (三方审批): undefined unless APPROVAL_CENTER=on. */
  approvalCenter: ApprovalCenterConfig | undefined;
}

/**
 * The quick-approval callback needs a URL the Approval Center can reach; without one the bot still syncs
 * (the Approval Center lists the steps, its links open the bot) and approvers decide in the chat. In the
 * sandbox the URL is the bot's own and the token and key are fresh each start.
 */
export interface ApprovalCenterConfig {
  callbackUrl: string | undefined;
  callbackToken: string | undefined;
  callbackKey: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误，无法启动 (invalid configuration):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DOMAINS: Record<string, string> = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
};

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const envSchema = z.object({
  LARK_APP_ID: optional,
  LARK_APP_SECRET: optional,
  LARK_ENCRYPT_KEY: optional,
  LARK_VERIFICATION_TOKEN: optional,
  LARK_DOMAIN: optional.pipe(
    z
      .string()
      .refine((v) => v in DOMAINS || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(v), {
        message: 'must be feishu, lark, or a full URL such as http://127.0.0.1:9999',
      })
      .optional(),
  ),
  LARK_TRANSPORT: optional.pipe(z.enum(['websocket', 'webhook']).optional()),
  PORT: optional.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a port number')
      .transform(Number)
      .refine((n) => n >= 0 && n <= 65535, 'must be between 0 and 65535')
      .optional(),
  ),
  HOST: optional,
  DATA_DIR: optional,
  ORG_FILE: optional,
  ORG_ROLES_FILE: optional,
  CALENDAR_FILE: optional,
  ADMIN_TOKEN: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  ARCHIVE_AFTER_DAYS: optional.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of days')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 3650, 'must be between 1 and 3650')
      .optional(),
  ),
  HTTPS_PROXY: optional.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^\s/]+\/?$/, 'must be a proxy URL such as http://proxy.example.gov.cn:3128')
      .optional(),
  ),
  https_proxy: optional,
  HEALTH_OUTBOX_MINUTES: optional.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of minutes')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 1440, 'must be between 1 and 1440')
      .optional(),
  ),
  LOG_LEVEL: optional.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  APPROVAL_CENTER: optional.pipe(z.enum(['on', 'off'], { message: 'must be on or off' }).optional()),
  APPROVAL_CALLBACK_URL: optional.pipe(
    z
      .string()
      .regex(
        /^https?:\/\/[^\s/]+(\/[^\s]*)?$/,
        'must be a full URL, such as https://bot.example.gov.cn/lark/approval-callback',
      )
      .optional(),
  ),
  APPROVAL_CALLBACK_TOKEN: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  APPROVAL_CALLBACK_KEY: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
});

function resolveDomain(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return (DOMAINS[value] ?? value).replace(/\/+$/, '');
}

/** The only reader of process.env: validates every variable at once and reports every problem together. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '?');
      problems.push(`${name}: ${issue.message} (got ${JSON.stringify(env[name] ?? '')})`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const hasId = e.LARK_APP_ID !== undefined;
  const hasSecret = e.LARK_APP_SECRET !== undefined;
  if (hasId !== hasSecret) {
    problems.push(
      `${hasId ? 'LARK_APP_SECRET' : 'LARK_APP_ID'}: must be set together with ${hasId ? 'LARK_APP_ID' : 'LARK_APP_SECRET'} (leave both unset for the sandbox)`,
    );
  }
  const mode: Mode = hasId && hasSecret ? (e.LARK_TRANSPORT ?? 'websocket') : 'sandbox';
  if (mode === 'webhook' && e.LARK_ENCRYPT_KEY === undefined) {
    problems.push(
      'LARK_ENCRYPT_KEY: required when LARK_TRANSPORT=webhook — without it the Lark SDK would accept unsigned requests; set the Encrypt Key from the app console (事件与回调 → 加密策略)',
    );
  }
  if (mode === 'sandbox' && e.LARK_TRANSPORT !== undefined) {
    problems.push(
      'LARK_TRANSPORT: needs LARK_APP_ID and LARK_APP_SECRET (without them the bot runs the sandbox)',
    );
  }
  if (mode === 'websocket' && e.LARK_APP_ID !== undefined && !/^cli_[0-9a-fA-F]{16}$/.test(e.LARK_APP_ID)) {
    problems.push(
      `LARK_APP_ID: the long connection only accepts app ids like cli_0123456789abcdef (got ${JSON.stringify(e.LARK_APP_ID)})`,
    );
  }
  const approvalCenter = approvalCenterOf(e, mode, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const sandbox = mode === 'sandbox';
  // The sandbox has a folder of its own: an env file that failed to load must not turn a production
  // folder into the imitation's (its pending messages would be "delivered" to nobody).
  const dataDir = e.DATA_DIR ?? (sandbox ? './data/sandbox' : './data');
  const orgFile =
    e.ORG_FILE ?? (sandbox && !existsSync('data/org.json') ? 'data/org.example.json' : 'data/org.json');
  return {
    mode,
    appId: e.LARK_APP_ID ?? `cli_${randomBytes(8).toString('hex')}`,
    appSecret: e.LARK_APP_SECRET ?? randomBytes(16).toString('hex'),
    // The sandbox signs and encrypts its own events, so it gets fresh keys each start.
    encryptKey: e.LARK_ENCRYPT_KEY ?? (sandbox ? randomBytes(16).toString('hex') : ''),
    verificationToken: e.LARK_VERIFICATION_TOKEN ?? (sandbox ? randomBytes(16).toString('hex') : ''),
    domain: sandbox ? undefined : (resolveDomain(e.LARK_DOMAIN) ?? DOMAINS.feishu),
    port: e.PORT ?? 3000,
    // Only webhook mode needs to be reached from outside (Lark posts to it); with the long connection
    // the port serves /healthz, /metrics and /admin, which stay on this machine unless HOST says otherwise.
    host: e.HOST ?? (mode === 'webhook' ? '0.0.0.0' : '127.0.0.1'),
    dataDir,
    orgFile,
    // Beside the org file: data/org.json → data/org.roles.json.
    orgRolesFile: e.ORG_ROLES_FILE ?? orgFile.replace(/(\.json)?$/i, '.roles.json'),
    calendarFile: e.CALENDAR_FILE ?? 'data/calendar-overrides.json',
    adminToken: e.ADMIN_TOKEN,
    archiveAfterDays: e.ARCHIVE_AFTER_DAYS ?? 30,
    logLevel: e.LOG_LEVEL ?? 'info',
    httpsProxy: e.HTTPS_PROXY ?? e.https_proxy,
    outboxAlertMinutes: e.HEALTH_OUTBOX_MINUTES ?? 10,
    approvalCenter,
  };
}

function approvalCenterOf(
  e: z.output<typeof envSchema>,
  mode: Mode,
  problems: string[],
): ApprovalCenterConfig | undefined {
  const set = (['APPROVAL_CALLBACK_URL', 'APPROVAL_CALLBACK_TOKEN', 'APPROVAL_CALLBACK_KEY'] as const).filter(
    (k) => e[k] !== undefined,
  );
  if (e.APPROVAL_CENTER !== 'on') {
    for (const k of set) problems.push(`${k}: only used with APPROVAL_CENTER=on`);
    return undefined;
  }
  if (mode === 'sandbox') {
    return {
      callbackUrl: e.APPROVAL_CALLBACK_URL,
      callbackToken: e.APPROVAL_CALLBACK_TOKEN ?? randomBytes(16).toString('hex'),
      callbackKey: e.APPROVAL_CALLBACK_KEY ?? randomBytes(16).toString('hex'),
    };
  }
  if (e.APPROVAL_CALLBACK_URL !== undefined && e.APPROVAL_CALLBACK_TOKEN === undefined) {
    problems.push(
      'APPROVAL_CALLBACK_TOKEN: required with APPROVAL_CALLBACK_URL — the Approval Center sends it with every quick approval, and the bot refuses a callback without it',
    );
  }
  if (e.APPROVAL_CALLBACK_URL === undefined) {
    for (const k of set)
      problems.push(`${k}: only used with APPROVAL_CALLBACK_URL (the quick-approval callback)`);
  }
  return {
    callbackUrl: e.APPROVAL_CALLBACK_URL,
    callbackToken: e.APPROVAL_CALLBACK_TOKEN,
    callbackKey: e.APPROVAL_CALLBACK_KEY,
  };
}
