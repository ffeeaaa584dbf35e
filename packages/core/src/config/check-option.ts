import { ConfigurationError } from '../errors';

/**
 * Code options get the same bounds as their env twins, but a code option is a
 * programming error, not an operator's typo: it throws, naming the option,
 * rather than spinning later (a batch size of 0 makes the SDK's batch loop
 * never advance).
 */
export function checkInteger(name: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ConfigurationError(`option ${name} must be an integer >= ${min}, got ${describe(value)}`);
  }
  return value;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

const UNKNOWN_KEY_POLICIES = ['keep', 'warn', 'drop'];

/**
 * Shapes the pipeline calls on every record: a wrong one accepted here would
 * make every later call fail inside the SDK instead of once, here, by name.
 */
export function checkContainerOptions(options: {
  readonly exporter?: unknown;
  readonly processors?: unknown;
  readonly unknownKeys?: unknown;
}): void {
  const { exporter, processors, unknownKeys } = options;
  if (exporter !== undefined && !hasMethods(exporter, ['export', 'shutdown'])) {
    throw new ConfigurationError(`option exporter must be a LogRecordExporter (export() and shutdown()), got ${describe(exporter)}`);
  }
  if (processors !== undefined) {
    if (!Array.isArray(processors)) throw new ConfigurationError(`option processors must be an array of LogRecordProcessor, got ${describe(processors)}`);
    processors.forEach((p: unknown, i) => {
      if (!hasMethods(p, ['onEmit', 'forceFlush', 'shutdown'])) {
        throw new ConfigurationError(`option processors[${i}] must be a LogRecordProcessor (onEmit(), forceFlush(), shutdown()), got ${describe(p)}`);
      }
    });
  }
  if (unknownKeys !== undefined && !UNKNOWN_KEY_POLICIES.includes(unknownKeys as string)) {
    throw new ConfigurationError(`option unknownKeys must be one of ${UNKNOWN_KEY_POLICIES.join('|')}, got ${describe(unknownKeys)}`);
  }
}

function hasMethods(value: unknown, names: readonly string[]): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const target = value as Record<string, unknown>;
  return names.every((name) => typeof target[name] === 'function');
}
