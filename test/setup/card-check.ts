import { afterEach, beforeAll, expect } from 'vitest';
import { checkCardsStrictly, takeCardProblems } from '../../src/lark/card-rules.ts';

// Issue 12: every card every test produces — built, sent, patched or answering a tap — is checked
// against Card JSON 2.0 (src/lark/card-rules.ts); a test that produced a card Lark would refuse fails,
// even when the bot's error boundary swallowed the throw.
beforeAll(() => {
  checkCardsStrictly(true);
});
afterEach(() => {
  expect(takeCardProblems()).toEqual([]);
});
