import { timeMicros } from './time-value';

const UNITS: Record<string, number> = { ms: 1e3, s: 1e6, m: 60e6, h: 3600e6, d: 86400e6 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/**
 * A `--since`/`--until` value as microseconds since the epoch: a duration back
 * from `nowMicros` (`10m`, `1h30m`, `45s`, `500ms`, `2d`) or an absolute
 * RFC 3339 time (`2025-10-31T21:06:45Z`). Undefined when it is neither.
 */
export function parseTimeBound(text: string, nowMicros: number): number | undefined {
  if (DURATION.test(text)) {
    let micros = 0;
    for (const [, amount, unit] of text.matchAll(PART)) micros += Number(amount) * UNITS[unit!]!;
    return nowMicros - micros;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  return timeMicros(text);
}
