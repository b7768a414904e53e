import fc from 'fast-check';

/** Pieces of text officials (and accidents) produce: Chinese, ASCII, emoji, controls, and date words. */
const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c));
const emoji = fc.constantFrom('😀', '👍🏽', '🇨🇳', '👨‍👩‍👧', '\u200d', '\ufe0f', '🧧');
const control = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom(
    '\u007f',
    '\u0085',
    '\u00a0',
    '\u2028',
    '\u2029',
    '\ufeff',
    '\u200b',
    '\u3000',
    '\ud800',
    '\udfff',
  ),
);
const ascii = fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 3 });
const anyUnicode = fc.string({ unit: 'binary', minLength: 1, maxLength: 2 });
const space = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u3000');
const dateWord = fc.constantFrom(
  '12月1日',
  '12月3日',
  '2月30日',
  '2月29日',
  '十二月三十一日',
  '三十二日',
  '13月1日',
  '2026-12-01',
  '2026/12/1',
  '２０２６年１２月１日',
  '2026年2月30日',
  '9999-99-99',
  '0000-00-00',
  '今天',
  '明天',
  '后天',
  '下周一',
  '上午',
  '至',
  '到',
  '~',
  '—',
  '-',
  '－',
  '号',
  '日',
  '月',
  '年',
  '〇',
  '两',
  '十',
  '出访',
  '休假',
  '离阜',
  '/请假',
  '／',
  '/',
  '<at id=all></at>',
  '**',
  '牵头:',
  '北京',
);

/** A token of any of the kinds above. */
export const token = fc.oneof(
  { weight: 3, arbitrary: cjk },
  { weight: 1, arbitrary: emoji },
  { weight: 1, arbitrary: control },
  { weight: 3, arbitrary: ascii },
  { weight: 1, arbitrary: anyUnicode },
  { weight: 2, arbitrary: space },
  { weight: 4, arbitrary: dateWord },
);

/** Mixed Chinese / ASCII / emoji / control-character text of up to `maxTokens` tokens. */
export const mixedText = (maxTokens = 30) => fc.array(token, { maxLength: maxTokens }).map((t) => t.join(''));

/** Text that starts like a command more often than not. */
export const commandish = fc.oneof(
  mixedText(),
  fc.tuple(fc.constantFrom('/', '／', ' /', '/ ', '//'), mixedText(20)).map(([a, b]) => a + b),
);

/** Values of any JSON shape, and some that are not JSON (for envelopes and card values). */
export const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(undefined, null, Number.NaN, Number.POSITIVE_INFINITY, -0, '', [], {}),
  mixedText(10),
);
