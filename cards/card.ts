import { plainText } from './markdown.ts';

// Card JSON 2.0 building blocks (reference/lark-platform.md §4.1): schema 2.0, elements under body,
// buttons directly in elements or columns (no `action` module), callback values are objects.

export type Template =
  | 'blue'
  | 'wathet'
  | 'turquoise'
  | 'green'
  | 'yellow'
  | 'orange'
  | 'red'
  | 'carmine'
  | 'violet'
  | 'purple'
  | 'indigo'
  | 'grey';

export type Element = Record<string, unknown>;

export interface Card {
  schema: '2.0';
  config: { update_multi: true; width_mode?: 'fill' | 'compact' };
  header: {
    title: { tag: 'plain_text'; content: string };
    subtitle?: { tag: 'plain_text'; content: string };
    template: Template;
  };
  body: { direction: 'vertical'; elements: Element[] };
}

/** Plain text shown in a card (titles, input defaults, option labels) may carry what someone typed. */
const plain_ = (t: string) => plainText(t, 1000);

export function card(title: string, template: Template, elements: Element[], subtitle?: string): Card {
  return {
    schema: '2.0',
    // update_multi: every copy of the card is one shared card, so a patch updates it for everyone.
    config: { update_multi: true, width_mode: 'fill' },
    header: {
      title: { tag: 'plain_text', content: plain_(title) },
      ...(subtitle ? { subtitle: { tag: 'plain_text', content: plain_(subtitle) } } : {}),
      template,
    },
    body: { direction: 'vertical', elements },
  };
}

export const md = (content: string): Element => ({ tag: 'markdown', content });
export const hr = (): Element => ({ tag: 'hr' });
export const plain = (content: string): Element => ({ tag: 'div', text: { tag: 'plain_text', content } });

export type ButtonType = 'default' | 'primary' | 'danger' | 'primary_filled' | 'danger_filled' | 'text';

export function button(label: string, value: Record<string, unknown>, type: ButtonType = 'default'): Element {
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: label },
    type,
    behaviors: [{ type: 'callback', value }],
  };
}

export function columns(cols: Element[][]): Element {
  return {
    tag: 'column_set',
    columns: cols.map((elements) => ({ tag: 'column', width: 'weighted', weight: 1, elements })),
  };
}

/** A form: inputs plus one submit button, whose callback carries `value` and the inputs as form_value. */
export function form(
  name: string,
  elements: Element[],
  submit: { label: string; value: Record<string, unknown> },
): Element {
  return {
    tag: 'form',
    name,
    elements: [
      ...elements,
      {
        tag: 'button',
        name: `${name}_submit`,
        text: { tag: 'plain_text', content: submit.label },
        type: 'primary_filled',
        form_action_type: 'submit',
        behaviors: [{ type: 'callback', value: submit.value }],
      },
    ],
  };
}

/** Card JSON 2.0: an input holds at most 1000 characters (input.max_length is 1–1000). */
export const CARD_INPUT_MAX = 1000;

export function input(
  name: string,
  label: string,
  o: {
    placeholder?: string;
    value?: string;
    required?: boolean;
    multiline?: boolean;
    maxLength?: number;
  } = {},
): Element {
  const max = o.maxLength ?? CARD_INPUT_MAX;
  return {
    tag: 'input',
    name,
    label: { tag: 'plain_text', content: label },
    placeholder: { tag: 'plain_text', content: o.placeholder ?? '' },
    // A value refilled after a refusal is cut to what the input holds, or Lark refuses the card.
    ...(o.value ? { default_value: plainText([...o.value].slice(0, max).join(''), max) } : {}),
    required: o.required ?? false,
    input_type: o.multiline ? 'multiline_text' : 'text',
    max_length: max,
  };
}

export function datePicker(
  name: string,
  placeholder: string,
  o: { initial?: string; required?: boolean } = {},
): Element {
  return {
    tag: 'date_picker',
    name,
    placeholder: { tag: 'plain_text', content: placeholder },
    // yyyy-MM-dd only: a refilled form may carry whatever was typed.
    ...(o.initial && /^\d{4}-\d{2}-\d{2}$/.test(o.initial) ? { initial_date: o.initial } : {}),
    required: o.required ?? false,
  };
}

export function select(
  name: string,
  placeholder: string,
  options: Array<{ label: string; value: string }>,
  o: { initial?: string; required?: boolean } = {},
): Element {
  return {
    tag: 'select_static',
    name,
    placeholder: { tag: 'plain_text', content: placeholder },
    options: options.map((x) => ({ text: { tag: 'plain_text', content: plain_(x.label) }, value: x.value })),
    // Only a value among the options: a refilled form may carry anything that was typed or forged.
    ...(o.initial && options.some((x) => x.value === o.initial) ? { initial_option: o.initial } : {}),
    required: o.required ?? false,
  };
}

/** Lark's multi-select; the departments picked come back as an array of ids. */
export function multiSelect(
  name: string,
  placeholder: string,
  options: Array<{ label: string; value: string }>,
  initial: string[] = [],
): Element {
  const picked = [...new Set(initial)].filter((v) => options.some((x) => x.value === v));
  return {
    tag: 'multi_select_static',
    name,
    placeholder: { tag: 'plain_text', content: placeholder },
    options: options.map((x) => ({ text: { tag: 'plain_text', content: x.label }, value: x.value })),
    ...(picked.length ? { selected_values: picked } : {}),
    required: false,
  };
}
