import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonlValidationResult } from '../types';
import { keyOrderProblem } from './key-order';
import { JSONL_LINE_SCHEMA } from './line-schema';
import { scanLine } from './scan-line';

let compiled: ValidateFunction | undefined;

// ajv is loaded and the schema compiled on first use: loading ajv alone takes
// tens of milliseconds, which a process that only looks attributes up should not pay.
function schemaValidator(): ValidateFunction {
  if (compiled === undefined) {
    const { default: Ajv2020 } = require('ajv/dist/2020') as typeof import('ajv/dist/2020');
    compiled = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSONL_LINE_SCHEMA);
  }
  return compiled;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  return node;
}

function describeError(error: ErrorObject, data: unknown): string {
  const where = error.instancePath === '' ? 'line' : error.instancePath;
  if (error.keyword === 'type' && valueAt(data, error.instancePath) === null) return `${where} must not be null`;
  if (error.keyword === 'pattern' && error.instancePath === '/time') {
    return '/time must be YYYY-MM-DDTHH:MM:SS.ffffff (six fractional digits) followed by Z or a +HH:MM/-HH:MM offset';
  }
  const allowed = error.keyword === 'enum' ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join('|')})` : '';
  return `${where} ${error.message ?? 'is invalid'}${allowed}`;
}

/**
 * Validates one Dynamo JSONL line, given as text (as written, without the
 * trailing newline) or as a parsed object: the JSON Schema, then what a schema
 * cannot say: key order, and for text, one compact line with no duplicate keys.
 * Never throws.
 */
export function validateJsonlLine(line: string | object): JsonlValidationResult {
  const errors: string[] = [];
  try {
    let data: unknown;
    let keys: string[];
    if (typeof line === 'string') {
      if (/[\r\n\u2028\u2029]/.test(line)) errors.push('line contains a line break');
      try {
        data = JSON.parse(line);
      } catch {
        errors.push('line is not valid JSON');
        return { valid: false, errors };
      }
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        errors.push('line must be a JSON object');
        return { valid: false, errors };
      }
      const scan = scanLine(line);
      keys = scan.keys;
      if (scan.whitespaceAt >= 0) errors.push(`line is not compact: whitespace outside strings at offset ${scan.whitespaceAt}`);
      const seen = new Set<string>();
      for (const key of keys) {
        if (seen.has(key)) errors.push(`duplicate key "${key}"`);
        seen.add(key);
      }
    } else if (typeof line === 'object' && line !== null && !Array.isArray(line)) {
      data = line;
      keys = Object.keys(line);
    } else {
      return { valid: false, errors: ['line must be a string or an object'] };
    }

    const validate = schemaValidator();
    if (!validate(data)) for (const error of validate.errors ?? []) errors.push(describeError(error, data));
    const order = keyOrderProblem([...new Set(keys)]);
    if (order !== undefined) errors.push(order);
  } catch (err) {
    errors.push(`validator failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  // ajv repeats a dependentRequired error once per missing property.
  return { valid: errors.length === 0, errors: [...new Set(errors)] };
}
