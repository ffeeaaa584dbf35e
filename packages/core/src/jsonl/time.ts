import type { HrTime } from '@opentelemetry/api';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `2025-10-31T21:06:45.397194Z`: UTC, exactly six fractional digits, from the record's nanosecond time. */
let cachedSecond = Number.NaN;
let cachedPrefix = '';

export function formatUtcMicros(time: HrTime): string {
  const seconds = time[0];
  const micros = Math.floor(time[1] / 1000);
  // Records arrive in bursts within one second: its date-and-time prefix is built once.
  if (seconds !== cachedSecond) {
    // toISOString gives milliseconds; the six digits come from hrTime itself.
    cachedPrefix = new Date(seconds * 1000).toISOString().slice(0, 19) + '.';
    cachedSecond = seconds;
  }
  return cachedPrefix + (micros >= 100_000 ? String(micros) : pad(micros, 6)) + 'Z';
}

/** The same instant in the process's local zone with its offset, as Dynamo prints with `DYN_LOG_USE_LOCAL_TZ`. */
export function formatLocalMicros(time: HrTime): string {
  const d = new Date(time[0] * 1000);
  const offsetMin = -d.getTimezoneOffset();
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return (
    pad(d.getFullYear(), 4) + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2) +
    'T' + pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) +
    '.' + pad(Math.floor(time[1] / 1000), 6) + sign + pad(Math.floor(abs / 60), 2) + ':' + pad(abs % 60, 2)
  );
}
