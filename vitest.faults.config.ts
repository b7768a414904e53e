import { defineConfig } from 'vitest/config';

// The heavy fault tests (issue 8): the real bot killed with -9 mid-run, 30% of Lark calls failing,
// duplicated and racing events, and what a crash leaves on disk after every write.
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
