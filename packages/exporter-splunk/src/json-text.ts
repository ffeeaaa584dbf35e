/**
 * JSON text for one attribute value inside `event`, or undefined for an absent
 * value (null/undefined). Never throws: cycles, BigInt, non-finite numbers and
 * binary data all become valid JSON.
 */
export function jsonText(value: unknown): string | undefined {
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
    case 'symbol':
      return JSON.stringify(String(value));
    default:
      break;
  }
  if (value === null) return undefined;
  try {
    return JSON.stringify(value, safeReplacer()) ?? undefined;
  } catch {
    return '"[unserializable]"';
  }
}

function safeReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  // Ancestors of the value being written: a value that is its own ancestor is a cycle.
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    if (typeof value !== 'object' || value === null) return value;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(value)) return '[Circular]';
    ancestors.push(value);
    return value;
  };
}
