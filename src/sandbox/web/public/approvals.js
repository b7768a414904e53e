// The Approval Center (审批中心) as each person sees it beside their chats: 待办, 已办, 已发起, 抄送我.
// A tap on 同意 / 拒绝 goes through the quick-approval callback to the bot, as in Feishu.
import { get, post } from './api.js';
import { escapeHtml as esc } from './markdown.js';
import { shortWhen, toast } from './ui.js';

const TABS = [
  ['todo', '待办'],
  ['done', '已办'],
  ['started', '已发起'],
  ['cc', '抄送我'],
];
const INSTANCE = { PENDING: '审批中', APPROVED: '已通过', REJECTED: '已拒绝', CANCELED: '已撤回' };
const TASK = { PENDING: '待处理', APPROVED: '已同意', REJECTED: '已拒绝', TRANSFERRED: '已转交' };
const TONE = { PENDING: 'orange', APPROVED: 'green', REJECTED: 'red', CANCELED: 'grey' };

export function createApprovals(root, o) {
  const A = { data: undefined, tab: 'todo', busy: false };

  async function refresh() {
    const me = o.me();
    if (!me) return;
    A.data = await get(`approvals?as=${encodeURIComponent(me)}`);
    o.onCount(A.data.enabled ? A.data.todo.length : 0, A.data.enabled);
    if (o.visible()) render();
  }

  function entryHtml(e, tab) {
    const status = tab === 'todo' || tab === 'done' ? e.task.status : e.status;
    const word = tab === 'todo' || tab === 'done' ? TASK[status] : INSTANCE[status];
    const form = e.form
      .slice(0, 3)
      .map(
        (f) =>
          `<div class="ac-line"><span class="ac-k">${esc(f.name)}</span><span class="ac-v">${esc(f.value)}</span></div>`,
      )
      .join('');
    const task = e.task ? `<div class="ac-task">${esc(e.task.title)}</div>` : '';
    const actions =
      tab === 'todo' && e.task.actions.length > 0
        ? `<div class="ac-actions" data-instance="${esc(e.instanceId)}" data-task="${esc(e.task.id)}">
            <textarea class="c-input ac-reason" rows="2" maxlength="500" placeholder="审批意见（拒绝时必填）"></textarea>
            <div class="ac-buttons">
              <button type="button" class="c-btn b-danger" data-ac-act="REJECT">拒绝</button>
              <button type="button" class="c-btn b-primary_filled" data-ac-act="APPROVE">同意</button>
            </div>
          </div>`
        : tab === 'todo'
          ? '<div class="ac-hint">请打开政务督办助手办理</div>'
          : '';
    return `<article class="ac-item" data-instance="${esc(e.instanceId)}">
      <div class="ac-top"><span class="ac-def">${esc(e.definition)}</span><span class="ac-status ac-${TONE[status] ?? 'grey'}">${esc(word ?? status)}</span></div>
      <div class="ac-title">${esc(e.title)}</div>
      ${form}${task}
      <div class="ac-meta">${esc(e.submitterName || '—')} 提交 · ${shortWhen(e.updatedAt, Date.now() + o.offsetMs())} · <a href="${esc(e.link)}" target="_blank" rel="noopener">在政务督办助手中查看</a></div>
      ${actions}
    </article>`;
  }

  function render() {
    const d = A.data;
    if (!d) return;
    const head = `<div class="chat-head"><div class="ch-name">审批中心</div><div class="ch-sub">${
      d.enabled
        ? `以 <b>${esc(o.name())}</b> 的身份 · 机器人的待办同步在这里，可直接同意或拒绝${d.quick ? '' : '（未配置回调，只能查看）'}`
        : '审批中心未开启：以 APPROVAL_CENTER=on 启动后，机器人的待办会同步到这里'
    }</div></div>`;
    const tabs = `<div class="ac-tabs">${TABS.map(
      ([k, label]) =>
        `<button type="button" class="ac-tab${k === A.tab ? ' active' : ''}" data-ac-tab="${k}">${label}${
          k === 'todo' && d.todo.length > 0 ? ` <span class="badge">${d.todo.length}</span>` : ''
        }</button>`,
    ).join('')}</div>`;
    const list = d[A.tab] ?? [];
    const body = list.length
      ? list.map((e) => entryHtml(e, A.tab)).join('')
      : `<div class="empty">${A.tab === 'todo' ? '没有待办' : '暂无记录'}</div>`;
    root.innerHTML = `${head}${tabs}<div class="ac-list">${body}</div>`;
  }

  async function act(button) {
    const box = button.closest('.ac-actions');
    const action = button.dataset.acAct;
    const reason = box.querySelector('.ac-reason').value.trim();
    if (action === 'REJECT' && !reason) {
      box.querySelector('.ac-reason').classList.add('invalid');
      return toast({ type: 'warning', content: '拒绝时请填写审批意见' });
    }
    if (A.busy) return;
    A.busy = true;
    button.classList.add('loading');
    try {
      const r = await post('approval/act', {
        as: o.me(),
        instanceId: box.dataset.instance,
        taskId: box.dataset.task,
        action,
        reason,
      });
      toast(r.toast);
    } finally {
      A.busy = false;
      button.classList.remove('loading');
      await refresh();
    }
  }

  root.addEventListener('click', (e) => {
    const tab = e.target.closest('[data-ac-tab]');
    if (tab) {
      A.tab = tab.dataset.acTab;
      return render();
    }
    const b = e.target.closest('[data-ac-act]');
    if (b && !b.disabled) act(b);
  });
  root.addEventListener('input', (e) => e.target.classList.remove('invalid'));

  return { refresh, render };
}
