/**
 * Request bodies lent to the delivery layer and taken back when their request
 * is done (`DeliveryBackend.release`). An encoder builds each body in one
 * reused scratch buffer and must copy it out, since the layer may hold several
 * requests at once; a fresh half-megabyte buffer per request is paid in page
 * faults and in V8's external-memory GC, more than the copy itself.
 *
 * A body that is never given back is simply collected. Each buffer is lent to
 * one body at a time: a second `give` of the same body is ignored.
 */
export class BodyPool {
  private readonly free: ArrayBuffer[] = [];
  private readonly lent = new WeakSet<ArrayBuffer>();

  /**
   * @param maxPooled buffers kept for reuse (the memory held when idle is at most `maxPooled * maxPooledBytes`)
   * @param minBytes smallest buffer allocated, so bodies of varying size fit the same buffer
   * @param maxPooledBytes larger bodies get a buffer of their own that is not kept
   */
  constructor(
    private readonly maxPooled = 4,
    private readonly minBytes = 256 * 1024,
    private readonly maxPooledBytes = 4 * 1024 * 1024,
  ) {}

  /** A copy of `bytes` in a buffer from the pool (or a new one). */
  copy(bytes: Uint8Array): Buffer {
    const size = bytes.byteLength;
    let memory: ArrayBuffer | undefined;
    for (let i = this.free.length - 1; i >= 0; i--) {
      if (this.free[i]!.byteLength >= size) {
        memory = this.free[i]!;
        this.free.splice(i, 1);
        break;
      }
    }
    if (memory === undefined) {
      // Not Buffer.from(bytes): that zero-fills the new memory before the copy.
      memory = Buffer.allocUnsafeSlow(size > this.maxPooledBytes ? size : Math.max(size, this.minBytes)).buffer as ArrayBuffer;
    }
    if (memory.byteLength <= this.maxPooledBytes) this.lent.add(memory);
    const body = Buffer.from(memory, 0, size);
    body.set(bytes);
    return body;
  }

  /** Takes a body back once nothing reads it any more; bodies this pool did not lend are ignored. */
  give(body: Uint8Array): void {
    const memory = body.buffer as ArrayBuffer;
    if (!this.lent.has(memory)) return;
    this.lent.delete(memory);
    if (this.free.length < this.maxPooled) this.free.push(memory);
  }

  /** Buffers waiting to be reused (for tests). */
  get pooled(): number {
    return this.free.length;
  }
}
