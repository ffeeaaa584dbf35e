import { DiskQueue, type DiskQueueHooks } from './disk-queue';
import { acquireSlot, claimOrphans, LOCK_REFRESH_MS, type Slot } from './queue-lock';

/**
 * The on-disk queues of one exporter: its own slot, written and read, and the
 * backlogs of dead processes' slots it claimed, only read until drained.
 */
export class DiskSlots {
  private readonly timer: NodeJS.Timeout;

  private constructor(
    readonly own: DiskQueue,
    readonly drains: readonly DiskQueue[],
    private readonly slots: readonly Slot[],
  ) {
    this.timer = setInterval(() => {
      for (const slot of this.slots) void slot.refresh();
    }, LOCK_REFRESH_MS);
    this.timer.unref();
  }

  static async open(directory: string, maxRecords: number, maxBytes: number, hooks: DiskQueueHooks): Promise<DiskSlots> {
    const mine = await acquireSlot(directory);
    const slots: Slot[] = [mine];
    try {
      const own = await DiskQueue.open(mine.directory, maxRecords, maxBytes, hooks);
      const drains: DiskQueue[] = [];
      for (const orphan of await claimOrphans(directory, mine.index)) {
        slots.push(orphan);
        drains.push(await DiskQueue.open(orphan.directory, maxRecords, maxBytes, hooks));
      }
      return new DiskSlots(own, drains, slots);
    } catch (err) {
      await Promise.all(slots.map((s) => s.release()));
      throw err;
    }
  }

  /** Records left in the claimed backlogs and this slot. */
  depth(): number {
    let depth = this.own.depth();
    for (const q of this.drains) depth += q.depth();
    return depth;
  }

  /** Closes every queue (what is left stays on disk for the next process) and releases the slots. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([this.own, ...this.drains].map((q) => q.close()));
    await Promise.all(this.slots.map((s) => s.release()));
  }
}
