import { configDefaults, defineConfig } from 'vitest/config';

// The rules' dates are Beijing dates; chinese-days and chrono-node read the process zone.
process.env.TZ = 'Asia/Shanghai';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // kill -9 runs, Lark fault storms and races: `npm run test:faults` (vitest.faults.config.ts); real
    // processes, installs, the Dockerfile and the systemd unit: `npm run test:deploy`. The durability order
    // (test/store/durable-order.test.ts) runs here: a send before its write must fail `npm test`.
    exclude: [...configDefaults.exclude, 'test/faults/**', 'test/deploy/**'],
    env: { TZ: 'Asia/Shanghai' },
    setupFiles: ['test/setup/card-check.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
