import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../commands/index.ts';
import { anyone, createRegistry, defineCommand, editDistance, splitCommand } from '../../src/bot/command.ts';

const fake = (name: string, aliases: string[]) =>
  defineCommand({
    name,
    aliases,
    summary: name,
    usage: [`/${name}`],
    who: anyone,
    args: z.string(),
    run: async () => {},
  });

describe('command parsing', () => {
  it.each([
    ['/请假 明天 北京', { word: '请假', rest: '明天 北京' }],
    ['／请假', { word: '请假', rest: '' }],
    ['  /help   ', { word: 'help', rest: '' }],
    ['/ 帮助', { word: '帮助', rest: '' }],
    ['/台账 导出\n第二行', { word: '台账', rest: '导出\n第二行' }],
  ])('splits %j', (text, expected) => {
    expect(splitCommand(text)).toEqual(expected);
  });

  it.each(['请假', '', 'hello /help'])('%j is not a command', (text) => {
    expect(splitCommand(text)).toBeUndefined();
  });

  it('finds commands by name and by Chinese or English alias, case-insensitively', () => {
    const r = createRegistry(commands);
    expect(r.find('帮助')?.name).toBe('help');
    expect(r.find('HELP')?.name).toBe('help');
    expect(r.find('/我是谁')?.name).toBe('whoami');
    expect(r.find('nothing')).toBeUndefined();
  });

  it('suggests the closest command for a typo, and nothing for gibberish', () => {
    const r = createRegistry(commands);
    expect(r.closest('hlep')?.name).toBe('help');
    expect(r.closest('我是')?.name).toBe('whoami');
    expect(r.closest('zzzzzzzzzzzz')).toBeUndefined();
  });

  it('refuses to start when two commands share a name or an alias', () => {
    expect(() => createRegistry([fake('a', ['x']), fake('b', ['x'])])).toThrow(
      /"\/x" is used by both "a" and "b"/,
    );
    expect(() => createRegistry([fake('a', []), fake('a', [])])).toThrow(/used by both/);
  });

  it('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
