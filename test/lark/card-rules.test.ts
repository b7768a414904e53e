import { describe, expect, it } from 'vitest';
import { card, form, input, md, select } from '../../cards/card.ts';
import { cardProblems } from '../../src/lark/card-rules.ts';

// The Card JSON 2.0 check itself: what it refuses is what the component reference refuses.
const ok = () => card('标题', 'blue', [md('正文')]);
const withElements = (elements: Record<string, unknown>[]) => ({ ...ok(), body: { ...ok().body, elements } });
const submit = { label: '提交', value: { action: 'x' } };

describe('Card JSON 2.0 check', () => {
  it('accepts a card the builders make', () => {
    expect(cardProblems(ok())).toEqual([]);
    expect(cardProblems(card('表单', 'blue', [form('f', [input('a', '内容')], submit)]))).toEqual([]);
  });

  it.each([
    [
      'an input max_length above 1000',
      [form('f', [input('a', '内容', { maxLength: 2000 })], submit)],
      'max_length',
    ],
    [
      'a default value longer than max_length',
      [form('f', [{ ...input('a', '内容', { maxLength: 5 }), default_value: '123456' }], submit)],
      'default_value',
    ],
    [
      'an unknown property (2.0 refuses them)',
      [{ tag: 'markdown', content: 'x', href: {} }],
      'property "href"',
    ],
    ['an unknown tag', [{ tag: 'action', actions: [] }], 'unknown tag'],
    [
      'a form without a submit button',
      [{ tag: 'form', name: 'f', elements: [input('a', '内容')] }],
      'submit',
    ],
    [
      'a form inside a column',
      [{ tag: 'column_set', columns: [{ tag: 'column', elements: [form('f', [], submit)] }] }],
      'form can not be inside a column',
    ],
    [
      'an interactive component in a form without a name',
      [form('f', [{ tag: 'input' }], submit)],
      'name: is required',
    ],
    [
      'two components with one name',
      [form('f', [input('a', 'x'), input('a', 'y')], submit)],
      'already the name',
    ],
    [
      'an initial option that is no option',
      [form('f', [{ ...select('s', 'x', [{ label: 'a', value: 'a' }]), initial_option: 'b' }], submit)],
      'initial_option',
    ],
    [
      'a column weight of 6',
      [{ tag: 'column_set', columns: [{ tag: 'column', width: 'weighted', weight: 6, elements: [] }] }],
      'weight',
    ],
    [
      'a button text over 100 characters',
      [
        {
          tag: 'button',
          text: { tag: 'plain_text', content: '长'.repeat(101) },
          behaviors: [{ type: 'callback', value: {} }],
        },
      ],
      'at most 100',
    ],
    [
      'a callback value that is a string',
      [
        {
          tag: 'button',
          text: { tag: 'plain_text', content: 'x' },
          behaviors: [{ type: 'callback', value: 'x' }],
        },
      ],
      'must be an object',
    ],
  ])('refuses %s', (_label, elements, problem) => {
    expect(cardProblems(withElements(elements as Record<string, unknown>[])).join('\n')).toContain(problem);
  });

  it('counts every element, plain_text included: 200 pass, 201 do not', () => {
    // The header title is one, each markdown one: 199 markdowns + the title = 200.
    expect(
      cardProblems(
        card(
          't',
          'blue',
          Array.from({ length: 199 }, () => md('x')),
        ),
      ),
    ).toEqual([]);
    expect(
      cardProblems(
        card(
          't',
          'blue',
          Array.from({ length: 200 }, () => md('x')),
        ),
      ).join(),
    ).toContain('201 elements, at most 200');
  });

  it('refuses containers nested more than five deep, and a card over 30 KB', () => {
    let inner: Record<string, unknown> = md('x');
    for (let i = 0; i < 6; i++)
      inner = { tag: 'column_set', columns: [{ tag: 'column', elements: [inner] }] };
    expect(cardProblems(withElements([inner])).join()).toContain('nested 6 deep');
    expect(cardProblems(card('t', 'blue', [md('字'.repeat(11_000))])).join()).toContain('at most 30720');
  });
});

describe('bold markers next to punctuation', () => {
  it('a closer after “）” before a letter is refused; with a space it is bold', async () => {
    const { boldProblems } = await import('../../src/lark/card-rules.ts');
    const { strong } = await import('../../cards/markdown.ts');
    expect(boldProblems('请**区发展和改革局（区粮食局）**签收')).toHaveLength(1);
    expect(boldProblems(`请${strong('区发展和改革局（区粮食局）')}签收`)).toEqual([]);
    expect(boldProblems('**（代）**办理')).toHaveLength(1);
    expect(boldProblems(`${strong('（代）')}办理`)).toEqual([]);
    expect(boldProblems('孙海燕 **同意**（11月26日）')).toEqual([]);
  });
});
