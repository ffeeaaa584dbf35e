const FRACTION = /\.(\d+)/;

/**
 * Microseconds since the epoch of an RFC 3339 time as Dynamo writes it
 * (`2025-10-31T21:06:45.397194Z`, or with a `+HH:MM` offset); epoch
 * milliseconds for a number (pino). Undefined when it cannot be read.
 */
export function timeMicros(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const fraction = FRACTION.exec(value);
  // Date.parse keeps milliseconds; the digits after the third are added back.
  const micros = fraction !== null && fraction[1]!.length > 3 ? Number(fraction[1]!.slice(3, 6).padEnd(3, '0')) : 0;
  return ms * 1000 + micros;
}
