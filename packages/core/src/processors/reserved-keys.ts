/**
 * Attribute keys the Dynamo line writes itself (`time`, `level`, `message`,
 * `target`), a `line` that is not a line number, and the empty key: every
 * output keeps them, renamed under `attr.`, rather than each exporter
 * dropping or keeping them by its own rule.
 */
export const RENAMED_PREFIX = 'attr.';
export const EMPTY_KEY_NAME = 'attr.empty_key';

const RESERVED = new Set(['time', 'level', 'message', 'target']);

let renamed = 0;

export function isReservedKey(key: string): boolean {
  return RESERVED.has(key);
}

/** `line` is kept as `line` only when the line can print it: a non-negative integer, or its digits. */
export function isUsableLine(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0;
  return typeof value === 'string' && /^[0-9]{1,15}$/.test(value);
}

export function renamedKey(key: string): string {
  return key === '' ? EMPTY_KEY_NAME : RENAMED_PREFIX + key;
}

export function countRenamed(): void {
  renamed++;
}

/** Attributes renamed under `attr.` since the process started (facade and processors together). */
export function renamedKeyCount(): number {
  return renamed;
}
