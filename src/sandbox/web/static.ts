import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const TYPES = new Map([
  ['html', 'text/html; charset=utf-8'],
  ['js', 'text/javascript; charset=utf-8'],
  ['css', 'text/css; charset=utf-8'],
  ['svg', 'image/svg+xml'],
]);

/**
 * Serves the page's files as they are on disk (no build step). Only plain names from the public
 * folder are served — no sub-paths, so nothing outside it can be reached.
 */
export async function serveStatic(name: string, res: ServerResponse): Promise<boolean> {
  const m = /^([a-z0-9-]+)\.([a-z]+)$/.exec(name);
  const type = m ? TYPES.get(m[2]!) : undefined;
  if (!m || !type) return false;
  let body: Buffer;
  try {
    body = await readFile(`${PUBLIC_DIR}${name}`);
  } catch {
    return false;
  }
  res.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(type.startsWith('text/html')
      ? {
          'content-security-policy':
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
        }
      : {}),
  });
  res.end(body);
  return true;
}
