import type { Lease } from './record-queue';

/** A lease as the ledger tracks it: how many records it holds, and whether it is completed. */
export interface LedgerLease extends Lease {
  readonly count: number;
  done: boolean;
}

/**
 * The bookkeeping every `RecordQueue` shares: the records and bytes held
 * (queued or leased, so the bound covers records in flight), the ordinals
 * flush waits on, and the open leases, settled in the order they were taken.
 * The memory and disk queues differ in where records live, not in this.
 */
export class LeaseLedger<L extends LedgerLease = LedgerLease> {
  /** Records and bytes accepted and not yet completed. */
  records = 0;
  bytes = 0;
  /** Records ever made available to take, and the contiguous count completed. */
  enqueued = 0;
  settled = 0;
  private readonly open: L[] = [];

  constructor(private readonly maxRecords: number, private readonly maxBytes: number) {}

  /** Whether `records` more records of `bytes` more bytes stay within the bounds. */
  fits(records: number, bytes: number): boolean {
    return this.records + records <= this.maxRecords && this.bytes + bytes <= this.maxBytes;
  }

  /** Counts records as held (negative counts give them back, as when a write fails). */
  hold(records: number, bytes: number): void {
    this.records += records;
    this.bytes += bytes;
  }

  lease(lease: L): L {
    this.open.push(lease);
    return lease;
  }

  /**
   * Completes a lease once: frees its room, then settles the completed leases at
   * the head, in take order. Returns the last lease settled, if the head moved.
   */
  complete(lease: L): L | undefined {
    if (lease.done) return undefined;
    lease.done = true;
    this.hold(-lease.count, -lease.bytes);
    let last: L | undefined;
    while (this.open.length > 0 && this.open[0]!.done) {
      last = this.open.shift()!;
      this.settled += last.count;
    }
    return last;
  }

  /** Forgets every record held and lease open; returns how many records that was. */
  abandon(): number {
    const left = this.records;
    this.open.length = 0;
    this.records = 0;
    this.bytes = 0;
    this.settled = this.enqueued;
    return left;
  }
}

/** What every queue answers from its ledger alone: depth, bytes and the ordinals flush waits on. */
export abstract class LedgerCounters<L extends LedgerLease = LedgerLease> {
  protected constructor(protected readonly ledger: LeaseLedger<L>) {}

  depth(): number {
    return this.ledger.records;
  }
  bytes(): number {
    return this.ledger.bytes;
  }
  enqueuedOrdinal(): number {
    return this.ledger.enqueued;
  }
  settledOrdinal(): number {
    return this.ledger.settled;
  }
}
