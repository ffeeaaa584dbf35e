import type { DeliveryStats } from './types';
import type { SelfMetrics } from './self-metrics';

/** The counters behind `exporter.stats()`, mirrored to the OTel instruments as they change. */
export class StatsRecorder {
  private exported = 0;
  private readonly dropped: Record<string, number> = {};
  private retried = 0;
  private readonly requests: Record<string, number> = {};
  private bytesSent = 0;
  private bytesUncompressed = 0;
  private latencyCount = 0;
  private latencySum = 0;
  private latencyMax = 0;
  private diskFallbacks = 0;

  constructor(private readonly metrics: SelfMetrics) {}

  delivered(n: number): void {
    this.exported += n;
    this.metrics.recordExported(n);
  }
  drop(reason: string, n: number): void {
    if (n <= 0) return;
    this.dropped[reason] = (this.dropped[reason] ?? 0) + n;
    this.metrics.recordDropped(reason, n);
  }
  diskFallback(): void {
    this.diskFallbacks += 1;
  }
  retry(n: number): void {
    this.retried += n;
    this.metrics.recordRetried(n);
  }
  request(statusClass: string, latencyMs: number, bytesOnWire: number, bytesBefore: number): void {
    this.requests[statusClass] = (this.requests[statusClass] ?? 0) + 1;
    this.bytesSent += bytesOnWire;
    this.bytesUncompressed += bytesBefore;
    this.latencyCount += 1;
    this.latencySum += latencyMs;
    this.latencyMax = Math.max(this.latencyMax, latencyMs);
    this.metrics.recordRequest(statusClass, latencyMs, bytesOnWire, bytesBefore);
  }

  snapshot(queueDepth: number, queueBytes: number): DeliveryStats {
    return {
      exported: this.exported,
      dropped: { ...this.dropped },
      retried: this.retried,
      requests: { ...this.requests },
      bytesSent: this.bytesSent,
      bytesUncompressed: this.bytesUncompressed,
      queueDepth,
      queueBytes,
      diskFallbacks: this.diskFallbacks,
      exportLatencyMs: { count: this.latencyCount, sum: this.latencySum, max: this.latencyMax },
    };
  }
}

export function statusClass(statusCode: number): string {
  return statusCode >= 100 && statusCode < 600 ? `${Math.floor(statusCode / 100)}xx` : 'other';
}
