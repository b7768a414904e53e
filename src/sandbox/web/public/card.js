// Card JSON 2.0 (and the 1.0 shapes still met) → HTML. Interactive parts are numbered `data-act`;
// `actions[n]` says what tapping part n sends, so the page can answer a click with the right
// card.action.trigger. Form fields carry `data-field` (their `name`) and `data-kind`.
import { renderChart } from './chart.js';
import { decodeEntities, escapeHtml as esc, renderMarkdown } from './markdown.js';

const TEMPLATES = new Set([
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
]);

const textOf = (t) => (typeof t === 'string' ? t : typeof t?.content === 'string' ? t.content : '');
const plain = (t) => esc(decodeEntities(textOf(t))).replace(/\n/g, '<br>');

/** What a tap on a rendered part sends. */
function callbackOf(el) {
  const b = Array.isArray(el.behaviors) ? el.behaviors : [];
  const cb = b.find((x) => x?.type === 'callback');
  const url = b.find((x) => x?.type === 'open_url');
  return {
    value: cb?.value ?? (el.value && typeof el.value === 'object' ? el.value : undefined),
    url: url?.default_url ?? url?.pc_url ?? (typeof el.url === 'string' ? el.url : undefined),
  };
}

/** Renders a card; returns its HTML and the list of its interactive parts. */
export function renderCard(card, ctx = {}) {
  const actions = [];
  const md = (s) => renderMarkdown(s, ctx);

  const field = (el, label, control) => {
    const req = el.required ? '<i class="req">*</i>' : '';
    const caption = label ? `<span class="c-label">${plain(label)}${req}</span>` : '';
    const width = el.width === 'fill' || !el.width ? ' c-fill' : '';
    return `<label class="c-field${width}">${caption}${control}</label>`;
  };

  const act = (entry) => {
    actions.push(entry);
    return actions.length - 1;
  };

  function element(el, form) {
    if (!el || typeof el !== 'object') return '';
    switch (el.tag) {
      case 'markdown':
      case 'lark_md': {
        const align = ['center', 'right'].includes(el.text_align) ? ` c-align-${el.text_align}` : '';
        const size =
          el.text_size === 'notation'
            ? ' c-small'
            : el.text_size?.startsWith?.('heading')
              ? ' c-heading'
              : '';
        return `<div class="c-md${align}${size}">${md(el.content)}</div>`;
      }
      case 'plain_text':
        return `<div class="c-plain">${plain(el.content)}</div>`;
      case 'div': {
        const text = el.text?.tag === 'lark_md' ? md(el.text.content) : plain(el.text);
        const fields = Array.isArray(el.fields)
          ? `<div class="c-fields">${el.fields
              .map(
                (f) =>
                  `<div class="${f.is_short ? 'c-short' : 'c-long'}">${f.text?.tag === 'lark_md' ? md(f.text.content) : plain(f.text)}</div>`,
              )
              .join('')}</div>`
          : '';
        return `<div class="c-md">${text}${fields}</div>`;
      }
      case 'note':
        return `<div class="c-note">${(el.elements ?? []).map((e) => (e.tag === 'lark_md' ? md(e.content) : plain(e))).join(' ')}</div>`;
      case 'hr':
        return '<hr class="c-hr">';
      case 'column_set':
        return columnSet(el, form);
      case 'action':
        return `<div class="c-row">${(el.actions ?? []).map((a) => element(a, form)).join('')}</div>`;
      case 'form':
        return `<form class="c-form" data-form="${esc(el.name ?? '')}" novalidate>${(el.elements ?? []).map((e) => element(e, el.name ?? '')).join('')}</form>`;
      case 'collapsible_panel':
        return `<details class="c-panel"${el.expanded ? ' open' : ''}><summary class="c-panel-head">${md(textOf(el.header?.title))}</summary>${(el.elements ?? []).map((e) => element(e, form)).join('')}</details>`;
      case 'button':
        return button(el, form);
      case 'input':
        return input(el);
      case 'date_picker':
      case 'picker_date':
        return picker(el, form, 'date', 'date_picker');
      case 'picker_time':
        return picker(el, form, 'time', 'picker_time');
      case 'picker_datetime':
        return picker(el, form, 'datetime-local', 'picker_datetime');
      case 'select_static':
        return selectStatic(el, form);
      case 'multi_select_static':
        return multiSelect(el, form);
      case 'chart':
        return `<div class="c-chart">${renderChart(el.chart_spec, el.aspect_ratio)}</div>`;
      case 'table':
        return table(el);
      case 'person':
        return `<span class="at">@${esc(ctx.nameOf?.(el.user_id) ?? '用户')}</span>`;
      case 'img':
      case 'image':
        return `<div class="c-img">[图片${el.alt ? `：${plain(el.alt)}` : ''}]</div>`;
      default:
        return `<div class="c-unknown">[暂不支持预览的组件：${esc(String(el.tag))}]</div>`;
    }
  }

  function columnSet(el, form) {
    const cols = (el.columns ?? []).map((c) => {
      let flex = 'flex:1 1 0';
      if (c.width === 'auto') flex = 'flex:0 0 auto';
      else if (/^\d+px$/.test(c.width ?? '')) flex = `flex:0 0 ${c.width}`;
      else if (c.width === 'weighted') flex = `flex:${Number(c.weight) || 1} 1 0`;
      const valign = { center: 'center', bottom: 'flex-end' }[c.vertical_align] ?? 'flex-start';
      const bg = c.background_style === 'grey' ? ' c-col-grey' : '';
      return `<div class="c-col${bg}" style="${flex};justify-content:${valign}">${(c.elements ?? []).map((e) => element(e, form)).join('')}</div>`;
    });
    const bg = el.background_style === 'grey' ? ' c-cols-grey' : '';
    return `<div class="c-cols${bg}">${cols.join('')}</div>`;
  }

  function button(el, form) {
    const cb = callbackOf(el);
    const submit = form !== undefined && el.form_action_type === 'submit';
    const reset = form !== undefined && el.form_action_type === 'reset';
    const i = act({
      kind: 'button',
      value: cb.value,
      url: cb.url,
      name: el.name,
      form,
      submit,
      reset,
      confirm: el.confirm,
    });
    const type = String(el.type ?? 'default').replace(/[^a-z_]/g, '');
    const width = el.width === 'fill' ? ' c-btn-fill' : '';
    const disabled = el.disabled ? ' disabled' : '';
    return `<button type="button" class="c-btn b-${type}${width}" data-act="${i}"${disabled}>${plain(el.text)}</button>`;
  }

  function input(el) {
    const name = esc(el.name ?? '');
    const ph = esc(decodeEntities(textOf(el.placeholder)));
    const max = Number(el.max_length) > 0 ? ` maxlength="${Number(el.max_length)}"` : '';
    const value = esc(decodeEntities(el.default_value ?? ''));
    const common = `class="c-input" data-field="${name}" data-kind="input" name="${name}" placeholder="${ph}"${max}${el.required ? ' data-required' : ''}${el.disabled ? ' disabled' : ''}`;
    const control =
      el.input_type === 'multiline_text'
        ? `<textarea ${common} rows="${Math.max(2, Math.min(8, Number(el.rows) || 3))}">${value}</textarea>`
        : `<input ${common} type="${el.input_type === 'password' ? 'password' : 'text'}" value="${value}">`;
    return field(el, el.label, control);
  }

  function picker(el, form, type, tag) {
    const name = esc(el.name ?? '');
    const initial =
      type === 'date'
        ? el.initial_date
        : type === 'time'
          ? el.initial_time
          : el.initial_datetime?.replace(' ', 'T');
    const i = form === undefined ? act({ kind: 'change', tag, value: callbackOf(el).value }) : undefined;
    const control = `<input class="c-input c-date" type="${type}" data-field="${name}" data-kind="${type}" name="${name}"${initial ? ` value="${esc(initial)}"` : ''}${el.required ? ' data-required' : ''}${i !== undefined ? ` data-act="${i}"` : ''}>`;
    return field(el, el.placeholder, control);
  }

  function options(el) {
    return (el.options ?? []).map((o) => ({
      value: String(o.value ?? ''),
      text: decodeEntities(textOf(o.text)),
    }));
  }

  function selectStatic(el, form) {
    const name = esc(el.name ?? '');
    const i =
      form === undefined
        ? act({ kind: 'change', tag: 'select_static', value: callbackOf(el).value })
        : undefined;
    const opts = options(el)
      .map(
        (o) =>
          `<option value="${esc(o.value)}"${o.value === el.initial_option ? ' selected' : ''}>${esc(o.text)}</option>`,
      )
      .join('');
    const none = el.initial_option ? '' : '<option value="" selected>请选择</option>';
    const control = `<select class="c-input c-select" data-field="${name}" data-kind="select" name="${name}"${el.required ? ' data-required' : ''}${i !== undefined ? ` data-act="${i}"` : ''}>${none}${opts}</select>`;
    return field(el, el.placeholder, control);
  }

  function multiSelect(el, form) {
    const name = esc(el.name ?? '');
    const initial = new Set(Array.isArray(el.selected_values) ? el.selected_values.map(String) : []);
    const i =
      form === undefined
        ? act({ kind: 'change', tag: 'multi_select_static', value: callbackOf(el).value })
        : undefined;
    const items = options(el)
      .map(
        (o) =>
          `<label class="c-opt"><input type="checkbox" value="${esc(o.value)}" data-text="${esc(o.text)}"${initial.has(o.value) ? ' checked' : ''}>${esc(o.text)}</label>`,
      )
      .join('');
    const chosen = options(el)
      .filter((o) => initial.has(o.value))
      .map((o) => o.text);
    const summary = chosen.length ? esc(chosen.join('、')) : '<span class="c-ph">请选择（可多选）</span>';
    const control = `<details class="c-input c-multi" data-field="${name}" data-kind="multi"${el.required ? ' data-required' : ''}${i !== undefined ? ` data-act="${i}"` : ''}><summary>${summary}</summary><div class="c-menu">${items}</div></details>`;
    return field(el, el.placeholder, control);
  }

  function table(el) {
    const cols = Array.isArray(el.columns) ? el.columns : [];
    const rows = Array.isArray(el.rows) ? el.rows : [];
    const head = cols.map((c) => `<th>${esc(c.display_name ?? c.name ?? '')}</th>`).join('');
    const body = rows
      .map(
        (r) =>
          `<tr>${cols.map((c) => `<td>${esc(decodeEntities(String(r?.[c.name] ?? '')))}</td>`).join('')}</tr>`,
      )
      .join('');
    return `<div class="c-table"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
  }

  const header = card?.header;
  let head = '';
  if (header && (textOf(header.title) || textOf(header.subtitle))) {
    const t = TEMPLATES.has(header.template) ? header.template : 'default';
    const sub = textOf(header.subtitle) ? `<div class="c-sub">${plain(header.subtitle)}</div>` : '';
    head = `<div class="c-head t-${t}"><div class="c-title">${plain(header.title)}</div>${sub}</div>`;
  }
  const elements = card?.body?.elements ?? card?.elements ?? [];
  const body = elements.map((e) => element(e, undefined)).join('');
  const compact = card?.config?.width_mode === 'compact' ? ' c-compact' : '';
  return { html: `<div class="card${compact}">${head}<div class="c-body">${body}</div></div>`, actions };
}

/**
 * A form's values as Lark sends them in `form_value`: inputs as typed, a date picker as
 * 'YYYY-MM-DD +0800', a multi-select as a list; fields left empty are not sent.
 */
export function formValues(formEl) {
  const out = {};
  for (const f of formEl.querySelectorAll('[data-field]')) {
    const name = f.dataset.field;
    if (!name) continue;
    const kind = f.dataset.kind;
    if (kind === 'multi') {
      const picked = [...f.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value);
      if (picked.length) out[name] = picked;
    } else if (kind === 'date') {
      if (f.value) out[name] = `${f.value} +0800`;
    } else if (kind === 'datetime-local') {
      if (f.value) out[name] = `${f.value.replace('T', ' ')} +0800`;
    } else if (kind === 'input') {
      out[name] = f.value;
    } else if (f.value) {
      out[name] = f.value;
    }
  }
  return out;
}

/** Required fields left empty (Lark checks them in the client; no callback is sent until filled). */
export function missingRequired(formEl) {
  return [...formEl.querySelectorAll('[data-required]')].filter((f) =>
    f.dataset.kind === 'multi' ? !f.querySelector('input:checked') : !String(f.value ?? '').trim(),
  );
}
