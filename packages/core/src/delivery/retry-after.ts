const SECONDS = /^\s*(\d+)\s*$/;

/**
 * The delay a `Retry-After` header asks for, in milliseconds, from `nowMs`
 * (epoch ms). Accepts delta-seconds and an HTTP-date (RFC 9110 10.2.3); a date
 * in the past means 0. `undefined` when absent or unparseable.
 */
export function parseRetryAfter(headerValue: string | string[] | undefined | null, nowMs: number): number | undefined {
  const value = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  if (value == null) return undefined;
  const seconds = SECONDS.exec(value);
  if (seconds) return Number(seconds[1]) * 1000;
  // Only date-looking values: Date.parse would also accept "1.5" or "-3".
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
