import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { estimateRecordSize } from './estimate-size';
import { LedgerCounters, LeaseLedger, type LedgerLease } from './lease-ledger';
import type { Lease, RecordQueue } from './record-queue';

/** The in-memory queue: bounded by records and estimated bytes, in-flight records included. */
export class MemoryQueue extends LedgerCounters implements RecordQueue {
  private records: ReadableLogRecord[] = [];
  private sizes: number[] = [];
  private head = 0;

  constructor(maxRecords: number, maxBytes: number) {
    super(new LeaseLedger(maxRecords, maxBytes));
  }

  hasUntaken(): boolean {
    return this.head < this.records.length;
  }

  push(records: ReadableLogRecord[]): number {
    let accepted = 0;
    for (const record of records) {
      const size = estimateRecordSize(record);
      if (!this.ledger.fits(1, size)) break;
      this.records.push(record);
      this.sizes.push(size);
      this.ledger.hold(1, size);
      accepted += 1;
    }
    this.ledger.enqueued += accepted;
    return accepted;
  }

  async take(maxRecords: number): Promise<Lease | undefined> {
    if (!this.hasUntaken()) return undefined;
    const end = Math.min(this.records.length, this.head + maxRecords);
    const records = this.records.slice(this.head, end);
    let bytes = 0;
    for (let i = this.head; i < end; i++) bytes += this.sizes[i]!;
    this.head = end;
    // Drop taken references so the heap holds only what is queued or leased.
    if (this.head > 4096 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
    return this.ledger.lease({ records, bytes, count: records.length, done: false });
  }

  complete(lease: Lease): void {
    this.ledger.complete(lease as LedgerLease);
  }

  /** Records still queued or leased; removes them (used when shutdown gives up on them). */
  abandon(): number {
    this.records = [];
    this.sizes = [];
    this.head = 0;
    return this.ledger.abandon();
  }

  async close(): Promise<void> {}
}
