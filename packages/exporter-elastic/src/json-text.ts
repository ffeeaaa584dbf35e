import { jsonValue } from '@dynamo-logging/core/delivery';

/**
 * Field shapes for Elasticsearch documents. Every value's JSON text comes from
 * core's `jsonValue` (never throws; cycles, BigInt, non-finite numbers, binary
 * data and throwing getters all become valid JSON; absent values give undefined).
 */
const MAX_DEPTH = 8;

function isPrimitive(value: unknown): value is string | number | boolean {
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean';
}

/**
 * A value that must stay a leaf field (never an object): scalars as they are,
 * arrays of scalars as arrays, anything whose shape can vary (maps, arrays
 * holding maps or arrays) as its JSON text in a string.
 */
export function leafJson(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return jsonValue(value);
  if (Array.isArray(value) && value.every((item) => item === null || item === undefined || isPrimitive(item))) {
    let out = '[';
    for (const item of value) {
      const text = jsonValue(item);
      if (text !== undefined) out += (out.length === 1 ? '' : ',') + text;
    }
    return out + ']';
  }
  if (value instanceof Date || value instanceof Uint8Array) return jsonValue(value);
  const text = jsonValue(value);
  return text === undefined ? undefined : JSON.stringify(text);
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date);
}

/**
 * Writes `key: value` pairs for a map, nested maps flattened to dotted keys as
 * the Collector's objmodel does, each key once (first wins: Elasticsearch
 * rejects a document with a repeated key).
 */
export function flattenedPairs(map: Record<string, unknown>, skip: ReadonlySet<string> | undefined, out: string[], seen: Set<string>, prefix = '', depth = 0): void {
  for (const key of Object.keys(map)) {
    if (prefix === '' && skip !== undefined && skip.has(key)) continue;
    let value: unknown;
    try {
      value = map[key];
    } catch {
      value = '[unreadable]';
    }
    const path = prefix === '' ? (key === '' ? '_' : key) : prefix + '.' + key;
    if (isPlainMap(value) && depth < MAX_DEPTH) {
      flattenedPairs(value, undefined, out, seen, path, depth + 1);
      continue;
    }
    const text = leafJson(value);
    if (text === undefined || seen.has(path)) continue;
    seen.add(path);
    out.push(JSON.stringify(path) + ':' + text);
  }
}
