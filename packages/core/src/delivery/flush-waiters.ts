import { REAL_CLOCK, type ClockTimer, type DeliveryClock } from './delivery-clock';
import type { RecordQueue } from './record-queue';

interface Waiter {
  readonly targets: ReadonlyArray<readonly [RecordQueue, number]>;
  readonly resolve: () => void;
}

/**
 * `forceFlush()` bookkeeping: a flush waits until every queue has settled
 * (delivered or dropped, in order) as many records as it had accepted when
 * the flush began; records accepted later do not hold it.
 */
export class FlushWaiters {
  private waiters: Waiter[] = [];

  constructor(private readonly clock: DeliveryClock = REAL_CLOCK) {}

  /** Resolves true when everything queued now has settled before `deadline` (this clock's ms); false otherwise, with how many are left. */
  async wait(queues: readonly RecordQueue[], deadline: number): Promise<{ flushed: boolean; left: number }> {
    const targets = queues.map((q) => [q, q.enqueuedOrdinal()] as const);
    const done = new Promise<void>((resolve) => {
      this.waiters.push({ targets, resolve });
      this.check();
    });
    const flushed = await withDeadline(done, deadline, this.clock);
    let left = 0;
    for (const [q, target] of targets) left += Math.max(0, target - q.settledOrdinal());
    return { flushed, left };
  }

  /** Called whenever a queue settles records. */
  check(): void {
    if (this.waiters.length === 0) return;
    this.waiters = this.waiters.filter((w) => {
      const done = w.targets.every(([q, target]) => q.settledOrdinal() >= target);
      if (done) w.resolve();
      return !done;
    });
  }
}

/** Resolves true when `promise` settles before `deadline` (`clock`'s ms), false otherwise. */
export async function withDeadline(promise: Promise<unknown>, deadline: number, clock: DeliveryClock = REAL_CLOCK): Promise<boolean> {
  const remaining = deadline - clock.now();
  if (remaining <= 0) return false;
  let timer: ClockTimer;
  const timeout = new Promise<false>((resolve) => {
    timer = clock.setTimeout(() => resolve(false), remaining);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clock.clearTimeout(timer);
  }
}
