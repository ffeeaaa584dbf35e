import { describe } from '../../config/check-option';
import { ConfigurationError } from '../../errors';
import type { RedactionPattern } from './mask-string';

/** A misspelt pattern must fail at start, naming the option, not as a TypeError on the first record. */
export function checkRedactionOptions(options: {
  readonly keys?: unknown;
  readonly patterns?: unknown;
  readonly replacement?: unknown;
}): void {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError(`option redaction must be an object or false, got ${describe(options)}`);
  }
  const { keys, patterns, replacement } = options;
  if (keys !== undefined) {
    if (!Array.isArray(keys)) throw new ConfigurationError(`option redaction.keys must be an array of strings, got ${describe(keys)}`);
    keys.forEach((key: unknown, i) => {
      if (typeof key !== 'string' || key === '') throw new ConfigurationError(`option redaction.keys[${i}] must be a non-empty string, got ${describe(key)}`);
    });
  }
  if (patterns !== undefined) {
    if (!Array.isArray(patterns)) {
      throw new ConfigurationError(`option redaction.patterns must be an array of RegExp or { pattern: RegExp, group? }, got ${describe(patterns)}`);
    }
    patterns.forEach((p: unknown, i) => {
      if (p instanceof RegExp) return;
      const candidate = p as Partial<RedactionPattern> | null;
      const group = candidate?.group;
      if (
        candidate === null ||
        typeof candidate !== 'object' ||
        !(candidate.pattern instanceof RegExp) ||
        (group !== undefined && (!Number.isSafeInteger(group) || group < 0))
      ) {
        throw new ConfigurationError(`option redaction.patterns[${i}] must be a RegExp or { pattern: RegExp, group?: integer >= 0 }, got ${describe(p)}`);
      }
    });
  }
  if (replacement !== undefined && typeof replacement !== 'string') {
    throw new ConfigurationError(`option redaction.replacement must be a string, got ${describe(replacement)}`);
  }
}
