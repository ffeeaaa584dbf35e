import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { estimateRecordSize } from './estimate-size';
import { QueueCounts, type Lease, type RecordQueue } from './record-queue';

interface MemoryLease extends Lease {
  readonly count: number;
  done: boolean;
}

/** The in-memory queue: bounded by records and estimated bytes, in-flight records included. */
export class MemoryQueue extends QueueCounts implements RecordQueue {
  private records: ReadableLogRecord[] = [];
  private sizes: number[] = [];
  private head = 0;
  private readonly leases: MemoryLease[] = [];

  constructor(private readonly maxRecords: number, private readonly maxBytes: number) {
    super();
  }

  hasUntaken(): boolean {
    return this.head < this.records.length;
  }

  push(records: ReadableLogRecord[]): number {
    let accepted = 0;
    for (const record of records) {
      const size = estimateRecordSize(record);
      if (this.queuedRecords + 1 > this.maxRecords || this.queuedBytes + size > this.maxBytes) break;
      this.records.push(record);
      this.sizes.push(size);
      this.queuedRecords += 1;
      this.queuedBytes += size;
      accepted += 1;
    }
    this.enqueued += accepted;
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
    const lease: MemoryLease = { records, bytes, count: records.length, done: false };
    this.leases.push(lease);
    return lease;
  }

  complete(lease: Lease): void {
    const l = lease as MemoryLease;
    if (l.done) return;
    l.done = true;
    this.queuedRecords -= l.count;
    this.queuedBytes -= l.bytes;
    while (this.leases.length > 0 && this.leases[0]!.done) this.settled += this.leases.shift()!.count;
  }

  /** Records still queued or leased; removes them (used when shutdown gives up on them). */
  abandon(): number {
    const left = this.queuedRecords;
    this.records = [];
    this.sizes = [];
    this.head = 0;
    this.leases.length = 0;
    this.queuedRecords = 0;
    this.queuedBytes = 0;
    this.settled = this.enqueued;
    return left;
  }

  async close(): Promise<void> {}
}
