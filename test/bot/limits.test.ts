import { describe, expect, it } from 'vitest';
import { charCount, grouped } from '../../src/bot/limits.ts';

// Issue 12: input limits count characters as officials do, so a 字 outside the BMP (a rare name's 𠀀) or an
// emoji is one character, not two UTF-16 units, and full-width punctuation counts like any other.
describe('input limits count characters as officials count them', () => {
  it('a surrogate pair counts once, at both ends of the supplementary planes', () => {
    expect(charCount('𠀀')).toBe(1);
    expect(charCount('\u{10000}')).toBe(1); // high D800, low DC00
    expect(charCount('\u{10FFFF}')).toBe(1); // high DBFF, low DFFF
    expect(charCount('请假😀')).toBe(3);
  });

  it('characters above the surrogates (full-width punctuation, private use) count once each', () => {
    expect(charCount('，。！')).toBe(3);
    expect(charCount('\uE000\uFFFD')).toBe(2);
    expect(charCount('')).toBe(0);
  });

  it('numbers in a notice are grouped by thousands', () => {
    expect(grouped(20000)).toBe('20,000');
    expect(grouped(999)).toBe('999');
  });
});
