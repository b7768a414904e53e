import type { Server } from 'node:http';
import type { Logger } from './logger.ts';

/**
 * How long a shutdown may take before the process exits anyway (exit code 1). The systemd unit's
 * TimeoutStopSec and Docker's stop timeout are set above it, so the bot ends itself rather than being killed.
 */
export const SHUTDOWN_TIMEOUT_MS = 20_000;
/** In-flight requests get this long to be answered before their connections are cut. */
const REQUEST_GRACE_MS = 5_000;

/** Stops accepting connections and resolves once the requests in flight are answered (or cut after a grace). */
export function closeServer(server: Server, graceMs = REQUEST_GRACE_MS): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    cut.unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    // Keep-alive connections with nothing in flight would hold close() open.
    server.closeIdleConnections();
  });
}

export interface Lifecycle {
  readonly stopping: boolean;
  /** For GET /readyz. */
  state(): { ready: boolean; state: 'starting' | 'ready' | 'stopping' };
  ready(): void;
  /** Throws Stopping when a signal came in during start-up: start-up ends there and shutdown closes up. */
  checkpoint(): void;
}

export class Stopping extends Error {
  constructor() {
    super('stopping');
    this.name = 'Stopping';
  }
}

/**
 * SIGTERM / SIGINT handling, installed before the server listens: a signal during start-up waits for
 * start-up to reach its next checkpoint, then runs `close` (stop accepting, answer what is in flight,
 * flush, release the data folder) and exits 0; a shutdown that outruns SHUTDOWN_TIMEOUT_MS exits 1.
 */
export function handleSignals(o: {
  logger: Logger;
  close: () => Promise<void>;
  startup: () => Promise<unknown>;
  exit?: (code: number) => void;
  timeoutMs?: number;
}): Lifecycle {
  const exit = o.exit ?? ((code: number) => process.exit(code));
  let phase: 'starting' | 'ready' | 'stopping' = 'starting';
  const stop = async (signal: string) => {
    if (phase === 'stopping') return;
    const wasReady = phase === 'ready';
    phase = 'stopping';
    o.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      o.logger.error({ timeoutMs: o.timeoutMs ?? SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long; exiting');
      exit(1);
    }, o.timeoutMs ?? SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    try {
      if (!wasReady) await o.startup().catch(() => undefined);
      await o.close();
      o.logger.info('stopped');
      clearTimeout(timer);
      exit(0);
    } catch (err) {
      o.logger.error({ err }, 'shutdown failed');
      exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return {
    get stopping() {
      return phase === 'stopping';
    },
    state: () => ({ ready: phase === 'ready', state: phase }),
    ready() {
      if (phase === 'starting') phase = 'ready';
    },
    checkpoint() {
      if (phase === 'stopping') throw new Stopping();
    },
  };
}
