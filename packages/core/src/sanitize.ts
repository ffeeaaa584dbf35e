import { diag } from '@opentelemetry/api';
import type { AnyValue, LogAttributes as AnyValueMap } from './otel-line';

const MAX_DEPTH = 6;
const MAX_KEYS = 256;

let cut = 0;

/** Keys of nested maps beyond 256 and array items beyond 4096, left out since the process started. */
export function nestedValuesCut(): number {
  return cut;
}

function countCut(n: number): void {
  if (cut === 0) diag.warn(`dynamo-logging: a nested attribute map over ${MAX_KEYS} keys (or array over ${MAX_KEYS * 16} items) was cut; counted in stats().attributesDropped.nested_limit`);
  cut += n;
}

/** A string that encodes to valid UTF-8: lone surrogates become U+FFFD. */
export function wellFormed(text: string): string {
  const s = text as unknown as WellFormedString;
  return s.isWellFormed() ? text : s.toWellFormed();
}

/** ES2024 string methods (Node 20 has them; the compiler's lib typing here does not expose them). */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * True when `value` is what toAnyValue would return unchanged: numbers, booleans, well-formed strings, and
 * plain objects and arrays of them within its depth and size bounds, with no null or undefined inside. Such an
 * attribute needs no copy of ours: the SDK copies nested objects and arrays itself when it sets the attribute
 * (its value truncation rebuilds them), so the record is still a snapshot of the call.
 */
export function isPlainValue(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      return (value as unknown as WellFormedString).isWellFormed();
    case 'number':
    case 'boolean':
      return true;
    case 'object': {
      if (value === null || depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        if (value.length > MAX_KEYS * 16) return false;
        for (let i = 0; i < value.length; i++) if (!isPlainValue(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      let count = 0;
      for (const key in value) {
        if (++count > MAX_KEYS || !(key as unknown as WellFormedString).isWellFormed()) return false;
        if (!isPlainValue((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * Any JavaScript value as an OTel AnyValue that every exporter can encode:
 * never throws, never recurses forever. Primitive fast paths first, since
 * nearly every attribute is a string or a number.
 */
export function toAnyValue(value: unknown, depth = 0, seen?: Set<object>): AnyValue | undefined {
  switch (typeof value) {
    case 'string':
      return wellFormed(value);
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    case 'undefined':
      return undefined;
    default:
      break;
  }
  if (value === null) return undefined;
  const obj = value as object;
  try {
    if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
    if (obj instanceof Uint8Array) return obj;
    if (obj instanceof Error) return errorSummary(obj);
    if (depth >= MAX_DEPTH) return '[Object]';
    const visited = seen ?? new Set<object>();
    if (visited.has(obj)) return '[Circular]';
    visited.add(obj);
    try {
      if (Array.isArray(obj)) {
        const out: AnyValue[] = [];
        for (let i = 0; i < obj.length && i < MAX_KEYS * 16; i++) {
          const item = toAnyValue(obj[i], depth + 1, visited);
          if (item !== undefined) out.push(item);
        }
        if (obj.length > MAX_KEYS * 16) countCut(obj.length - MAX_KEYS * 16);
        return out;
      }
      if (obj instanceof Map) return toAnyValue(Object.fromEntries(obj), depth, visited);
      if (obj instanceof Set) return toAnyValue([...obj], depth, visited);
      const keys = Object.keys(obj);
      // Class instances that keep their state off own keys (URL, URLSearchParams...) say what they are through toString.
      if (keys.length === 0 && typeof (obj as { toString?: unknown }).toString === 'function' && (obj as object).toString !== Object.prototype.toString) {
        return wellFormed(String(obj));
      }
      const out: AnyValueMap = {};
      let count = 0;
      for (const key of keys) {
        if (++count > MAX_KEYS) {
          countCut(keys.length - MAX_KEYS);
          break;
        }
        const item = toAnyValue(readProperty(obj, key), depth + 1, visited);
        if (item !== undefined) out[wellFormed(key)] = item;
      }
      return out;
    } finally {
      visited.delete(obj);
    }
  } catch {
    return '[Unserializable]';
  }
}

function readProperty(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    // A throwing getter must not take the log call down with it.
    return '[Throwing getter]';
  }
}

function errorSummary(err: Error): string {
  const name = typeof err.name === 'string' ? err.name : 'Error';
  const message = typeof err.message === 'string' ? err.message : '';
  return wellFormed(message ? `${name}: ${message}` : name);
}
