/**
 * Builds a request body in one growing buffer: strings are UTF-8 encoded
 * straight into place, instead of concatenating a megabyte rope and encoding
 * it again at the end.
 */
export class ByteWriter {
  buf: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(Math.max(1024, capacity));
  }

  private ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  write(text: string): void {
    // Three bytes per UTF-16 unit bounds any UTF-8 encoding of the text.
    this.ensure(text.length * 3);
    this.length += this.buf.write(text, this.length, 'utf8');
  }

  byte(value: number): void {
    this.ensure(1);
    this.buf[this.length++] = value;
  }

  append(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    if (Buffer.isBuffer(bytes)) bytes.copy(this.buf, this.length);
    else this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Leaves `count` bytes to be filled in later. */
  skip(count: number): void {
    this.ensure(count);
    this.length += count;
  }

  /** Moves everything from `from` on by `delta` bytes (a reserved gap that turned out too small or large). */
  shift(from: number, delta: number): void {
    this.ensure(Math.max(0, delta));
    this.buf.copyWithin(from + delta, from, this.length);
    this.length += delta;
  }

  reset(): void {
    this.length = 0;
  }

  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  /** The bytes written, in a buffer of their own size when the spare room is large. */
  take(): Buffer {
    return this.length * 4 < this.buf.length * 3 ? Buffer.from(this.view()) : this.view();
  }
}
