/**
 * HEC indexed `fields` must be flat: every value a string, a number, or an
 * array of those; a nested object or array is rejected with code 15. Nested
 * objects become dotted keys (as the OTel Collector's splunkhecexporter does),
 * booleans and other scalars become strings, and an array holding anything
 * but scalars becomes its JSON text.
 */

const MAX_DEPTH = 8;

type Flat = string | number;

function scalar(value: unknown): Flat | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return undefined;
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
  } catch {
    // Cycles cannot be indexed; say so rather than throw.
    return '[unserializable]';
  }
}

/** Sets `key` (flattened as HEC requires) on `out`; absent values (null/undefined) set nothing. */
export function addField(out: Record<string, Flat | Flat[]>, key: string, value: unknown, depth = 0): void {
  if (value === undefined || value === null) return;
  const s = scalar(value);
  if (s !== undefined) {
    out[key] = s;
    return;
  }
  if (typeof value !== 'object') {
    out[key] = String(value);
    return;
  }
  if (value instanceof Date) {
    out[key] = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    return;
  }
  if (value instanceof Uint8Array) {
    out[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    return;
  }
  if (Array.isArray(value)) {
    const items: Flat[] = [];
    for (const item of value) {
      if (item === undefined || item === null) continue;
      const v = scalar(item);
      if (v === undefined) {
        out[key] = safeStringify(value);
        return;
      }
      items.push(v);
    }
    out[key] = items;
    return;
  }
  if (depth >= MAX_DEPTH) {
    out[key] = '[depth limit]';
    return;
  }
  for (const inner of Object.keys(value)) {
    addField(out, key + '.' + inner, (value as Record<string, unknown>)[inner], depth + 1);
  }
}
