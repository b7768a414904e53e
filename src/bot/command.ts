import type { z } from 'zod';
import type { Context } from './context.ts';

/** Who may use a command, declared once (never re-checked inside handlers). */
export interface Audience {
  /** Chinese, e.g. 区政府领导 — shown when someone else tries. */
  label: string;
  allows(ctx: Pick<Context, 'actor' | 'org'>): boolean;
}

export const anyone: Audience = { label: '所有人', allows: () => true };

export interface Command<A = string> {
  name: string;
  /** Chinese and English aliases, without the slash. */
  aliases: string[];
  summary: string;
  /** The command's forms, shown in usage replies and /帮助. */
  usage: string[];
  who: Audience;
  /** Parses the text after the command; a failed parse answers with the issue and the usage. */
  args: z.ZodType<A, string>;
  /** The most characters the text after the command may have; longer is refused before `args` sees it. */
  maxLength?: number;
  run(ctx: Context, args: A): Promise<void>;
}

export function defineCommand<A>(c: Command<A>): Command<unknown> {
  return c as unknown as Command<unknown>;
}

export interface CommandRegistry {
  all(): Command<unknown>[];
  find(word: string): Command<unknown> | undefined;
  closest(word: string): Command<unknown> | undefined;
}

function norm(word: string): string {
  return word
    .replace(/^[/／]/, '')
    .trim()
    .toLowerCase();
}

/** Refuses to build when two commands share a name or an alias. */
export function createRegistry(commands: Command<unknown>[]): CommandRegistry {
  const byWord = new Map<string, Command<unknown>>();
  for (const c of commands) {
    for (const w of new Set([c.name, ...c.aliases].map(norm))) {
      const other = byWord.get(w);
      if (other) throw new Error(`command word "/${w}" is used by both "${other.name}" and "${c.name}"`);
      byWord.set(w, c);
    }
  }
  return {
    all: () => commands,
    find: (word) => byWord.get(norm(word)),
    closest(word) {
      const w = norm(word);
      let best: { c: Command<unknown>; d: number } | undefined;
      for (const [k, c] of byWord) {
        const d = editDistance(w, k);
        if (!best || d < best.d) best = { c, d };
      }
      return best && best.d <= Math.max(2, Math.ceil(w.length / 2)) ? best.c : undefined;
    },
  };
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** Splits `/请假 明天 北京` into the command word and the rest; undefined when it is not a command. */
export function splitCommand(text: string): { word: string; rest: string } | undefined {
  const m = /^[/／]\s*(\S+)\s*([\s\S]*)$/.exec(text.trim());
  if (!m) return undefined;
  return { word: m[1]!, rest: m[2]!.trim() };
}
