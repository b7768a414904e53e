// npm run build: compiles the bot to dist/ with esbuild.
//
// Why esbuild and not tsc: the sources import each other with .ts extensions and are checked by
// `npm run typecheck` (tsc --noEmit) already; what start-up needs is few files to load. esbuild bundles
// the project's own code into a handful of ES modules in well under a second (tsc needs ~20 s and emits
// one file per module), splits what only some runs need (the sandbox, the Excel export) into chunks
// loaded on first use, and is already here (tsx is built on it). Packages stay external: node_modules
// is installed beside dist/ (npm ci --omit=dev), and packages with native parts or their own workers
// (fs-native-extensions, pino, exceljs) load from there as they were published.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { sourceFingerprint } from './build-inputs.mjs';

const out = 'dist';
const t0 = performance.now();
const fingerprint = sourceFingerprint();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: {
    main: 'src/main.ts',
    backup: 'src/ops/backup-cli.ts',
    restore: 'src/ops/restore-cli.ts',
    // npm run org:import / org:chats: run on the production host too, where only dist/ and the
    // production dependencies are (no tsx).
    'org-import': 'src/org-import.ts',
    'org-chats': 'src/org-chats.ts',
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
  legalComments: 'none',
});
// The sandbox page's files, found beside the chunk that serves them (new URL('./public/', import.meta.url)).
cpSync('src/sandbox/web/public', `${out}/public`, { recursive: true });
writeFileSync(`${out}/package.json`, `${JSON.stringify({ type: 'module' })}\n`);
writeFileSync(
  `${out}/build.json`,
  `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString(), node: process.version }, null, 2)}\n`,
);
console.log(`built ${out}/ in ${Math.round(performance.now() - t0)} ms`);
