/**
 * A Card JSON 2.0 check written from the official component reference (open.feishu.cn, feishu-cards:
 * card-json-v2-structure and card-json-v2-components/*, pages of 2025-06): JSON 2.0 refuses properties it
 * does not know, so each tag allows exactly the properties its page lists, with their value ranges; at
 * most 200 elements (every object with a `tag`, plain_text included); containers nested at most five
 * deep; a form only at the root, named, with a submit button and a card-unique name on each of its
 * interactive components; at most 30 KB. Only the components the bot uses are known: anything else is
 * reported, so a builder can not drift out of the reference unnoticed.
 */

type Json = Record<string, unknown>;

export const CARD_LIMITS = { elements: 200, nesting: 5, bytes: 30 * 1024, textContent: 100, inputMax: 1000 };

const COMMON = ['tag', 'element_id', 'margin'];
const TEXT_SIZE = [
  'heading-0',
  'heading-1',
  'heading-2',
  'heading-3',
  'heading-4',
  'heading',
  'normal',
  'notation',
  'xxxx-large',
  'xxx-large',
  'xx-large',
  'x-large',
  'large',
  'medium',
  'small',
  'x-small',
];
const ALIGN = ['left', 'center', 'right'];
const V_ALIGN = ['top', 'center', 'bottom'];
const TEMPLATES = [
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
];
const BUTTON_TYPES = [
  'default',
  'primary',
  'danger',
  'text',
  'primary_text',
  'danger_text',
  'primary_filled',
  'danger_filled',
  'laser',
];
const INTERACTIVE = new Set(['button', 'input', 'select_static', 'multi_select_static', 'date_picker']);
const CONTAINERS = new Set(['form', 'column_set']);

/** Allowed properties per tag (beside `tag`, `element_id`, `margin`). */
const PROPS: Record<string, string[]> = {
  markdown: ['content', 'text_size', 'text_align', 'icon', 'i18n_content'],
  div: ['width', 'text', 'icon'],
  hr: [],
  button: [
    'type',
    'size',
    'width',
    'text',
    'icon',
    'hover_tips',
    'disabled',
    'disabled_tips',
    'confirm',
    'behaviors',
    'name',
    'form_action_type',
  ],
  input: [
    'name',
    'required',
    'placeholder',
    'default_value',
    'disabled',
    'disabled_tips',
    'width',
    'behaviors',
    'max_length',
    'input_type',
    'rows',
    'auto_resize',
    'max_rows',
    'show_icon',
    'label',
    'label_position',
    'value',
    'confirm',
  ],
  select_static: [
    'type',
    'name',
    'required',
    'disabled',
    'initial_option',
    'initial_index',
    'placeholder',
    'width',
    'behaviors',
    'options',
    'confirm',
  ],
  multi_select_static: [
    'type',
    'name',
    'required',
    'disabled',
    'selected_values',
    'placeholder',
    'width',
    'behaviors',
    'options',
    'confirm',
  ],
  date_picker: [
    'name',
    'required',
    'disabled',
    'initial_date',
    'placeholder',
    'width',
    'behaviors',
    'confirm',
  ],
  column_set: [
    'horizontal_spacing',
    'horizontal_align',
    'flex_mode',
    'background_style',
    'action',
    'columns',
  ],
  form: [
    'direction',
    'horizontal_spacing',
    'vertical_spacing',
    'horizontal_align',
    'vertical_align',
    'padding',
    'name',
    'elements',
  ],
  chart: ['aspect_ratio', 'color_theme', 'chart_spec', 'preview', 'height'],
};
const COLUMN_PROPS = [
  'tag',
  'element_id',
  'background_style',
  'width',
  'weight',
  'horizontal_spacing',
  'horizontal_align',
  'vertical_align',
  'vertical_spacing',
  'direction',
  'padding',
  'margin',
  'action',
  'elements',
];

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const chars = (s: string) => [...s].length;
const SPACING = /^(small|medium|large|extra_large|default|\d{1,2}px)$/;
const MARGIN = /^-?\d{1,2}(px)?( -?\d{1,2}(px)?){0,3}$/;
const PADDING = /^\d{1,2}(px)?( \d{1,2}(px)?){0,3}$/;
const WIDTH = /^(default|fill|\d{3,}px)$/;

const PUNCT = /[\p{P}\p{S}]/u;
const SPACE = /\s/u;

/**
 * `**` pairs that CommonMark would not read as bold (the rich-text page: "若加粗效果未显示，请确保加粗语法
 * 前后保留一个空格"): an opener must be left-flanking, a closer right-flanking — a closer after
 * punctuation followed by a letter, as in `请**区粮食局）**签收`, shows its asterisks.
 */
export function boldProblems(content: string): string[] {
  const out: string[] = [];
  for (const line of content.split('\n')) {
    const cs = [...line];
    const runs: number[] = [];
    for (let i = 0; i < cs.length; i++) {
      if (cs[i] !== '*') continue;
      let j = i;
      while (cs[j] === '*') j++;
      if (j - i === 2) runs.push(i);
      i = j - 1;
    }
    for (let k = 0; k + 1 < runs.length; k += 2) {
      const [a, b] = [runs[k]!, runs[k + 1]!];
      const prev = (i: number) => cs[i - 1] ?? ' ';
      const next = (i: number) => cs[i + 2] ?? ' ';
      const left =
        !SPACE.test(next(a)) && (!PUNCT.test(next(a)) || SPACE.test(prev(a)) || PUNCT.test(prev(a)));
      const right =
        !SPACE.test(prev(b)) && (!PUNCT.test(prev(b)) || SPACE.test(next(b)) || PUNCT.test(next(b)));
      if (!left || !right) out.push(`bold “${cs.slice(a, b + 2).join('')}” would show its asterisks`);
    }
  }
  return out;
}

class Checker {
  problems: string[] = [];
  elements = 0;
  names = new Map<string, string>();
  ids = new Set<string>();

  bad(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  keys(path: string, o: Json, allowed: readonly string[]): void {
    for (const k of Object.keys(o))
      if (!allowed.includes(k)) this.bad(path, `property "${k}" is not allowed`);
  }

  oneOf(path: string, v: unknown, values: readonly string[]): void {
    if (v !== undefined && !values.includes(v as string))
      this.bad(path, `${JSON.stringify(v)} is not one of ${values.join('|')}`);
  }

  pattern(path: string, v: unknown, re: RegExp): void {
    if (v !== undefined && (typeof v !== 'string' || !re.test(v)))
      this.bad(path, `${JSON.stringify(v)} is out of range`);
  }

  bool(path: string, v: unknown): void {
    if (v !== undefined && typeof v !== 'boolean') this.bad(path, 'must be a boolean');
  }

  /** A text element: `{tag: plain_text | lark_md, content}`, at most `max` characters when given. */
  text(path: string, v: unknown, o: { required?: boolean; max?: number; md?: boolean } = {}): void {
    if (v === undefined) {
      if (o.required) this.bad(path, 'is required');
      return;
    }
    if (!isObj(v)) {
      this.bad(path, 'must be a text object');
      return;
    }
    this.elements++;
    this.keys(path, v, [
      'tag',
      'content',
      'i18n_content',
      'text_size',
      'text_color',
      'text_align',
      'lines',
      'element_id',
    ]);
    this.oneOf(`${path}.tag`, v.tag, o.md ? ['plain_text', 'lark_md'] : ['plain_text']);
    if (typeof v.content !== 'string') {
      this.bad(`${path}.content`, 'must be a string');
      return;
    }
    if (o.max !== undefined && chars(v.content) > o.max)
      this.bad(`${path}.content`, `${chars(v.content)} characters, at most ${o.max}`);
    this.oneOf(`${path}.text_size`, v.text_size, TEXT_SIZE);
    this.oneOf(`${path}.text_align`, v.text_align, ALIGN);
  }

  behaviors(path: string, v: unknown, required: boolean): void {
    if (v === undefined) {
      if (required) this.bad(path, 'is required');
      return;
    }
    if (!Array.isArray(v) || v.length === 0) {
      this.bad(path, 'must be a non-empty array');
      return;
    }
    for (const [i, b] of v.entries()) {
      const p = `${path}[${i}]`;
      if (!isObj(b)) {
        this.bad(p, 'must be an object');
        continue;
      }
      if (b.type === 'callback') {
        this.keys(p, b, ['type', 'value']);
        // The SDK only passes object values (lark-platform.md §4.1).
        if (!isObj(b.value)) this.bad(`${p}.value`, 'must be an object');
      } else if (b.type === 'open_url') {
        this.keys(p, b, ['type', 'default_url', 'android_url', 'ios_url', 'pc_url']);
      } else this.bad(`${p}.type`, `${JSON.stringify(b.type)} is not callback|open_url`);
    }
  }

  name(path: string, v: unknown, inForm: boolean): void {
    if (v === undefined) {
      if (inForm) this.bad(path, 'is required inside a form');
      return;
    }
    if (typeof v !== 'string' || v === '') {
      this.bad(path, 'must be a non-empty string');
      return;
    }
    const first = this.names.get(v);
    if (first) this.bad(path, `"${v}" is already the name of ${first}`);
    else this.names.set(v, path);
  }

  options(path: string, v: unknown): Set<string> {
    const values = new Set<string>();
    if (v === undefined) return values;
    if (!Array.isArray(v)) {
      this.bad(path, 'must be an array');
      return values;
    }
    for (const [i, opt] of v.entries()) {
      const p = `${path}[${i}]`;
      if (!isObj(opt)) {
        this.bad(p, 'must be an object');
        continue;
      }
      this.keys(p, opt, ['text', 'icon', 'value']);
      this.text(`${p}.text`, opt.text, { required: true });
      if (typeof opt.value !== 'string') {
        this.bad(`${p}.value`, 'must be a string');
        continue;
      }
      if (values.has(opt.value)) this.bad(`${p}.value`, `"${opt.value}" is repeated`);
      values.add(opt.value);
    }
    return values;
  }

  element(path: string, e: unknown, ctx: { inForm: boolean; depth: number; atRoot: boolean }): void {
    if (!isObj(e)) {
      this.bad(path, 'must be an object');
      return;
    }
    const tag = e.tag;
    if (typeof tag !== 'string' || !Object.hasOwn(PROPS, tag)) {
      this.bad(path, `unknown tag ${JSON.stringify(tag)}`);
      return;
    }
    this.elements++;
    this.keys(path, e, [...COMMON, ...PROPS[tag]!]);
    this.pattern(`${path}.margin`, e.margin, MARGIN);
    if (e.element_id !== undefined) {
      if (typeof e.element_id !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,19}$/.test(e.element_id))
        this.bad(`${path}.element_id`, 'letters, digits and _, starting with a letter, at most 20');
      else if (this.ids.has(e.element_id)) this.bad(`${path}.element_id`, 'is not unique');
      else this.ids.add(e.element_id);
    }
    if (INTERACTIVE.has(tag) && tag !== 'button') this.name(`${path}.name`, e.name, ctx.inForm);
    if (!ctx.inForm && 'required' in e && INTERACTIVE.has(tag))
      this.bad(`${path}.required`, 'only inside a form');
    const depth = CONTAINERS.has(tag) ? ctx.depth + 1 : ctx.depth;
    if (depth > CARD_LIMITS.nesting)
      this.bad(path, `containers nested ${depth} deep, at most ${CARD_LIMITS.nesting}`);
    switch (tag) {
      case 'markdown':
        if (typeof e.content !== 'string') this.bad(`${path}.content`, 'must be a string');
        else for (const m of boldProblems(e.content)) this.bad(`${path}.content`, m);
        this.oneOf(`${path}.text_size`, e.text_size, TEXT_SIZE);
        this.oneOf(`${path}.text_align`, e.text_align, ALIGN);
        break;
      case 'div':
        this.text(`${path}.text`, e.text, { md: true });
        break;
      case 'hr':
        break;
      case 'button':
        this.button(path, e, ctx.inForm);
        break;
      case 'input':
        this.input(path, e);
        break;
      case 'select_static':
      case 'multi_select_static': {
        this.text(`${path}.placeholder`, e.placeholder, { max: CARD_LIMITS.textContent });
        this.oneOf(`${path}.type`, e.type, ['default', 'text']);
        this.pattern(`${path}.width`, e.width, WIDTH);
        this.bool(`${path}.required`, e.required);
        this.behaviors(`${path}.behaviors`, e.behaviors, !ctx.inForm);
        const values = this.options(`${path}.options`, e.options);
        if (e.initial_option !== undefined && !values.has(e.initial_option as string))
          this.bad(`${path}.initial_option`, `${JSON.stringify(e.initial_option)} is not an option`);
        if (e.selected_values !== undefined) {
          if (!Array.isArray(e.selected_values)) this.bad(`${path}.selected_values`, 'must be an array');
          else
            for (const s of e.selected_values)
              if (!values.has(s as string))
                this.bad(`${path}.selected_values`, `${JSON.stringify(s)} is not an option`);
        }
        break;
      }
      case 'date_picker':
        this.text(`${path}.placeholder`, e.placeholder, { max: CARD_LIMITS.textContent });
        this.pattern(`${path}.initial_date`, e.initial_date, /^\d{4}-\d{2}-\d{2}$/);
        this.pattern(`${path}.width`, e.width, WIDTH);
        this.bool(`${path}.required`, e.required);
        this.behaviors(`${path}.behaviors`, e.behaviors, !ctx.inForm);
        break;
      case 'column_set':
        this.columnSet(path, e, { ...ctx, depth, atRoot: false });
        break;
      case 'form':
        this.form(path, e, { ...ctx, depth });
        break;
      case 'chart':
        if (ctx.inForm) this.bad(path, 'a chart can not be inside a form');
        if (!isObj(e.chart_spec)) this.bad(`${path}.chart_spec`, 'is required (an object)');
        this.oneOf(`${path}.aspect_ratio`, e.aspect_ratio, ['1:1', '2:1', '4:3', '16:9']);
        this.oneOf(`${path}.color_theme`, e.color_theme, [
          'brand',
          'rainbow',
          'complementary',
          'converse',
          'primary',
        ]);
        this.pattern(`${path}.height`, e.height, /^(auto|\d{1,3}px)$/);
        break;
    }
  }

  button(path: string, e: Json, inForm: boolean): void {
    this.text(`${path}.text`, e.text, { max: CARD_LIMITS.textContent });
    this.oneOf(`${path}.type`, e.type, BUTTON_TYPES);
    this.oneOf(`${path}.size`, e.size, ['tiny', 'small', 'medium', 'large']);
    this.pattern(`${path}.width`, e.width, WIDTH);
    if (inForm) {
      this.name(`${path}.name`, e.name, true);
      this.oneOf(`${path}.form_action_type`, e.form_action_type ?? '', ['submit', 'reset']);
      this.behaviors(`${path}.behaviors`, e.behaviors, false);
    } else {
      if (e.form_action_type !== undefined) this.bad(`${path}.form_action_type`, 'only inside a form');
      if (e.name !== undefined) this.name(`${path}.name`, e.name, false);
      this.behaviors(`${path}.behaviors`, e.behaviors, true);
    }
  }

  input(path: string, e: Json): void {
    this.text(`${path}.placeholder`, e.placeholder, { max: CARD_LIMITS.textContent });
    this.text(`${path}.label`, e.label);
    this.oneOf(`${path}.input_type`, e.input_type, ['text', 'multiline_text', 'password']);
    this.oneOf(`${path}.label_position`, e.label_position, ['top', 'left']);
    this.pattern(`${path}.width`, e.width, WIDTH);
    this.bool(`${path}.required`, e.required);
    const max = e.max_length;
    if (
      max !== undefined &&
      (!Number.isInteger(max) || (max as number) < 1 || (max as number) > CARD_LIMITS.inputMax)
    )
      this.bad(`${path}.max_length`, `${JSON.stringify(max)}: an integer 1–${CARD_LIMITS.inputMax}`);
    const limit = typeof max === 'number' ? max : CARD_LIMITS.inputMax;
    if (e.default_value !== undefined) {
      if (typeof e.default_value !== 'string') this.bad(`${path}.default_value`, 'must be a string');
      else if (chars(e.default_value) > limit)
        this.bad(
          `${path}.default_value`,
          `${chars(e.default_value)} characters, more than max_length ${limit}`,
        );
    }
    if (e.behaviors !== undefined) this.behaviors(`${path}.behaviors`, e.behaviors, false);
  }

  columnSet(path: string, e: Json, ctx: { inForm: boolean; depth: number; atRoot: boolean }): void {
    this.pattern(`${path}.horizontal_spacing`, e.horizontal_spacing, SPACING);
    this.oneOf(`${path}.horizontal_align`, e.horizontal_align, ALIGN);
    this.oneOf(`${path}.flex_mode`, e.flex_mode, ['none', 'stretch', 'flow', 'bisect', 'trisect']);
    if (!Array.isArray(e.columns)) {
      this.bad(`${path}.columns`, 'is required (an array)');
      return;
    }
    for (const [i, col] of e.columns.entries()) {
      const p = `${path}.columns[${i}]`;
      if (!isObj(col) || col.tag !== 'column') {
        this.bad(p, 'must be a column');
        continue;
      }
      this.elements++;
      this.keys(p, col, COLUMN_PROPS);
      this.pattern(`${p}.width`, col.width, /^(auto|weighted|\d{2,3}px)$/);
      const w = col.weight;
      if (w !== undefined && (!Number.isInteger(w) || (w as number) < 1 || (w as number) > 5))
        this.bad(`${p}.weight`, `${JSON.stringify(w)}: an integer 1–5`);
      this.oneOf(`${p}.vertical_align`, col.vertical_align, V_ALIGN);
      this.oneOf(`${p}.horizontal_align`, col.horizontal_align, ALIGN);
      this.pattern(`${p}.padding`, col.padding, PADDING);
      this.pattern(`${p}.vertical_spacing`, col.vertical_spacing, SPACING);
      this.oneOf(`${p}.direction`, col.direction, ['vertical', 'horizontal']);
      const els = col.elements ?? [];
      if (!Array.isArray(els)) {
        this.bad(`${p}.elements`, 'must be an array');
        continue;
      }
      els.forEach((x, k) => {
        if (isObj(x) && x.tag === 'form')
          this.bad(`${p}.elements[${k}]`, 'a form can not be inside a column');
        else this.element(`${p}.elements[${k}]`, x, { ...ctx, atRoot: false });
      });
    }
  }

  form(path: string, e: Json, ctx: { inForm: boolean; depth: number; atRoot: boolean }): void {
    if (!ctx.atRoot || ctx.inForm) this.bad(path, 'a form may only stand at the card’s root');
    this.name(`${path}.name`, e.name, true);
    this.pattern(`${path}.padding`, e.padding, PADDING);
    if (!Array.isArray(e.elements)) {
      this.bad(`${path}.elements`, 'is required (an array)');
      return;
    }
    e.elements.forEach((x, k) => {
      this.element(`${path}.elements[${k}]`, x, { inForm: true, depth: ctx.depth, atRoot: false });
    });
    const submits: unknown[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (!isObj(n)) return;
      if (n.tag === 'button' && n.form_action_type === 'submit') submits.push(n);
      for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
    };
    walk(e.elements);
    if (submits.length === 0) this.bad(path, 'a form needs a button with form_action_type "submit"');
  }
}

/** What is wrong with a card under Card JSON 2.0, each with its JSON path; empty when it is right. */
export function cardProblems(card: unknown): string[] {
  const c = new Checker();
  if (!isObj(card)) return ['card: must be an object'];
  c.keys('card', card, ['schema', 'config', 'card_link', 'header', 'body']);
  if (card.schema !== '2.0') c.bad('card.schema', 'must be "2.0"');
  if (card.config !== undefined) {
    if (!isObj(card.config)) c.bad('card.config', 'must be an object');
    else {
      c.keys('card.config', card.config, [
        'streaming_mode',
        'streaming_config',
        'summary',
        'locales',
        'enable_forward',
        'update_multi',
        'width_mode',
        'use_custom_translation',
        'enable_forward_interaction',
        'style',
      ]);
      // 2.0 cards are shared cards only; a patch needs update_multi before and after (§4.5).
      if (card.config.update_multi !== true) c.bad('card.config.update_multi', 'must be true');
      c.oneOf('card.config.width_mode', card.config.width_mode, ['default', 'compact', 'fill']);
    }
  }
  if (card.header !== undefined) {
    const h = card.header;
    if (!isObj(h)) c.bad('card.header', 'must be an object');
    else {
      c.keys('card.header', h, [
        'title',
        'subtitle',
        'text_tag_list',
        'i18n_text_tag_list',
        'template',
        'icon',
        'padding',
      ]);
      c.text('card.header.title', h.title, { required: true, md: true });
      c.text('card.header.subtitle', h.subtitle, { md: true });
      c.oneOf('card.header.template', h.template, TEMPLATES);
    }
  }
  const body = card.body;
  if (body !== undefined) {
    if (!isObj(body)) c.bad('card.body', 'must be an object');
    else {
      c.keys('card.body', body, [
        'direction',
        'padding',
        'horizontal_spacing',
        'horizontal_align',
        'vertical_spacing',
        'vertical_align',
        'elements',
      ]);
      c.oneOf('card.body.direction', body.direction, ['vertical', 'horizontal']);
      if (!Array.isArray(body.elements)) c.bad('card.body.elements', 'must be an array');
      else
        body.elements.forEach((e, i) => {
          c.element(`card.body.elements[${i}]`, e, { inForm: false, depth: 0, atRoot: true });
        });
    }
  }
  if (c.elements > CARD_LIMITS.elements)
    c.bad('card', `${c.elements} elements, at most ${CARD_LIMITS.elements} (Lark error 11310)`);
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > CARD_LIMITS.bytes) c.bad('card', `${bytes} bytes, at most ${CARD_LIMITS.bytes}`);
  return c.problems;
}

let strict = false;
const seen: string[] = [];

/** Tests turn this on (test/setup): every card the bot sends, patches or answers a tap with is checked. */
export function checkCardsStrictly(on: boolean): void {
  strict = on;
}

/** Problems found since the last call, emptied (the test setup fails the test on any). */
export function takeCardProblems(): string[] {
  return seen.splice(0);
}

/** Checks a card leaving the bot when checking is on; throws on a problem (and remembers it). */
export function checkCard(card: unknown, where: string): void {
  if (!strict) return;
  const problems = cardProblems(card);
  if (problems.length === 0) return;
  const title = (card as { header?: { title?: { content?: string } } })?.header?.title?.content ?? '';
  const msg = `${where} card “${title}” breaks Card JSON 2.0:\n  ${problems.slice(0, 8).join('\n  ')}`;
  seen.push(msg);
  throw new Error(msg);
}
