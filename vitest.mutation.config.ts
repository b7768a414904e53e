import { relative } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The tests Stryker runs against mutants of src/domain and src/bot (`npm run test:mutation`): the ones
// that reach those folders. The sandbox page, the browser, the store's file format and the fault suites
// exercise other code and would only slow each mutant down.
process.env.TZ = 'Asia/Shanghai';

/**
 * Stryker stops a mutant's run at its first failing test, so the order of files decides the cost: the
 * file that failed last (the same source file's previous mutant) first, then the quickest. Vitest's own
 * order (slowest first, to balance workers) starts every mutant with the end-to-end files, whose imports
 * (the Lark SDK, exceljs) alone take seconds.
 */
class QuickFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const last = (f: TestSpecification) =>
      cache.getFileTestResults(`${f.project.name}:${relative(config.root, f.moduleId)}`);
    const unit = (f: TestSpecification) => (/\/test\/(domain|bot|cards)\//.test(f.moduleId) ? 0 : 1);
    return [...files].sort((a, b) => {
      const la = last(a);
      const lb = last(b);
      if (Boolean(la?.failed) !== Boolean(lb?.failed)) return la?.failed ? -1 : 1;
      if (la && lb) return la.duration - lb.duration;
      return unit(a) - unit(b);
    });
  }
}

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
    sequence: { sequencer: QuickFirst },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
