import { defineConfig } from 'vitest/config';

// The operator's view (issue 13): the compiled bot as real processes, npm start on a fresh copy, the
// Dockerfile's commands, the systemd unit. Slow (npm installs), so kept out of `npm test`; .ci/run runs it.
process.env.TZ = 'Asia/Shanghai';

export default defineConfig({
  test: {
    include: ['test/deploy/**/*.test.ts'],
    env: { TZ: 'Asia/Shanghai' },
    // Cards built in the test process are checked too (issue 12); the check runs where a card is built,
    // so the bots these tests start as child processes are not covered by it.
    setupFiles: ['test/setup/card-check.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
