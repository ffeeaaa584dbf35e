import { performance } from 'node:perf_hooks';

interface Deadline {
  readonly at: number;
  readonly fn: () => void;
  readonly real: NodeJS.Timeout;
}

interface Wait {
  readonly immediate: NodeJS.Immediate;
}

/**
 * A clock for the delivery layer's `internals.clock` (structurally a
 * `DeliveryClock`) on which waits cost no real time. Its time is real time
 * plus what it skipped: a wait (a backoff, a `Retry-After` pause, an
 * acknowledgment poll interval) passes its time at once and is recorded in
 * `waits`; a deadline (a request timeout, a flush deadline) fires when this
 * clock's time reaches it, whether real time or skipped waits got it there.
 * HTTP round trips stay real I/O.
 *
 * Waits that overlap skip time once: a wait that ends before the clock's
 * present costs nothing more.
 */
export class TestClock {
  /** Every wait asked for, in milliseconds, in order. */
  readonly waits: number[] = [];
  private skipped = 0;
  private readonly deadlines = new Set<Deadline>();

  now = (): number => performance.now() + this.skipped;

  /** Milliseconds this clock has passed at once so far. */
  get skippedMillis(): number {
    return this.skipped;
  }

  setTimeout = (fn: () => void, ms: number): unknown => {
    const deadline: Deadline = {
      at: this.now() + ms,
      fn,
      real: setTimeout(() => this.fire(deadline), Math.max(0, ms)).unref(),
    };
    this.deadlines.add(deadline);
    return deadline;
  };

  setWait = (fn: () => void, ms: number): unknown => {
    this.waits.push(ms);
    const until = this.now() + ms;
    // Asynchronous like a timer, so a caller can still clear it, and a loop of waits never starves I/O.
    const wait: Wait = {
      immediate: setImmediate(() => {
        this.advanceTo(until);
        fn();
      }),
    };
    return wait;
  };

  clearTimeout = (timer: unknown): void => {
    if (timer === undefined || timer === null) return;
    if ('immediate' in (timer as Wait)) {
      clearImmediate((timer as Wait).immediate);
      return;
    }
    const deadline = timer as Deadline;
    clearTimeout(deadline.real);
    this.deadlines.delete(deadline);
  };

  /** Moves this clock forward by `ms` (firing the deadlines that passed), as a wait would. */
  advance(ms: number): void {
    this.advanceTo(this.now() + ms);
  }

  /** Resolves once this clock has passed `ms` from now (skipped waits count), checking every few real milliseconds. */
  async elapse(ms: number): Promise<void> {
    const until = this.now() + ms;
    while (this.now() < until) await new Promise((resolve) => setTimeout(resolve, Math.min(5, until - this.now())));
  }

  private advanceTo(time: number): void {
    const now = this.now();
    if (time > now) this.skipped += time - now;
    const current = this.now();
    for (const deadline of [...this.deadlines].sort((a, b) => a.at - b.at)) if (deadline.at <= current) this.fire(deadline);
  }

  private fire(deadline: Deadline): void {
    if (!this.deadlines.delete(deadline)) return;
    clearTimeout(deadline.real);
    deadline.fn();
  }
}
