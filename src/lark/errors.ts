/** A Lark API failure in one shape, whether the SDK threw an AxiosError or resolved a non-zero code. */
export class LarkError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** From `x-ogw-ratelimit-reset` (seconds) when Lark sent it. */
    readonly retryAfterMs?: number,
  ) {
    super(`Lark API error ${code}${status ? ` (HTTP ${status})` : ''}: ${msg}`);
    this.name = 'LarkError';
  }
}

// Frequency limits and flow control: 99991400 app/API limit, 230020 per-chat limit, 11232 flow control
// (reference/lark-platform.md §7); 99991663/99991661 an expired or invalid tenant token (the SDK refetches).
const RETRYABLE_CODES = new Set([99991400, 230020, 11232, 99991663, 99991661, 1000040343]);

interface AxiosLike {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
}

export function toLarkError(err: unknown): LarkError {
  if (err instanceof LarkError) return err;
  const e = err as AxiosLike;
  const status = e?.response?.status;
  if (status !== undefined) {
    const body = (e.response?.data ?? {}) as { code?: number; msg?: string };
    const reset = Number(e.response?.headers?.['x-ogw-ratelimit-reset']);
    const code = typeof body.code === 'number' ? body.code : status;
    const retryable = status >= 500 || status === 429 || RETRYABLE_CODES.has(code);
    return new LarkError(
      code,
      body.msg ?? e.message ?? 'HTTP error',
      retryable,
      status,
      reset > 0 ? reset * 1000 : undefined,
    );
  }
  // No response: a timeout, a refused connection or a reset — the request may or may not have landed,
  // which is why every send carries a uuid.
  return new LarkError(-1, e?.message ?? String(err), true);
}

export function checkCode<T extends { code?: number; msg?: string }>(res: T | null | undefined): T {
  if (!res) throw new LarkError(-1, 'empty response', true);
  if (res.code !== undefined && res.code !== 0) {
    throw new LarkError(res.code, res.msg ?? '', RETRYABLE_CODES.has(res.code));
  }
  return res;
}

/** One SDK call: a thrown error (network, HTTP status) and a non-zero code both become a LarkError. */
export async function callLark<T extends { code?: number; msg?: string }>(p: Promise<T>): Promise<T> {
  let res: T;
  try {
    res = await p;
  } catch (err) {
    throw toLarkError(err);
  }
  return checkCode(res);
}
