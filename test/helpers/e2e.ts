import { afterEach, beforeEach } from 'vitest';
import { type Harness, type HarnessOptions, startHarness } from './harness.ts';

/**
 * A fresh bot for every test of the file, on a clock the test moves (`clock.now = …`) and that starts
 * again at `start`; stopped after each test. `h` always stands for the running test's harness.
 */
export function harnessEachTest(start: Date, options: Omit<HarnessOptions, 'clock'> = {}) {
  const clock = { now: start };
  let current: Harness | undefined;
  beforeEach(async () => {
    clock.now = start;
    current = await startHarness({ ...options, clock: () => clock.now });
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  const h = new Proxy({} as Harness, {
    get(_, key) {
      if (!current) throw new Error('the harness runs only inside a test');
      const v = Reflect.get(current, key, current);
      return typeof v === 'function' ? v.bind(current) : v;
    },
  });
  return { h, clock };
}
