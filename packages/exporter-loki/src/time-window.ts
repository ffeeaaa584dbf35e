import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** Loki's limits on an entry's time, as its distributor checks them before anything is stored. */
export interface TimeWindow {
  /** `reject_old_samples_max_age`: older entries are refused (`too_old`). */
  readonly maxAgeMillis: number;
  /** `creation_grace_period`: entries further in the future are refused (`too_new`). */
  readonly gracePeriodMillis: number;
}

/**
 * Why Loki would refuse this record for its time, or undefined. Checked before sending because a push that also
 * meets an ingester error (an out-of-order entry, a rate limit) answers with that error alone, and the distributor's
 * refusals in it would be counted as delivered.
 */
export function outsideWindow(record: ReadableLogRecord, nowMs: number, window: TimeWindow): 'too_old' | 'too_new' | undefined {
  // Records read back from disk may carry only the observed time.
  const time = record.hrTime ?? record.hrTimeObserved;
  if (time === undefined) return undefined;
  const ms = time[0] * 1000 + time[1] / 1e6;
  if (ms < nowMs - window.maxAgeMillis) return 'too_old';
  if (ms > nowMs + window.gracePeriodMillis) return 'too_new';
  return undefined;
}
