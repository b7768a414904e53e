import { configDefaults, defineConfig } from 'vitest/config';

// The tests Stryker runs against mutants of src/domain and src/bot (`npm run test:mutation`): the ones
// that reach those folders. The sandbox page, the browser, the store's file format and the fault suites
// exercise other code and would only slow each mutant down.
process.env.TZ = 'Asia/Shanghai';

export default defineConfig({
  test: {
    include: [
      'test/domain/**/*.test.ts',
      'test/bot/**/*.test.ts',
      'test/cards/**/*.test.ts',
      'test/e2e/**/*.test.ts',
      'test/attacks/**/*.test.ts',
      'test/fuzz/**/*.test.ts',
      'test/scheduler/**/*.test.ts',
      'test/http/**/*.test.ts',
      'test/store/archive.test.ts',
      'test/org-loader.test.ts',
    ],
    exclude: [...configDefaults.exclude],
    // A fuzz property runs once per mutant that its cases reach: fewer cases than in `npm test`.
    env: { TZ: 'Asia/Shanghai', FUZZ_RUNS: '300' },
    // One module graph for all files: Stryker runs a few files per mutant, and importing the app anew for
    // each file cost ten times the tests themselves (84 s against 8 s for the whole set). The tests start
    // their own bot and store, so nothing they share is test state.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
