// Runs a command with TZ=Asia/Shanghai whatever the host's zone: chinese-days and chrono-node (zh)
// read the process time zone, and every date in the rules is a Beijing date.
import { spawn } from 'node:child_process';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/tz.mjs <command> [args…]');
  process.exit(2);
}
// A larger young generation: a burst of card taps allocates a lot of short-lived objects, and fewer
// scavenges keep the last tap of a burst closer to the first (bench/taps.ts; costs at most ~64 MB).
const YOUNG_GEN = '--max-semi-space-size=32';
const nodeOptions = [process.env.NODE_OPTIONS, YOUNG_GEN].filter(Boolean).join(' ');
const child = spawn(cmd, args, {
  stdio: 'inherit',
  env: { ...process.env, TZ: 'Asia/Shanghai', NODE_OPTIONS: nodeOptions },
  shell: process.platform === 'win32',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
