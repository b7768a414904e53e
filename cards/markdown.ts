// Whatever an official typed is shown as text, never as markup: card markdown would otherwise turn
// `<at id=all></at>` into a ping to everyone and `**`/`[x](url)` into formatting or links.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  '(': '&#40;',
  ')': '&#41;',
  '#': '&#35;',
  '+': '&#43;',
  '-': '&#45;',
  '!': '&#33;',
  '|': '&#124;',
  '\\': '&#92;',
  $: '&#36;',
  ':': '&#58;',
};

/** Escapes user text for a card `markdown` element; newlines become spaces unless `multiline`. */
export function esc(text: string, opts: { multiline?: boolean; max?: number } = {}): string {
  let t = text.replace(/\r\n?/g, '\n');
  t = opts.multiline ? t.replace(/\n{3,}/g, '\n\n') : t.replace(/\s*\n\s*/g, ' ');
  if (opts.max !== undefined && [...t].length > opts.max) t = `${[...t].slice(0, opts.max).join('')}…`;
  return t.replace(/[&<>*_~`[\]()#+\-!|\\$:]/g, (c) => ENTITIES[c] ?? c);
}

/** Reverses `esc` (the sandbox page shows text as Lark would). */
export function unesc(text: string): string {
  return text.replace(/&(amp|lt|gt|#\d+);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    return String.fromCharCode(Number(e.slice(1)));
  });
}

/**
 * User text inside a plain text message: Lark parses `<at user_id="…">` there too, so the angle
 * brackets become full-width look-alikes and no one can be pinged by what someone typed.
 */
export function plainText(text: string, max = 1000): string {
  const t = [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;
  return t.replace(/</g, '＜').replace(/>/g, '＞');
}

// Unicode punctuation and symbols, as CommonMark's flanking rules count them (an entity such as
// `&#41;` ends in ';', punctuation too).
const PUNCT = /[\p{P}\p{S}]/u;

/**
 * `**text**`, kept bold whatever its edges: a closing `**` after punctuation and before a letter is not
 * a delimiter in CommonMark, so `请**区发展和改革局（区粮食局）**签收` showed its asterisks. A space
 * outside a punctuated edge makes the markers count (Lark's own advice: leave a space around bold).
 */
export function strong(value: string | number): string {
  const text = String(value);
  const chars = [...text];
  const before = chars.length > 0 && PUNCT.test(chars[0]!) ? ' ' : '';
  const after = chars.length > 0 && PUNCT.test(chars.at(-1)!) ? ' ' : '';
  return `${before}**${text}**${after}`;
}
