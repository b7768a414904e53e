// Types for the page's plain-JS renderer, so the node tests can import it.
export interface RenderContext {
  /** A display name for an open_id in `<at id=…>` mentions. */
  nameOf?(openId: string): string | undefined;
  botName?: string;
}
export function escapeHtml(s: string): string;
export function decodeEntities(s: string): string;
export function renderInline(src: string, ctx?: RenderContext): string;
export function renderMarkdown(src: string, ctx?: RenderContext): string;
export function renderText(text: string, ctx?: RenderContext): string;
