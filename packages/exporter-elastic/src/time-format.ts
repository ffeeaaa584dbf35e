import type { HrTime } from '@opentelemetry/api';

// Records of one batch share their second: the date part is built once per second.
let cachedSecond = Number.NaN;
let cachedPrefix = '';

function secondPrefix(seconds: number): string {
  if (seconds !== cachedSecond) {
    cachedPrefix = new Date(seconds * 1000).toISOString().slice(0, 19) + '.';
    cachedSecond = seconds;
  }
  return cachedPrefix;
}

function digits(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '000000000'.slice(0, width - s.length) + s;
}

/** `2026-11-25T22:30:00.123456Z`: UTC, six fractional digits taken from the record's own nanoseconds. */
export function isoMicros(time: HrTime): string {
  return secondPrefix(time[0]) + digits(Math.floor(time[1] / 1000), 6) + 'Z';
}

/** Nine fractional digits, the Collector's OTel-mode layout (`date_nanos` in Elastic's OTel templates). */
export function isoNanos(time: HrTime): string {
  return secondPrefix(time[0]) + digits(Math.floor(time[1]), 9) + 'Z';
}

/** Latest second `toISOString` prints with four year digits (9999-12-31T23:59:59Z). */
const MAX_SECONDS = 253_402_300_799;
const EPOCH: HrTime = [0, 0];

function usable(time: HrTime | undefined): time is HrTime {
  return (
    Array.isArray(time) && Number.isFinite(time[0]) && Number.isFinite(time[1]) &&
    time[0] >= 0 && time[0] <= MAX_SECONDS && time[1] >= 0 && time[1] < 1e9 && (time[0] > 0 || time[1] > 0)
  );
}

/**
 * The record's time, or its observed time when the time is unset or unusable
 * (as the Collector does for a zero timestamp), or the epoch: never "now", so
 * the document, and its id, stay the same on every encode.
 */
export function recordTime(time: HrTime | undefined, observed: HrTime | undefined): HrTime {
  if (usable(time)) return time;
  return usable(observed) ? observed : EPOCH;
}
