import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

/**
 * The exporter the batch processor sees. `configureBackend` swaps what is
 * behind it at run time: the old exporter is flushed, then shut down, and no
 * batch is lost in between because new batches already go to the new one.
 */
export class SwitchableExporter implements LogRecordExporter {
  private current: LogRecordExporter;

  constructor(initial: LogRecordExporter) {
    this.current = initial;
  }

  get target(): LogRecordExporter {
    return this.current;
  }

  async swap(next: LogRecordExporter): Promise<void> {
    const previous = this.current;
    if (previous === next) return;
    this.current = next;
    await previous.forceFlush?.();
    await previous.shutdown();
  }

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.current.export(records, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.current.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.current.shutdown();
  }
}
