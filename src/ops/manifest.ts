import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** What a backup folder holds: each file with its size and checksum, and the journal record it is as of. */
export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_FORMAT = 'govbot-backup';

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  host: z.string(),
  source: z.string(),
  /** Taken from a running bot (through its control socket) or from a stopped one's files. */
  hot: z.boolean(),
  /** The data is the state after this journal record. */
  journalAt: z.number().int().min(0),
  schemaVersion: z.number().int().min(1),
  owner: z.object({ kind: z.enum(['sandbox', 'lark']), appId: z.string().optional() }).optional(),
  files: z.array(
    z.object({ path: z.string(), bytes: z.number().int().min(0), sha256: z.string().length(64) }),
  ),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Writes a file and makes it durable before returning (a backup is only as good as what reached the disk). */
export function writeDurable(path: string, content: Buffer | string, mode = 0o600): void {
  const fd = openSync(path, 'w', mode);
  try {
    const b = typeof content === 'string' ? Buffer.from(content) : content;
    let off = 0;
    while (off < b.length) off += writeSync(fd, b, off, b.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `${file} 缺失或已损坏，这不是一份完整的备份 (no readable manifest: ${(err as Error).message})`,
    );
  }
  const m = manifestSchema.safeParse(raw);
  if (!m.success)
    throw new Error(`${file} 不是本程序的备份清单 (not a backup manifest: ${m.error.issues[0]?.message})`);
  return m.data;
}
