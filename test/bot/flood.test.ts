import { describe, expect, it } from 'vitest';
import { createFloodGuard, FLOOD_LIMITS } from '../../src/bot/flood.ts';

const T0 = Date.parse('2026-11-26T10:00:00+08:00');

describe('flood guard: per person, per minute', () => {
  it('lets 20 commands a minute through, answers the 21st once and drops the rest of the minute', () => {
    const guard = createFloodGuard();
    const verdicts = Array.from({ length: 25 }, (_, i) => guard.check('ou_a', 'message', T0 + i * 100));
    expect(verdicts.slice(0, 20)).toEqual(Array(20).fill('ok'));
    expect(verdicts.slice(20)).toEqual(['warn', 'drop', 'drop', 'drop', 'drop']);
    expect(FLOOD_LIMITS).toEqual({ messagesPerMinute: 20, tapsPerMinute: 120 });
  });

  it('the window slides: a command counts for exactly one minute', () => {
    const guard = createFloodGuard({ messagesPerMinute: 2, tapsPerMinute: 5 });
    expect(guard.check('ou_a', 'message', T0)).toBe('ok');
    expect(guard.check('ou_a', 'message', T0 + 30_000)).toBe('ok');
    expect(guard.check('ou_a', 'message', T0 + 59_999)).toBe('warn');
    // The first one is a minute old now; the second is not.
    expect(guard.check('ou_a', 'message', T0 + 60_000)).toBe('ok');
    expect(guard.check('ou_a', 'message', T0 + 60_001)).toBe('drop');
    expect(guard.check('ou_a', 'message', T0 + 90_000)).toBe('ok');
  });

  it('answers a refusal at most once a minute', () => {
    const guard = createFloodGuard({ messagesPerMinute: 1, tapsPerMinute: 1 });
    expect(guard.check('ou_a', 'message', T0)).toBe('ok');
    expect(guard.check('ou_a', 'message', T0 + 1)).toBe('warn');
    expect(guard.check('ou_a', 'message', T0 + 59_999)).toBe('drop');
    // A minute after the first: the window is free again.
    expect(guard.check('ou_a', 'message', T0 + 60_000)).toBe('ok');
    // Refused again, but the last answer was under a minute ago: dropped without a word.
    expect(guard.check('ou_a', 'message', T0 + 60_000)).toBe('drop');
    expect(guard.check('ou_a', 'message', T0 + 120_000)).toBe('ok');
    expect(guard.check('ou_a', 'message', T0 + 120_001)).toBe('warn');
  });

  it('counts taps apart from commands, and each person apart', () => {
    const guard = createFloodGuard({ messagesPerMinute: 1, tapsPerMinute: 3 });
    expect(guard.check('ou_a', 'message', T0)).toBe('ok');
    expect(['ok', 'ok', 'ok', 'warn'].map((_, i) => guard.check('ou_a', 'tap', T0 + i))).toEqual([
      'ok',
      'ok',
      'ok',
      'warn',
    ]);
    expect(guard.check('ou_b', 'message', T0)).toBe('ok');
    expect(guard.check('ou_b', 'tap', T0)).toBe('ok');
    expect(guard.check('ou_a', 'message', T0 + 1)).toBe('warn');
  });
});
