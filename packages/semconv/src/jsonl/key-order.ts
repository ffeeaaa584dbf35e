import { LINE_HEAD_KEYS } from './build-line-schema';

const HEAD = new Set(LINE_HEAD_KEYS);

/**
 * Orders keys by Unicode code point, which is UTF-8 byte order: how Dynamo's
 * Rust writer (a sorted map) orders the rest of the line. Differs from
 * `Array.prototype.sort` only for characters beyond U+FFFF.
 */
export function compareLineKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The order a line's keys must have: the head keys present, in order, then the rest sorted. */
export function expectedKeyOrder(keys: readonly string[]): string[] {
  const present = new Set(keys);
  const head = LINE_HEAD_KEYS.filter((k) => present.has(k));
  const rest = keys.filter((k) => !HEAD.has(k)).sort(compareLineKeys);
  return [...head, ...rest];
}

/** A sentence naming the first misplaced key, or undefined when the order is right. */
export function keyOrderProblem(keys: readonly string[]): string | undefined {
  const expected = expectedKeyOrder(keys);
  for (let i = 0; i < expected.length; i++) {
    if (keys[i] !== expected[i]) {
      return (
        `key order: expected "${expected[i]}" at position ${i}, found "${keys[i]}" ` +
        '(time, level, file, line, target, message first, then the other keys sorted)'
      );
    }
  }
  return undefined;
}
