// What a build is made from, and its fingerprint: `npm start` rebuilds when the fingerprint of the
// sources differs from the one the last build recorded (dist/build.json), not when mtimes say so (a
// checkout or an rsync of an older file would fool them).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DIRS = ['src', 'commands', 'cards'];
const FILES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'scripts/build.mjs',
  'scripts/build-inputs.mjs',
];

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
}

/** Whether this is a source checkout (a deployed dist/ alone has no sources to compare with). */
export function hasSources(root = '.') {
  return existsSync(join(root, 'src', 'main.ts'));
}

export function sourceFingerprint(root = '.') {
  const files = [];
  for (const d of DIRS) if (existsSync(join(root, d))) walk(join(root, d), files);
  for (const f of FILES) if (existsSync(join(root, f))) files.push(join(root, f));
  const h = createHash('sha256');
  for (const f of files) {
    h.update(`${f}\0`);
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}
