/**
 * Characters that can change what a terminal shows beyond the text itself: C0
 * controls (CR, LF, ESC starting ANSI/OSC sequences...), DEL, C1 controls (a
 * lone U+009B is a CSI, U+009D an OSC), the Unicode line and paragraph
 * separators, and the bidirectional overrides and isolates that reorder text.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  return NAMED[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
}

/**
 * The text with every control character written as an escape (`\n`, `\r`,
 * `\t`, `\u001b`...), so one input line prints as one screen line and cannot
 * move the cursor, recolour or retitle the terminal. Text without control
 * characters comes back as is, without a copy.
 */
export function escapeControl(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, escapeOne) : text;
}
