// Types for the page's plain-JS card renderer, so the node tests can import it.
import type { RenderContext } from './markdown.js';

/** What tapping a rendered part sends. */
export interface CardPart {
  kind: 'button' | 'change';
  value?: Record<string, unknown>;
  url?: string;
  name?: string;
  form?: string;
  submit?: boolean;
  reset?: boolean;
  tag?: string;
  confirm?: unknown;
}
export function renderCard(card: unknown, ctx?: RenderContext): { html: string; actions: CardPart[] };
export function formValues(form: unknown): Record<string, unknown>;
export function missingRequired(form: unknown): unknown[];
