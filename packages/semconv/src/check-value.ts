import type { AttributeDefinition, AttributeValue, CheckResult } from './types';

// Only the shortest round-trip spelling of a number converts, so no digit is lost:
// JSON number grammar, then String(Number(text)) must give the text back once
// trailing fractional zeros are dropped ("1.50" -> "1.5", "42.0" -> "42").
const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

function numberFromText(text: string): number | undefined {
  if (!JSON_NUMBER.test(text)) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  const trimmed = /[eE]/.test(text) ? text : text.replace(/(\.[0-9]*?)0+$/, '$1').replace(/\.$/, '');
  return String(value) === trimmed ? value : undefined;
}

const fail = (reason: string): CheckResult => ({ ok: false, reason });
const pass = (value: AttributeValue): CheckResult => ({ ok: true, value });

// Reasons name types only, never the value: values may hold secrets.
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function toStringValue(value: unknown): CheckResult {
  switch (typeof value) {
    case 'string':
      return pass(value);
    case 'number':
      if (!Number.isFinite(value)) return fail('expected string, got a non-finite number');
      return pass(Object.is(value, -0) ? '-0' : String(value));
    case 'bigint':
      return pass(value.toString());
    case 'boolean':
      return pass(value ? 'true' : 'false');
    default:
      return fail(`expected string, got ${describe(value)}`);
  }
}

function toInt(value: unknown): CheckResult {
  let n: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('expected int, got a non-finite number');
    n = value;
  } else if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      return fail('expected int, got a bigint outside the safe integer range');
    }
    n = Number(value);
  } else if (typeof value === 'string') {
    const parsed = numberFromText(value);
    if (parsed === undefined) return fail('expected int, got a string that is not an exact number');
    n = parsed;
  } else {
    return fail(`expected int, got ${describe(value)}`);
  }
  if (!Number.isInteger(n)) return fail('expected int, got a number with a fractional part');
  if (!Number.isSafeInteger(n)) return fail('expected int, got an integer outside the safe integer range');
  return pass(n === 0 ? 0 : n);
}

function toDouble(value: unknown): CheckResult {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? pass(value) : fail('expected double, got a non-finite number');
  }
  if (typeof value === 'bigint') {
    const n = Number(value);
    return BigInt(n) === value ? pass(n) : fail('expected double, got a bigint a double cannot hold exactly');
  }
  if (typeof value === 'string') {
    const parsed = numberFromText(value);
    return parsed === undefined ? fail('expected double, got a string that is not an exact number') : pass(parsed);
  }
  return fail(`expected double, got ${describe(value)}`);
}

function toBoolean(value: unknown): CheckResult {
  if (typeof value === 'boolean') return pass(value);
  if (value === 'true') return pass(true);
  if (value === 'false') return pass(false);
  return fail(typeof value === 'string' ? 'expected boolean, got a string other than "true" or "false"' : `expected boolean, got ${describe(value)}`);
}

function toStringArray(value: unknown): CheckResult {
  if (!Array.isArray(value)) return fail(`expected string[], got ${describe(value)}`);
  const out: string[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) return fail(`expected string[], element ${i} is missing`);
    const element = toStringValue(value[i]);
    if (!element.ok) return fail(`expected string[], element ${i}: ${element.reason}`);
    out[i] = element.value as string;
  }
  return pass(out);
}

const patternCache = new Map<string, RegExp>();
function matches(pattern: string, text: string): boolean {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    re = new RegExp(pattern, 'u');
    patternCache.set(pattern, re);
  }
  return re.test(text);
}

/**
 * Checks a value against an attribute's type, converting only where nothing is
 * lost: "42" -> 42 and 3.0 -> 3 for int, 42 -> "42" for string, "true" -> true
 * for boolean. Never throws; the reason never contains the value.
 */
export function checkAttributeValue(def: AttributeDefinition, value: unknown): CheckResult {
  let result: CheckResult;
  switch (def.type) {
    case 'string':
      result = toStringValue(value);
      break;
    case 'int':
      result = toInt(value);
      break;
    case 'double':
      result = toDouble(value);
      break;
    case 'boolean':
      result = toBoolean(value);
      break;
    case 'string[]':
      result = toStringArray(value);
      break;
    default:
      return fail(`attribute "${def.key}" has an unknown type`);
  }
  if (!result.ok || typeof result.value !== 'string') return result;
  if (def.enum !== undefined && !def.enum.includes(result.value)) {
    return fail(`expected one of ${def.enum.join(', ')}`);
  }
  if (def.pattern !== undefined && !matches(def.pattern, result.value)) {
    return fail(`expected a string matching ${def.pattern}`);
  }
  return result;
}
