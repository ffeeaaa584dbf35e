import type { HrTime } from '@opentelemetry/api';

/**
 * A wall clock with real microseconds. OTel stamps records with Date.now()
 * (milliseconds) unless given a time; this clock adds performance.now()'s
 * fraction to the time origin and never repeats or goes back a microsecond,
 * so two equal lines written in one millisecond stay two lines in Loki.
 */
const NS_PER_SEC = 1_000_000_000;
let originSec = 0;
let originNs = 0;
let lastTotalUs = 0;
let callsSinceSync = 0;

function syncOrigin(): void {
  // Anchor on Date.now() rather than timeOrigin alone: the monotonic clock does
  // not follow NTP corrections, so the anchor is refreshed now and then.
  const wallMs = Date.now();
  const perfMs = performance.now();
  const originMs = wallMs - perfMs;
  originSec = Math.floor(originMs / 1000);
  originNs = Math.round((originMs - originSec * 1000) * 1e6);
}
syncOrigin();

export function nowHrTime(): HrTime {
  if (++callsSinceSync >= 65_536) {
    callsSinceSync = 0;
    syncOrigin();
  }
  const ns = originNs + Math.round(performance.now() * 1e6);
  let sec = originSec + Math.floor(ns / NS_PER_SEC);
  let nanos = ns % NS_PER_SEC;
  // Microseconds since the epoch fit a double exactly (2^53 us is year 2255).
  const totalUs = sec * 1e6 + Math.floor(nanos / 1000);
  if (totalUs <= lastTotalUs) {
    const next = lastTotalUs + 1;
    sec = Math.floor(next / 1e6);
    nanos = (next - sec * 1e6) * 1000;
    lastTotalUs = next;
  } else {
    lastTotalUs = totalUs;
  }
  return [sec, nanos];
}
