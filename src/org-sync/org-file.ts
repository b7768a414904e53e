import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Org } from '../domain/org.ts';

/** The org file's text as the import writes it: stable, diffable, one field per line. */
export const orgText = (org: Org): string => `${JSON.stringify(org, null, 2)}\n`;

/**
 * Writes a file whole or not at all: a new file beside it, flushed, then renamed over the old one — a
 * crash mid-way leaves the old org in place, never half an org.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
