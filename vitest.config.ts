import { defineConfig } from 'vitest/config';

// The rules' dates are Beijing dates; chinese-days and chrono-node read the process zone.
process.env.TZ = 'Asia/Shanghai';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    env: { TZ: 'Asia/Shanghai' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
