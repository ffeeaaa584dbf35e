/**
 * Characters a terminal acts on instead of printing: C0 (CR/LF start a forged
 * line, ESC starts ANSI/OSC sequences that recolour or erase the real one),
 * DEL, C1 (0x9b is a one-byte CSI), the Unicode line separators, and the bidi
 * controls that reorder what is shown. Tab is left alone: it only moves the cursor forward.
 */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const HAS_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

function escapeOne(ch: string): string {
  return NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Text as it may reach a terminal: every control character written as a visible escape. */
export function escapeControl(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROL, escapeOne) : text;
}
