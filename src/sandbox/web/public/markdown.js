// Lark card markdown → safe HTML. Everything not recognised is shown as text: no HTML from a card
// ever reaches the page as markup. HTML entities are decoded *after* the markup is read, so text the
// bot escaped (e.g. `&#42;&#42;` for `**` an official typed) shows as the characters, never as bold.

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const COLORS = new Set([
  'red',
  'green',
  'grey',
  'gray',
  'blue',
  'orange',
  'yellow',
  'purple',
  'carmine',
  'violet',
  'indigo',
  'wathet',
  'turquoise',
  'default',
]);

/** Escapes text for HTML. */
export function escapeHtml(s) {
  return String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

/** Decodes the HTML entities Lark understands (named few, decimal and hex). */
export function decodeEntities(s) {
  return String(s).replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (m, e) => {
    if (e[0] !== '#') return NAMED[e.toLowerCase()] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

const safeUrl = (url) => (/^(https?:|mailto:|lark:)/i.test(url) ? url : undefined);

function colorAttr(raw) {
  const c = raw.replace(/^['"]|['"]$/g, '').trim();
  const base = c.split('-')[0].toLowerCase();
  if (COLORS.has(base)) return ` class="fc fc-${base === 'gray' ? 'grey' : base}"`;
  if (/^#[0-9a-f]{3,8}$/i.test(c)) return ` style="color:${c}"`;
  return '';
}

function attr(tag, name) {
  const m = new RegExp(`${name}\\s*=\\s*("[^"]*"|'[^']*'|[^\\s>]+)`, 'i').exec(tag);
  return m ? m[1].replace(/^['"]|['"]$/g, '') : undefined;
}

/** Finds the `</name>` closing the tag opened before `from`, counting nested ones. */
function closing(src, name, from) {
  const re = new RegExp(`<(/?)${name}\\b[^>]*>`, 'gi');
  re.lastIndex = from;
  let depth = 1;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return { start: m.index, end: re.lastIndex };
  }
  return undefined;
}

function mention(id, inner, ctx) {
  if (id === 'all') return '<span class="at at-all">@所有人</span>';
  const name = (id && ctx.nameOf?.(id)) || decodeEntities(inner).trim() || '用户';
  return `<span class="at">@${escapeHtml(name)}</span>`;
}

/**
 * Inline rules, tried in order at each position: a pattern anchored there and the HTML it becomes.
 * `<font>` is handled apart (it nests, and an unclosed one is plain text).
 */
const INLINE = [
  [/^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/i, (m) => escapeHtml(decodeEntities(m[0]))],
  [
    /^<at\b([^>]*)>([\s\S]*?)<\/at>/i,
    (m, ctx) =>
      mention(
        attr(m[0], 'id') ?? attr(m[0], 'user_id') ?? attr(m[0], 'open_id') ?? attr(m[0], 'email'),
        m[2],
        ctx,
      ),
  ],
  [
    /^<text_tag\b([^>]*)>([\s\S]*?)<\/text_tag>/i,
    (m, ctx) => {
      const color = (attr(m[0], 'color') ?? 'neutral').toLowerCase().replace(/[^a-z]/g, '');
      return `<span class="tt tt-${color}">${renderInline(m[2], ctx)}</span>`;
    },
  ],
  [/^<br\s*\/?>/i, () => '<br>'],
  [/^\*\*(?!\s)([\s\S]+?)\*\*/, (m, ctx) => `<strong>${renderInline(m[1], ctx)}</strong>`],
  [/^~~(?!\s)([\s\S]+?)~~/, (m, ctx) => `<del>${renderInline(m[1], ctx)}</del>`],
  [/^\*(?![\s*])([^*]+?)\*/, (m, ctx) => `<em>${renderInline(m[1], ctx)}</em>`],
  [/^`([^`]+)`/, (m) => `<code>${escapeHtml(decodeEntities(m[1]))}</code>`],
  [
    /^\[([^\]]+)\]\(([^)\s]+)\)/,
    (m, ctx) => {
      const url = safeUrl(decodeEntities(m[2]));
      const label = renderInline(m[1], ctx);
      return url
        ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>`
        : label;
    },
  ],
  [
    /^https?:\/\/[^\s<>"'）)\]]+/i,
    (m) => `<a href="${escapeHtml(m[0])}" target="_blank" rel="noopener noreferrer">${escapeHtml(m[0])}</a>`,
  ],
];

/** `<font color=…>…</font>` at `i`, nested ones included; undefined when there is none or it is not closed. */
function font(src, i, ctx) {
  const open = /^<font\b([^>]*)>/i.exec(src.slice(i));
  const close = open ? closing(src, 'font', i + open[0].length) : undefined;
  if (!open || !close) return undefined;
  const inner = renderInline(src.slice(i + open[0].length, close.start), ctx);
  return { html: `<span${colorAttr(attr(open[0], 'color') ?? '')}>${inner}</span>`, end: close.end };
}

function inlineAt(src, i, ctx) {
  const f = font(src, i, ctx);
  if (f) return f;
  const rest = src.slice(i);
  for (const [re, to] of INLINE) {
    const m = re.exec(rest);
    if (m) return { html: to(m, ctx), end: i + m[0].length };
  }
  // A run of ordinary characters up to the next one that may start markup.
  const run = /^[\s\S][^&<*~`[h]*/.exec(rest)[0];
  return { html: escapeHtml(run), end: i + run.length };
}

/** One line of inline markdown. */
export function renderInline(src, ctx = {}) {
  let out = '';
  for (let i = 0; i < src.length; ) {
    const piece = inlineAt(src, i, ctx);
    out += piece.html;
    i = piece.end;
  }
  return out;
}

/** A line that is not a list item: a rule, a heading, a quote, a gap or plain text. */
function block(line, ctx) {
  const heading = /^(#{1,6})\s+(.*)$/.exec(line);
  const quote = /^>\s?(.*)$/.exec(line);
  if (/^\s*([-*_])\s*\1\s*\1[\s\-*_]*$/.test(line)) return '<hr class="md-hr">';
  if (heading) return `<div class="md-h md-h${heading[1].length}">${renderInline(heading[2], ctx)}</div>`;
  if (quote) return `<div class="md-quote">${renderInline(quote[1], ctx)}</div>`;
  if (line.trim() === '') return '<div class="md-gap"></div>';
  return `<div class="md-line">${renderInline(line, ctx)}</div>`;
}

const LIST = /^(\s*)([-*+•]|\d+[.)])\s+(.*)$/;

/** A markdown block (lines, lists, headings, quotes, rules, code) as Lark's card `markdown` shows it. */
export function renderMarkdown(src, ctx = {}) {
  const lines = String(src ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  let out = '';
  const lists = []; // open lists: { tag, indent }
  const closeLists = (indent = -1) => {
    while (lists.length && lists[lists.length - 1].indent > indent) out += `</li></${lists.pop().tag}>`;
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (/^```/.test(line)) {
      closeLists();
      const code = [];
      for (n++; n < lines.length && !/^```/.test(lines[n]); n++) code.push(lines[n]);
      out += `<pre class="md-code">${escapeHtml(decodeEntities(code.join('\n')))}</pre>`;
      continue;
    }
    const item = LIST.exec(line);
    if (item && !/^\s*([-*])\1\1+\s*$/.test(line)) {
      const indent = item[1].replace(/\t/g, '    ').length;
      const tag = /\d/.test(item[2]) ? 'ol' : 'ul';
      closeLists(indent);
      let top = lists[lists.length - 1];
      if (top && top.indent === indent && top.tag !== tag) {
        out += `</li></${lists.pop().tag}>`;
        top = lists[lists.length - 1];
      }
      if (!top || indent > top.indent) {
        const start =
          tag === 'ol' && Number.parseInt(item[2], 10) !== 1
            ? ` start="${Number.parseInt(item[2], 10)}"`
            : '';
        out += `<${tag}${start} class="md-list">`;
        lists.push({ tag, indent });
      } else {
        out += '</li>';
      }
      out += `<li>${renderInline(item[3], ctx)}`;
      continue;
    }
    closeLists();
    out += block(line, ctx);
  }
  closeLists();
  return out;
}

/**
 * A text message: plain text with `<at user_id="…">name</at>` mentions (Lark's text format) and the
 * `@_user_N` placeholders of incoming messages; links are clickable, nothing else is markup.
 */
export function renderText(text, ctx = {}) {
  let out = '';
  const re = /<at\b([^>]*)>([\s\S]*?)<\/at>|@_user_\d+|https?:\/\/[^\s<>"'）)\]]+/gi;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out += escapeHtml(text.slice(last, m.index));
    if (m[0].startsWith('<')) out += mention(attr(m[0], 'user_id') ?? attr(m[0], 'id'), m[2], ctx);
    else if (m[0].startsWith('@')) out += `<span class="at">@${escapeHtml(ctx.botName ?? '机器人')}</span>`;
    else
      out += `<a href="${escapeHtml(m[0])}" target="_blank" rel="noopener noreferrer">${escapeHtml(m[0])}</a>`;
    last = re.lastIndex;
  }
  out += escapeHtml(text.slice(last));
  return out.replace(/\n/g, '<br>');
}
