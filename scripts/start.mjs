// npm start (and npm run backup / restore / org:import / org:chats): runs the compiled bot with plain node, in this process.
// npm's script is `exec node scripts/start.mjs`, so npm's child is this node process itself (no shell
// in between): a SIGTERM to npm reaches the bot, and the bot is the only long-lived process besides npm.
// In a source checkout it first rebuilds dist/ when dist/ is missing or older than the sources, so
// `npm install && npm start` works on a fresh clone; a deployment without sources runs dist/ as it is.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { hasSources, sourceFingerprint } from './build-inputs.mjs';

const entry = process.argv[2] ?? 'main';
if (!/^(main|backup|restore|org-import|org-chats)$/.test(entry)) {
  console.error(
    `usage: node scripts/start.mjs [main|backup|restore|org-import|org-chats] [args…] (got ${entry})`,
  );
  process.exit(2);
}
const file = `dist/${entry}.js`;

function stale() {
  if (!existsSync(file) || !existsSync('dist/build.json')) return 'dist/ is missing';
  if (!hasSources()) return undefined;
  const built = JSON.parse(readFileSync('dist/build.json', 'utf8')).fingerprint;
  return built === sourceFingerprint() ? undefined : 'the sources changed since the last build';
}

const why = stale();
if (why) {
  console.error(`building dist/ (${why})…`);
  // A short-lived child: the bot's own process never loads the compiler.
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(
      'npm run build failed. It needs the dev dependencies (npm install, not npm ci --omit=dev); a production install runs a dist/ built elsewhere.',
    );
    process.exit(1);
  }
}
// The entry's own arguments come after the entry name.
process.argv.splice(2, 1);
await import(pathToFileURL(file).href);
