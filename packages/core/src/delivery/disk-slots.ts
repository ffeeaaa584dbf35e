import { DiskQueue, type DiskQueueHooks } from './disk-queue';
import { acquireSlot, claimOrphans, LOCK_REFRESH_MS, type Slot } from './queue-lock';

/**
 * The on-disk queues of one exporter: its own slot, written and read, and the
 * backlogs of dead processes' slots it claimed, only read until drained.
 */
export class DiskSlots {
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  private scanning: Promise<DiskQueue[]> | undefined;
  /** Told about a backlog claimed after start (an owner on another host found dead later). */
  onClaimed: ((queue: DiskQueue) => void) | undefined;

  private constructor(
    private readonly root: string,
    readonly own: DiskQueue,
    private readonly ownIndex: number,
    readonly drains: DiskQueue[],
    private readonly slots: Slot[],
    private readonly limits: { readonly maxRecords: number; readonly maxBytes: number; readonly hooks: DiskQueueHooks },
  ) {
    this.timer = setInterval(() => {
      for (const slot of this.slots) void slot.refresh();
      // A replacement pod starts before its predecessor's lock is stale: that backlog is claimed later, here.
      void this.claimDead().catch(() => undefined);
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
      return new DiskSlots(directory, own, mine.index, drains, slots, { maxRecords, maxBytes, hooks });
    } catch (err) {
      await Promise.all(slots.map((s) => s.release()));
      throw err;
    }
  }

  /** Claims the slots whose owners have died since the last look; resolves with their queues. */
  claimDead(): Promise<DiskQueue[]> {
    this.scanning ??= (async () => {
      const found: DiskQueue[] = [];
      if (this.closed) return found;
      const held = new Set(this.slots.map((s) => s.index));
      for (const orphan of await claimOrphans(this.root, this.ownIndex, held)) {
        if (this.closed) {
          await orphan.release();
          continue;
        }
        this.slots.push(orphan);
        const queue = await DiskQueue.open(orphan.directory, this.limits.maxRecords, this.limits.maxBytes, this.limits.hooks);
        this.drains.push(queue);
        found.push(queue);
        this.onClaimed?.(queue);
      }
      return found;
    })().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  /** Records left in the claimed backlogs and this slot. */
  depth(): number {
    let depth = this.own.depth();
    for (const q of this.drains) depth += q.depth();
    return depth;
  }

  /** Closes every queue (what is left stays on disk for the next process) and releases the slots. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.scanning?.catch(() => undefined);
    await Promise.all([this.own, ...this.drains].map((q) => q.close()));
    await Promise.all(this.slots.map((s) => s.release()));
  }
}
