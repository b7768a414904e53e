import type { z } from 'zod';
import { checkCard } from '../lark/card-rules.ts';
import type { Context } from './context.ts';

export type ToastType = 'info' | 'success' | 'error' | 'warning';

/** The synchronous answer to a card tap: a toast, and optionally the card redrawn in place. */
export interface CardReply {
  toast: { type: ToastType; content: string };
  card?: { type: 'raw'; data: unknown };
}

export interface CardAction<V = unknown> {
  /** `value.action` on the button. */
  action: string;
  /** Validates the whole button value (and form input merged in as `form`). */
  schema: z.ZodType<V>;
  /**
   * Form fields with a limit of their own, checked before anything reads them (every other field may
   * carry what a card input allows, 1000 characters). A date field is short: a parser reads it.
   */
  fieldLimits?: readonly FieldLimit[];
  run(ctx: Context, value: V): Promise<CardReply>;
}

export interface FieldLimit {
  name: string;
  /** As the card labels it, e.g. 开始日期. */
  label: string;
  max: number;
}

export function defineCardAction<V>(a: CardAction<V>): CardAction<unknown> {
  return a as unknown as CardAction<unknown>;
}

export function toast(type: ToastType, content: string, card?: unknown): CardReply {
  if (card !== undefined) checkCard(card, 'a tap answer’s');
  return card === undefined
    ? { toast: { type, content } }
    : { toast: { type, content }, card: { type: 'raw', data: card } };
}
