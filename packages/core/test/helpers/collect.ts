import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';

/** The `next` of a decorator under test: keeps what reaches it, in order. */
export class CollectingProcessor implements LogRecordProcessor {
  readonly records: ReadWriteLogRecord[] = [];
  flushes = 0;
  shutdowns = 0;
  onEmit(record: ReadWriteLogRecord, _context?: Context): void {
    this.records.push(record);
  }
  forceFlush(): Promise<void> {
    this.flushes++;
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    this.shutdowns++;
    return Promise.resolve();
  }
}
