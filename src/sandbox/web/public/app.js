// The sandbox chat page: play any official, chat with the bot as they would in Lark, tap its cards.
import { get, listen, post } from './api.js';
import { createApprovals } from './approvals.js';
import { formValues, missingRequired } from './card.js';
import { escapeHtml as esc } from './markdown.js';
import { messageRow, previewOf } from './messages.js';
import { avatar, clockLabel, dayKey, dayLabel, localInput, shortWhen, toast } from './ui.js';

const $ = (id) => document.getElementById(id);

const S = {
  dir: undefined,
  people: new Map(),
  byOpen: new Map(),
  me: undefined,
  chatId: undefined,
  lastChat: new Map(),
  messages: [],
  byId: new Map(),
  actions: new Map(),
  offsetMs: 0,
  /** Messages per chat when the page loaded: older ones are never "unread". */
  baseline: new Map(),
  seen: new Map(),
  mention: true,
  /** 'chat', or 'ac' while the person's Approval Center is shown instead of a chat. */
  view: 'chat',
  acCount: 0,
  acEnabled: false,
};

const p2pOf = (person) => `oc_p2p_${person.openId}`;
/** A group's avatar character: 领导群, 督查室群, 政府办群. */
const GROUP_GLYPH = { leaders: '领', supervision: '查', governmentOffice: '办' };
const meP = () => S.people.get(S.me);
const isGroup = (chatId) => S.dir.chats.some((c) => c.chatId === chatId);
const inChat = (chatId) => S.messages.filter((m) => m.chatId === chatId);
const ctx = (prevId) => ({
  me: meP()?.openId,
  byOpen: S.byOpen,
  byId: S.byId,
  botName: S.dir.botName,
  nameOf: (openId) => S.byOpen.get(openId)?.name,
  prevId,
});

function chatsOf(personId) {
  const p = S.people.get(personId);
  return [
    { chatId: p2pOf(p), name: S.dir.botName, kind: 'p2p', members: [personId] },
    ...S.dir.chats.filter((c) => c.members.includes(personId)),
  ];
}

const seenKey = (chatId) => `${S.me}|${chatId}`;
const unread = (chatId) =>
  inChat(chatId).length - (S.seen.get(seenKey(chatId)) ?? S.baseline.get(chatId) ?? 0);

// ---- rendering -------------------------------------------------------------------------------

function renderWho() {
  $('who').innerHTML = S.dir.groups
    .map(
      (g) =>
        `<optgroup label="${esc(g.label)}">${g.people
          .map((id) => S.people.get(id))
          .map(
            (p) =>
              `<option value="${esc(p.id)}"${p.id === S.me ? ' selected' : ''}>${esc(p.name)} · ${esc(p.title)}</option>`,
          )
          .join('')}</optgroup>`,
    )
    .join('');
  const me = meP();
  $('me-avatar').innerHTML = avatar(me.id, me.name);
  $('me-title').textContent = me.role || me.title;
}

function renderChats() {
  const ac = !S.acEnabled
    ? ''
    : `<button type="button" class="chat-item${S.view === 'ac' ? ' active' : ''}" data-ac="1"><span class="avatar av-group" style="background:#ff7d00" aria-hidden="true">审</span><span class="ci-main"><span class="ci-top"><span class="ci-name">审批中心</span></span><span class="ci-bottom"><span class="ci-preview">待办 ${S.acCount} 项</span>${S.acCount > 0 ? `<span class="badge">${S.acCount}</span>` : ''}</span></span></button>`;
  $('chats').innerHTML =
    chatsOf(S.me)
      .map((c) => {
        const list = inChat(c.chatId);
        const last = list[list.length - 1];
        const n = c.chatId === S.chatId ? 0 : unread(c.chatId);
        const av =
          c.kind === 'p2p'
            ? avatar('bot', c.name, 'bot')
            : avatar(c.kind, GROUP_GLYPH[c.kind] ?? c.name, 'group');
        return `<button type="button" class="chat-item${c.chatId === S.chatId && S.view === 'chat' ? ' active' : ''}" data-chat="${esc(c.chatId)}">${av}<span class="ci-main"><span class="ci-top"><span class="ci-name">${esc(c.name)}</span><span class="ci-time">${last ? shortWhen(last.at, Date.now() + S.offsetMs) : ''}</span></span><span class="ci-bottom"><span class="ci-preview">${last ? esc(previewOf(last)) : c.kind === 'p2p' ? '发送 /帮助 查看可用命令' : ''}</span>${n > 0 ? `<span class="badge">${n > 99 ? '99+' : n}</span>` : ''}</span></span></button>`;
      })
      .join('') + ac;
}

function dayRow(ms) {
  return `<div class="day" data-day="${dayKey(ms)}"><span>${dayLabel(ms)}</span></div>`;
}

function renderChat() {
  const chat = chatsOf(S.me).find((c) => c.chatId === S.chatId);
  const group = chat.kind !== 'p2p';
  $('chat-head').innerHTML =
    `<div class="ch-name">${esc(chat.name)}${group ? '' : '<span class="bot-tag">机器人</span>'}</div><div class="ch-sub">${
      group ? `${chat.members.length + 1} 位成员（含机器人）` : '单聊'
    } · 以 <b>${esc(meP().name)}</b>（${esc(meP().title)}）的身份</div>`;
  let html = '';
  let prev;
  S.actions.clear();
  for (const m of inChat(S.chatId)) {
    if (!prev || dayKey(prev.at) !== dayKey(m.at)) html += dayRow(m.at);
    const row = messageRow(m, ctx(prev?.id));
    S.actions.set(m.id, row.actions);
    html += row.html;
    prev = m;
  }
  $('msgs').innerHTML = html || emptyNote();
  $('msgs').scrollTop = $('msgs').scrollHeight;
  S.seen.set(seenKey(S.chatId), inChat(S.chatId).length);
  $('at-bot').hidden = !group;
  $('input').placeholder = group ? `发送到 ${chat.name}` : `发送给 ${S.dir.botName}，输入 /帮助 查看命令`;
  renderMentionHint();
}

function emptyNote() {
  // The sandbox Lark keeps chats in memory: after a restart the bot's data is there but not the chats.
  const restarted = S.dir.items > 0 && S.messages.length === 0;
  return restarted
    ? '<div class="empty">机器人重启后，沙箱的聊天记录不会保留（数据仍在）。点上方的“重置”或“示例数据”重新开始。</div>'
    : '<div class="empty">还没有消息。试试发送 <b>/帮助</b>，或点上方的“示例数据”。</div>';
}

function renderMentionHint() {
  const group = isGroup(S.chatId);
  $('at-bot').classList.toggle('on', S.mention);
  $('hint').textContent = !group
    ? 'Enter 发送，Shift+Enter 换行。命令以 / 开头，例如 /请假。'
    : S.mention
      ? '消息将 @政务督办助手 发出（群聊中机器人只回复 @它 的消息）。'
      : '未 @政务督办助手：机器人不会回复这条群消息，和飞书中一样。';
}

function renderQuick() {
  $('quick').innerHTML = S.dir.commands
    .filter((c) => !c.who || c.who.includes(S.me))
    .map(
      (c) =>
        `<button type="button" class="chip" data-cmd="/${esc(c.word)}" title="${esc(c.summary)}">/${esc(c.word)}</button>`,
    )
    .join('');
}

function appendMessage(m) {
  const box = $('msgs');
  const near = box.scrollHeight - box.scrollTop - box.clientHeight < 160;
  box.querySelector('.empty')?.remove();
  const list = inChat(S.chatId);
  const prev = list[list.length - 2];
  let html = '';
  if (!prev || dayKey(prev.at) !== dayKey(m.at)) html += dayRow(m.at);
  const row = messageRow(m, ctx(prev?.id));
  S.actions.set(m.id, row.actions);
  box.insertAdjacentHTML('beforeend', html + row.html);
  if (near || m.from === meP().openId) box.scrollTop = box.scrollHeight;
  S.seen.set(seenKey(S.chatId), list.length);
}

/** Redraws one message in place (a patched card, an urgent mark), keeping the scroll position. */
function redraw(id) {
  const m = S.byId.get(id);
  const el = $('msgs').querySelector(`.msg[data-id="${CSS.escape(id)}"]`);
  if (!m || !el) return;
  const list = inChat(S.chatId);
  const prev = list[list.indexOf(m) - 1];
  const row = messageRow(m, ctx(prev?.id));
  S.actions.set(id, row.actions);
  el.outerHTML = row.html;
}

function renderClock() {
  const now = Date.now() + S.offsetMs;
  $('clock-time').textContent = clockLabel(now);
  const h = Math.round(Math.abs(S.offsetMs) / 3_600_000);
  const shift = h >= 24 ? `${Math.floor(h / 24)} 天${h % 24 ? ` ${h % 24} 小时` : ''}` : `${h} 小时`;
  $('clock-shift').textContent =
    Math.abs(S.offsetMs) < 60_000 ? '' : `${S.offsetMs > 0 ? '已调快' : '已调慢'} ${shift}`;
}

function renderAll() {
  renderWho();
  renderQuick();
  renderChats();
  renderChat();
}

// ---- state changes ---------------------------------------------------------------------------

function setMe(id) {
  if (!S.people.has(id)) return;
  if (S.me) S.lastChat.set(S.me, S.chatId);
  S.me = id;
  localStorage.setItem('sandbox.me', id);
  const chats = chatsOf(id);
  const last = S.lastChat.get(id);
  S.chatId = chats.some((c) => c.chatId === last) ? last : chats[0].chatId;
  renderAll();
  approvals.refresh();
}

const approvals = createApprovals($('ac'), {
  me: () => S.me,
  name: () => meP()?.name ?? '',
  offsetMs: () => S.offsetMs,
  visible: () => S.view === 'ac',
  onCount: (n, enabled) => {
    if (n === S.acCount && enabled === S.acEnabled) return;
    S.acCount = n;
    S.acEnabled = enabled;
    renderChats();
  },
});

function showView(view) {
  S.view = view;
  $('chat-pane').hidden = view !== 'chat';
  $('ac').hidden = view !== 'ac';
}

function openApprovals() {
  showView('ac');
  renderChats();
  approvals.refresh();
}

function openChat(chatId) {
  showView('chat');
  S.chatId = chatId;
  renderChats();
  renderChat();
  $('input').focus();
}

function addMessage(m) {
  if (S.byId.has(m.id)) return;
  S.messages.push(m);
  S.byId.set(m.id, m);
  if (m.chatId === S.chatId) appendMessage(m);
  renderChats();
}

function onEvent(e) {
  if (e.type === 'message') addMessage(e.message);
  else if (e.type === 'card') {
    const m = S.byId.get(e.messageId);
    if (!m) return;
    m.content = e.content;
    if (m.chatId === S.chatId) redraw(m.id);
    renderChats();
  } else if (e.type === 'urgent') {
    const m = S.byId.get(e.messageId);
    if (!m) return;
    m.urgent = [...(m.urgent ?? []), e.userIds];
    if (m.chatId === S.chatId) redraw(m.id);
  } else if (e.type === 'clock') {
    S.offsetMs = e.offsetMs;
    renderClock();
    renderChats();
  } else if (e.type === 'reset') {
    S.dir.items = 0;
    S.messages = [];
    S.byId.clear();
    S.baseline.clear();
    S.seen.clear();
    renderChats();
    renderChat();
    approvals.refresh();
  } else if (e.type === 'org') {
    // Who is who changed (a directory refresh): the people, chats and commands are drawn again.
    load();
  } else if (e.type === 'approval') {
    approvals.refresh();
  } else if (e.type === 'demo') {
    banner(e.state === 'running' ? '正在生成示例数据：按真实的命令和卡片点击逐步办理，请稍候…' : undefined);
  }
}

function banner(text) {
  $('banner').hidden = !text;
  $('banner-text').textContent = text ?? '';
}

async function load() {
  const [dir, { messages }] = await Promise.all([get('state'), get('messages')]);
  S.dir = dir;
  S.people = new Map(dir.people.map((p) => [p.id, p]));
  S.byOpen = new Map(dir.people.map((p) => [p.openId, p]));
  S.messages = messages;
  S.byId = new Map(messages.map((m) => [m.id, m]));
  S.offsetMs = dir.clock.offsetMs;
  S.baseline = new Map();
  for (const m of messages) S.baseline.set(m.chatId, (S.baseline.get(m.chatId) ?? 0) + 1);
  $('next-morning').textContent = `下一工作日 ${dir.clock.digestTime}`;
  const wanted = new URLSearchParams(location.search).get('as') ?? localStorage.getItem('sandbox.me');
  const me = S.people.has(wanted) ? wanted : S.people.has('cao-min') ? 'cao-min' : dir.people[0].id;
  S.me = undefined;
  setMe(me);
  renderClock();
  banner(dir.demo ? `正在${dir.demo}，请稍候…` : undefined);
}

// ---- actions ---------------------------------------------------------------------------------

async function send(text) {
  let body = text.trim();
  if (!body) return;
  const group = isGroup(S.chatId);
  let mention = group && S.mention;
  const prefix = `@${S.dir.botName}`;
  if (body.startsWith(prefix)) {
    mention = group;
    body = body.slice(prefix.length).trim();
  }
  const r = await post('send', { as: S.me, chatId: S.chatId, text: body, mentionBot: mention });
  if (r.toast) toast(r.toast);
  return !r.toast;
}

async function tapPart(el) {
  const wrap = el.closest('[data-card]');
  const id = wrap?.dataset.card;
  const a = S.actions.get(id)?.[Number(el.dataset.act)];
  if (!a) return;
  if (a.reset) return el.closest('form')?.reset();
  if (a.url && !a.value) return window.open(a.url, '_blank', 'noopener');
  if (
    a.confirm &&
    !window.confirm(`${a.confirm.title?.content ?? ''}\n${a.confirm.text?.content ?? ''}`.trim())
  )
    return;
  const body = { as: S.me, messageId: id, value: a.value ?? {}, tag: a.tag ?? 'button' };
  if (a.name) body.name = a.name;
  if (a.kind === 'change')
    body.option =
      el.dataset.kind === 'multi' ? [...el.querySelectorAll('input:checked')].map((c) => c.value) : el.value;
  if (a.submit) {
    const form = el.closest('form');
    const missing = missingRequired(form);
    for (const f of form.querySelectorAll('.invalid')) f.classList.remove('invalid');
    if (missing.length) {
      for (const f of missing) f.classList.add('invalid');
      return toast({ type: 'warning', content: '请填写必填项' });
    }
    body.formValue = formValues(form);
  }
  if (!a.value) return;
  wrap.classList.add('busy');
  el.classList.add('loading');
  const r = await post('tap', body);
  wrap.classList.remove('busy');
  el.classList.remove('loading');
  toast(r.toast);
}

async function tool(button, path, body, confirmText) {
  if (confirmText && !window.confirm(confirmText)) return;
  const all = document.querySelectorAll('.tool');
  for (const b of all) b.disabled = true;
  button.classList.add('loading');
  try {
    const r = await post(path, body);
    toast(r.toast);
  } finally {
    for (const b of all) b.disabled = false;
    button.classList.remove('loading');
  }
}

function wire() {
  $('who').addEventListener('change', (e) => setMe(e.target.value));
  $('chats').addEventListener('click', (e) => {
    if (e.target.closest('[data-ac]')) return openApprovals();
    const item = e.target.closest('[data-chat]');
    if (item) openChat(item.dataset.chat);
  });
  const input = $('input');
  const submit = async () => {
    const text = input.value;
    if (!text.trim()) return;
    input.value = '';
    autosize();
    if (!(await send(text))) input.value = text;
  };
  const autosize = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  };
  input.addEventListener('input', autosize);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  $('send').addEventListener('click', submit);
  $('at-bot').addEventListener('click', () => {
    S.mention = !S.mention;
    renderMentionHint();
  });
  $('quick').addEventListener('click', (e) => {
    const chip = e.target.closest('[data-cmd]');
    if (chip) send(chip.dataset.cmd);
  });
  const msgs = $('msgs');
  msgs.addEventListener('click', (e) => {
    const part = e.target.closest('button[data-act]');
    if (part && !part.disabled) tapPart(part);
  });
  msgs.addEventListener('change', (e) => {
    const multi = e.target.closest('.c-multi');
    if (multi) {
      const chosen = [...multi.querySelectorAll('input:checked')].map((c) => c.dataset.text);
      multi.querySelector('summary').innerHTML = chosen.length
        ? esc(chosen.join('、'))
        : '<span class="c-ph">请选择（可多选）</span>';
    }
    const part = e.target.closest('[data-act]');
    if (part && part.tagName !== 'BUTTON') tapPart(part);
    e.target.closest('.invalid')?.classList.remove('invalid');
  });
  $('run-jobs').addEventListener('click', (e) => tool(e.currentTarget, 'clock/tick'));
  $('next-morning').addEventListener('click', (e) => tool(e.currentTarget, 'clock/next-morning'));
  $('demo').addEventListener('click', (e) =>
    tool(e.currentTarget, 'demo', {}, '示例数据会先清空现有的全部数据，再按真实流程生成一批事项。继续吗？'),
  );
  $('reset').addEventListener('click', (e) => tool(e.currentTarget, 'reset', {}, '清空所有数据和聊天记录？'));
  const dialog = $('clock-dialog');
  $('clock').addEventListener('click', () => {
    $('clock-input').value = localInput(Date.now() + S.offsetMs);
    dialog.showModal();
  });
  $('clock-set').addEventListener('click', async () => {
    const v = $('clock-input').value;
    if (v) toast((await post('clock/set', { at: `${v}:00+08:00` })).toast);
    dialog.close();
  });
  $('clock-now').addEventListener('click', async () => {
    toast((await post('clock/now')).toast);
    dialog.close();
  });
  wireOrgTools();
  setInterval(renderClock, 1000);
}

function wireOrgTools() {
  const dialog = $('org-dialog');
  const unit = $('org-unit');
  const person = $('org-person');
  const fillPeople = () => {
    const u = S.dir.units.find((x) => x.id === unit.value);
    const options = (u?.people ?? []).filter((id) => id !== u.mainHead && S.people.has(id));
    person.innerHTML = options
      .map(
        (id) =>
          `<option value="${esc(id)}">${esc(S.people.get(id).name)}（${esc(S.people.get(id).title)}）</option>`,
      )
      .join('');
  };
  $('org-tools').addEventListener('click', () => {
    unit.innerHTML = S.dir.units
      .map(
        (u) =>
          `<option value="${esc(u.id)}">${esc(u.name)}（现任：${esc(S.people.get(u.mainHead)?.name ?? '—')}）</option>`,
      )
      .join('');
    fillPeople();
    dialog.showModal();
  });
  unit.addEventListener('change', fillPeople);
  $('org-refresh').addEventListener('click', async (e) => {
    dialog.close();
    await tool(e.currentTarget, 'org/refresh');
  });
  $('org-set-head').addEventListener('click', async (e) => {
    const body = { unit: unit.value, person: person.value };
    dialog.close();
    await tool(e.currentTarget, 'org/main-head', body);
  });
}

wire();
// Events that arrive while the page loads are replayed after it (messages are de-duplicated by id).
let queued = [];
listen(
  (e) => (queued ? queued.push(e) : onEvent(e)),
  () => load(),
);
load().then(
  () => {
    for (const e of queued) onEvent(e);
    queued = undefined;
    document.body.dataset.ready = 'true';
  },
  (err) => {
    $('msgs').innerHTML = `<div class="empty">页面加载失败：${esc(err.message)}。机器人是否已启动？</div>`;
  },
);
