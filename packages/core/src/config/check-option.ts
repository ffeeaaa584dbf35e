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
