import { defineConfig } from 'vitest/config';

// The heavy fault tests (issue 8): the real bot killed with -9 mid-run, 30% of Lark calls failing,
// duplicated and racing events. What a crash leaves on disk after every write is checked by `npm test`
// (test/store/durable-order.test.ts).
process.env.TZ = 'Asia/Shanghai';

export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    env: { TZ: 'Asia/Shanghai' },
    setupFiles: ['test/setup/card-check.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    // One at a time: the crash run has a child process and its own timing to keep.
    fileParallelism: false,
  },
});
