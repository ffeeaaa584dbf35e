/**
 * JSON text for one attribute value, or undefined when the value is absent
 * (null/undefined), so the line never carries a null. Never throws: cycles,
 * BigInt, non-finite numbers and binary data all become valid JSON.
 */
export function jsonValue(value: unknown, depth = 0, seen?: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'undefined':
      return undefined;
    case 'function':
      // Its name, not String(fn): that is the whole source text.
      return JSON.stringify(`[Function ${(value as { name?: string }).name || 'anonymous'}]`);
    case 'symbol':
      return JSON.stringify(String(value));
    default:
      break;
  }
  if (value === null) return undefined;
  const obj = value as object;
  if (obj instanceof Date) return JSON.stringify(Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString());
  if (obj instanceof Uint8Array) return JSON.stringify(Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString('base64'));
  if (depth >= 8) return '"[depth limit]"';
  const visited = seen ?? new Set<object>();
  if (visited.has(obj)) return '"[Circular]"';
  visited.add(obj);
  try {
    if (Array.isArray(obj)) {
      let out = '[';
      for (const item of obj) {
        const text = jsonValue(item, depth + 1, visited);
        if (text === undefined) continue;
        out += out.length === 1 ? text : ',' + text;
      }
      return out + ']';
    }
    let out = '{';
    for (const key of Object.keys(obj)) {
      let text: string | undefined;
      try {
        text = jsonValue((obj as Record<string, unknown>)[key], depth + 1, visited);
      } catch {
        text = '"[unreadable]"';
      }
      if (text === undefined) continue;
      out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + text;
    }
    return out + '}';
  } finally {
    visited.delete(obj);
  }
}
