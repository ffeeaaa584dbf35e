import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { DeliveryStats } from '../types';
import { startDelivery, type DeliverySpec } from './start-delivery';
import { WorkerExporter, type InnerExporter } from './worker-exporter';

/**
 * What a backend package's public exporter class extends: it runs the
 * backend's own exporter where `spec.mode` says (a worker thread it owns, or
 * inline) and forwards the SDK's calls to it. A subclass checks its options
 * first, on the caller's thread, so bad ones throw at construction either way.
 */
export class DeliveredExporter<S extends DeliveryStats = DeliveryStats> implements LogRecordExporter {
  private readonly impl: InnerExporter;

  constructor(spec: DeliverySpec<InnerExporter>) {
    this.impl = startDelivery(spec);
  }

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.impl.export(records, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.impl.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.impl.shutdown();
  }

  /** The delivery counters (and the backend's own), read from wherever the exporter runs. */
  stats(): S {
    return this.impl.stats!() as S;
  }

  /** At process.exit(): hands `records` over and waits, blocking, for delivery up to the exit deadline (worker delivery only). */
  exportSync(records: ReadableLogRecord[]): boolean {
    return this.impl.exportSync?.(records) ?? false;
  }

  /** Calls a method of the backend's exporter, in its worker or on this thread; arguments and result must be cloneable. */
  protected invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    if (this.impl instanceof WorkerExporter) return this.impl.call<T>(method, ...args);
    const fn = (this.impl as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function') return Promise.reject(new Error(`the exporter has no method ${method}`));
    return Promise.resolve().then(() => (fn as (...a: unknown[]) => T | Promise<T>).apply(this.impl, args));
  }
}
