import { performance } from 'node:perf_hooks';

/** A timer a `DeliveryClock` handed out; only that clock can clear it. */
export type ClockTimer = unknown;

/**
 * The time the delivery layer waits on: retry backoff, a pause a server asked
 * for (`Retry-After`), request timeouts, flush deadlines, Splunk's
 * acknowledgment polling. The real one is `performance.now()` and unref'd
 * Node timers; tests pass another so that waits cost no real time.
 *
 * @internal Not part of the options a user sets; see `DeliveryInternals`.
 */
export interface DeliveryClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** A deadline: `fn` runs once `ms` have passed on this clock. Never holds the process open. */
  setTimeout(fn: () => void, ms: number): ClockTimer;
  /**
   * A wait that only lets time pass (a backoff, a server-asked pause, a poll
   * interval): `fn` runs after `ms`. The real clock sets a timer like
   * `setTimeout`; a test clock may pass the time at once.
   */
  setWait(fn: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer): void;
}

/** What a test may hand the delivery layer beside the user's options. @internal */
export interface DeliveryInternals {
  readonly clock?: DeliveryClock;
}

function unrefTimer(fn: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return timer;
}

/** performance.now() and unref'd Node timers. @internal */
export const REAL_CLOCK: DeliveryClock = {
  now: () => performance.now(),
  setTimeout: unrefTimer,
  setWait: unrefTimer,
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};
