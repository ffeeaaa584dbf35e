import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** Records taken from a queue for one delivery; completed once every one is delivered or dropped. */
export interface Lease {
  readonly records: ReadableLogRecord[];
  readonly bytes: number;
}

/**
 * A bounded FIFO of records. Records stay counted (depth, bytes) from `push`
 * until their lease is completed, so the bound covers records in flight too.
 */
export interface RecordQueue {
  /** Records accepted and not yet completed. */
  depth(): number;
  bytes(): number;
  /** Records ever accepted (including those recovered from disk) and the contiguous count completed: flush waits on these. */
  enqueuedOrdinal(): number;
  settledOrdinal(): number;
  /** Accepts a prefix of `records` within the bounds; resolves with how many, once they are durable (disk). */
  push(records: ReadableLogRecord[]): Promise<number> | number;
  /** Records neither taken nor completed. */
  hasUntaken(): boolean;
  take(maxRecords: number): Promise<Lease | undefined>;
  complete(lease: Lease): void;
  close(): Promise<void>;
}

/** The counts every `RecordQueue` keeps the same way: what is queued (leased included), and the two flush ordinals. */
export abstract class QueueCounts {
  protected queuedRecords = 0;
  protected queuedBytes = 0;
  protected enqueued = 0;
  protected settled = 0;

  depth(): number {
    return this.queuedRecords;
  }
  bytes(): number {
    return this.queuedBytes;
  }
  enqueuedOrdinal(): number {
    return this.enqueued;
  }
  settledOrdinal(): number {
    return this.settled;
  }
}
