import { diag } from '@opentelemetry/api';
import type { Redactor } from './redact-secrets';

// Reasons that can fire on every export call while a condition lasts: summarised, not repeated.
const SUMMARISED = new Set(['queue_full', 'shutdown', 'network']);
const SUMMARY_INTERVAL_MS = 10_000;

/**
 * Every diagnostic line of one exporter: prefixed with the backend and the
 * userinfo-free endpoint, passed through the secret redactor.
 */
export class DeliveryDiag {
  private readonly summaries = new Map<string, { last: number; suppressed: number }>();

  constructor(private readonly prefix: string, private readonly redact: Redactor) {}

  warn(message: string): void {
    diag.warn(this.redact(`${this.prefix} ${message}`));
  }

  error(message: string): void {
    diag.error(this.redact(`${this.prefix} ${message}`));
  }

  /** One line per drop; for the repetitive reasons at most one per 10 s, carrying the count since the last. */
  dropped(reason: string, count: number, detail?: string): void {
    const text = `dropped ${count} log record(s), reason ${reason}${detail ? `: ${detail}` : ''}`;
    if (!SUMMARISED.has(reason)) return this.warn(text);
    this.summarised(reason, count, text);
  }

  /** A condition worth one line now and then (backend unreachable...). */
  summarised(key: string, count: number, text: string): void {
    const now = Date.now();
    const entry = this.summaries.get(key);
    if (entry !== undefined && now - entry.last < SUMMARY_INTERVAL_MS) {
      entry.suppressed += count;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.summaries.set(key, { last: now, suppressed: 0 });
    this.warn(suppressed > 0 ? `${text} (and ${suppressed} more since the last report)` : text);
  }
}
