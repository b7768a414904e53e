import { chmodSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';
import type { SnapshotCapture } from '../store/lowdb.ts';

/**
 * The running bot's control socket, inside the data folder: `npm run backup` asks the bot itself for
 * its data as of one journal record, so a backup of a running bot is consistent without stopping it.
 * A Unix socket in a folder only the bot's user can enter: no token, no port, nothing reachable from
 * the network. (The lock holder is the only process that ever listens here: a stale socket file left
 * by a kill -9 is removed before listening.)
 */
export const CONTROL_SOCKET = 'control.sock';
// Linux's limit for a socket path (sun_path), less the terminating NUL.
const MAX_SOCKET_PATH = 107;

export function controlPath(dataDir: string): string {
  return join(dataDir, CONTROL_SOCKET);
}

export async function startControl(
  dataDir: string,
  capture: () => Promise<SnapshotCapture>,
  logger: Logger,
): Promise<{ close(): Promise<void> } | undefined> {
  const path = controlPath(dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    logger.warn(
      { path },
      'the data folder path is too long for the control socket: npm run backup cannot reach this running bot (stop it for a cold backup, or use a shorter DATA_DIR)',
    );
    return undefined;
  }
  rmSync(path, { force: true });
  const server: Server = createServer((sock) => {
    let req = '';
    sock.setEncoding('utf8');
    sock.on('error', () => undefined);
    sock.on('data', (chunk: string) => {
      req += chunk;
      if (!req.includes('\n')) return;
      const op = (() => {
        try {
          return (JSON.parse(req.slice(0, req.indexOf('\n'))) as { op?: string }).op;
        } catch {
          return undefined;
        }
      })();
      if (op !== 'capture') {
        sock.end(`${JSON.stringify({ ok: false, error: `unknown request ${JSON.stringify(op)}` })}\n`);
        return;
      }
      capture().then(
        (c) => {
          const bytes = Buffer.byteLength(c.text);
          logger.info({ journalAt: c.journalAt, bytes }, 'hot backup: data captured');
          sock.write(`${JSON.stringify({ ok: true, journalAt: c.journalAt, bytes })}\n`);
          sock.end(c.text);
        },
        (err: Error) => sock.end(`${JSON.stringify({ ok: false, error: err.message })}\n`),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(path, { force: true });
      }),
  };
}

/** Asks the running bot for its data; undefined when no bot listens on the folder's socket. */
export function requestCapture(dataDir: string, timeoutMs = 120_000): Promise<SnapshotCapture | undefined> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(controlPath(dataDir));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`the running bot did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    sock.on('connect', () => sock.write(`${JSON.stringify({ op: 'capture' })}\n`));
    sock.on('data', (b: Buffer) => chunks.push(b));
    sock.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') resolve(undefined);
      else reject(err);
    });
    sock.on('end', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const nl = all.indexOf(10);
      if (nl < 0) return reject(new Error('the running bot closed the control socket without an answer'));
      const head = JSON.parse(all.subarray(0, nl).toString('utf8')) as {
        ok: boolean;
        error?: string;
        journalAt?: number;
        bytes?: number;
      };
      if (!head.ok) return reject(new Error(`the running bot refused the backup: ${head.error}`));
      const body = all.subarray(nl + 1);
      if (body.length !== head.bytes) {
        return reject(new Error(`the running bot sent ${body.length} of ${head.bytes} bytes`));
      }
      resolve({ text: body.toString('utf8'), journalAt: head.journalAt ?? 0 });
    });
  });
}
