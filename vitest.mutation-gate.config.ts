import { defineConfig } from 'vitest/config';
import base from './vitest.mutation.config.ts';

// The tests the CI mutation gate (`npm run test:mutation:gate`, stryker.gate.config.mjs) runs against
// mutants of the core rule modules: the unit tests of the rules, the flood guard, the scheduler's nags
// (reminders.ts) and the over-long input suite. The rules' unit tests were written to pin these modules
// down; the end-to-end suites reach them too but cost seconds per mutant, which the full habit run
// (`npm run test:mutation`) pays overnight and CI can not.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'test/domain/**/*.test.ts',
      'test/bot/**/*.test.ts',
      'test/scheduler/scheduler.test.ts',
      'test/attacks/oversized.test.ts',
    ],
  },
});
