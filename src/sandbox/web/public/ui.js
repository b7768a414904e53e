// Small page helpers: Beijing time formatting, avatars, toasts.
import { escapeHtml as esc } from './markdown.js';

const TZ = 'Asia/Shanghai';
const WEEK = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function parts(ms) {
  const p = {};
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  });
  for (const x of f.formatToParts(new Date(ms))) p[x.type] = x.value;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday);
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), hh: p.hour, mm: p.minute, weekday };
}

export const dayKey = (ms) => {
  const p = parts(ms);
  return `${p.y}-${p.m}-${p.d}`;
};
export const timeOf = (ms) => {
  const p = parts(ms);
  return `${p.hh}:${p.mm}`;
};
/** The chat list's time: today's as HH:mm, yesterday's as 昨天, older ones as M月D日 (today = the sandbox's). */
export const shortWhen = (ms, nowMs) => {
  if (dayKey(ms) === dayKey(nowMs)) return timeOf(ms);
  if (dayKey(ms) === dayKey(nowMs - 86_400_000)) return '昨天';
  const p = parts(ms);
  return `${p.m}月${p.d}日`;
};
export const dayLabel = (ms) => {
  const p = parts(ms);
  return `${p.y}年${p.m}月${p.d}日 ${WEEK[p.weekday]}`;
};
export const clockLabel = (ms) => {
  const p = parts(ms);
  return `${p.y}年${p.m}月${p.d}日 ${WEEK[p.weekday]} ${p.hh}:${p.mm}`;
};
/** `YYYY-MM-DDTHH:mm` in Beijing time, for a datetime-local input. */
export const localInput = (ms) => {
  const p = parts(ms);
  const two = (n) => String(n).padStart(2, '0');
  return `${p.y}-${two(p.m)}-${two(p.d)}T${p.hh}:${p.mm}`;
};

const AVATAR_COLORS = [
  '#3370ff',
  '#7f3bf5',
  '#00b386',
  '#ff7d00',
  '#f54a45',
  '#14c0ff',
  '#e83e8c',
  '#6b7cff',
];

/** A round avatar with the last two characters of a name (a group's: its one glyph), coloured by the id. */
export function avatar(id, name, kind = 'person') {
  if (kind === 'bot') return '<span class="avatar av-bot" aria-hidden="true">督</span>';
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const bg = AVATAR_COLORS[h % AVATAR_COLORS.length];
  const chars = [...name];
  const text = kind === 'group' ? (chars[0] ?? '群') : chars.length > 2 ? chars.slice(-2).join('') : name;
  return `<span class="avatar${kind === 'group' ? ' av-group' : ''}" style="background:${bg}" aria-hidden="true">${esc(text)}</span>`;
}

const ICONS = { success: '✓', error: '✕', warning: '!', info: 'i' };

/** A Lark-style toast at the top of the page. */
export function toast(t) {
  if (!t?.content) return;
  const type = ICONS[t.type] ? t.type : 'info';
  // One toast at a time, as in Lark: a new answer replaces the last.
  for (const old of document.querySelectorAll('.toast')) old.remove();
  const el = document.createElement('div');
  el.className = `toast toast-${type}`;
  el.setAttribute('role', 'status');
  el.innerHTML = `<span class="toast-icon">${ICONS[type]}</span><span class="toast-text">${esc(t.content)}</span>`;
  document.getElementById('toasts').append(el);
  setTimeout(() => el.classList.add('toast-out'), 3200);
  setTimeout(() => el.remove(), 3600);
}
