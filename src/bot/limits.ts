/**
 * How much text one input may carry before anything parses it (issue 12: a 60 KB message must not
 * stall the bot). A Lark text message can be ~150 KB; nothing an official means to send is that long.
 */
export const INPUT_LIMITS = {
  /** A whole message: the longest command line (an instruction's text, a report) with room to spare. */
  message: 5000,
  /** What follows a command word, unless the command declares its own `maxLength`. */
  args: 200,
  /** One form field: Card JSON 2.0 inputs take at most 1000 characters (input.max_length ≤ 1000). */
  formField: 1000,
  /** Options picked in one multi-select. */
  formOptions: 100,
} as const;

/** Characters as officials count them (code points, so a 字 is one). Linear, whatever the input. */
export function charCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** 20000 → '20,000', as numbers are written in a Chinese notice. */
export const grouped = (n: number): string => n.toLocaleString('en-US');
