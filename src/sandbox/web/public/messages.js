// One chat message as a row: avatar, sender, time, and the text, card or file it carries.
import { renderCard } from './card.js';
import { escapeHtml as esc, renderText } from './markdown.js';
import { avatar, timeOf } from './ui.js';

/** A one-line summary for the chat list and reply quotes. */
export function previewOf(m) {
  const c = m.content ?? {};
  if (m.msgType === 'text')
    return String(c.text ?? '')
      .replace(/<at\b[^>]*>([\s\S]*?)<\/at>/g, '@$1')
      .replace(/@_user_\d+\s?/g, '');
  if (m.msgType === 'interactive') {
    const title = c.header?.title?.content ?? '';
    return `[卡片] ${title}`;
  }
  if (m.msgType === 'file') return `[文件] ${m.file?.name ?? ''}`;
  if (m.msgType === 'post') return `[富文本] ${postOf(c).title ?? ''}`;
  return `[${m.msgType}]`;
}

function postOf(c) {
  return c.zh_cn ?? c.en_us ?? c;
}

function postHtml(c, ctx) {
  const p = postOf(c);
  const lines = (Array.isArray(p.content) ? p.content : []).map((line) =>
    (Array.isArray(line) ? line : [])
      .map((n) => {
        if (n.tag === 'at')
          return `<span class="at">@${esc(n.user_name ?? ctx.nameOf(n.user_id) ?? '')}</span>`;
        if (n.tag === 'a' && /^https?:/i.test(n.href ?? '')) {
          return `<a href="${esc(n.href)}" target="_blank" rel="noopener noreferrer">${esc(n.text ?? n.href)}</a>`;
        }
        return esc(n.text ?? '');
      })
      .join(''),
  );
  const title = p.title ? `<div class="post-title">${esc(p.title)}</div>` : '';
  return `${title}${lines.join('<br>')}`;
}

function urgentHtml(m, ctx) {
  if (!m.urgent?.length) return '';
  const names = [...new Set(m.urgent.flat())].map((id) => ctx.nameOf(id) ?? '用户');
  return `<div class="urgent">加急 · 已应用内提醒 ${esc(names.join('、'))}</div>`;
}

/** The message's body: bubble, card or file. Cards also return their interactive parts. */
export function bodyOf(m, ctx) {
  if (m.msgType === 'interactive') {
    const { html, actions } = renderCard(m.content, ctx);
    return { html: `<div class="card-wrap" data-card="${esc(m.id)}">${html}</div>`, actions };
  }
  if (m.msgType === 'text')
    return {
      html: `<div class="bubble">${renderText(String(m.content?.text ?? ''), ctx)}</div>`,
      actions: [],
    };
  if (m.msgType === 'post')
    return { html: `<div class="bubble">${postHtml(m.content ?? {}, ctx)}</div>`, actions: [] };
  if (m.msgType === 'file' && m.file) {
    const kb = Math.max(1, Math.round(m.file.size / 1024));
    return {
      html: `<a class="file" href="/sandbox/api/files/${encodeURIComponent(m.file.key)}" download><span class="file-icon">📄</span><span><span class="file-name">${esc(m.file.name)}</span><span class="file-size">${kb} KB</span></span></a>`,
      actions: [],
    };
  }
  return { html: `<div class="bubble muted">[${esc(m.msgType)} 消息]</div>`, actions: [] };
}

/** The whole row; `ctx.me` is the open_id of the person the page plays. */
export function messageRow(m, ctx) {
  const bot = m.from === 'bot';
  const mine = !bot && m.from === ctx.me;
  const person = bot ? undefined : ctx.byOpen.get(m.from);
  const name = bot ? ctx.botName : (person?.name ?? '用户');
  const { html, actions } = bodyOf(m, ctx);
  const quoted = m.replyTo && m.replyTo !== ctx.prevId ? ctx.byId.get(m.replyTo) : undefined;
  const quote = quoted
    ? `<div class="quote">回复 ${esc(quoted.from === 'bot' ? ctx.botName : (ctx.byOpen.get(quoted.from)?.name ?? '用户'))}：${esc(previewOf(quoted).slice(0, 60))}</div>`
    : '';
  const tag = bot ? '<span class="bot-tag">机器人</span>' : '';
  const av = bot ? avatar('bot', name, 'bot') : avatar(person?.id ?? m.from, name);
  return {
    html: `<div class="msg${mine ? ' mine' : ''}${m.msgType === 'interactive' ? ' is-card' : ''}" data-id="${esc(m.id)}">${av}<div class="msg-main"><div class="msg-meta"><span class="msg-name">${esc(name)}</span>${tag}<span class="msg-time">${timeOf(m.at)}</span></div>${quote}${html}${urgentHtml(m, ctx)}</div></div>`,
    actions,
  };
}
