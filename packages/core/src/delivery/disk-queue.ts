import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { makeDirectory } from './make-directory';
import { encodeFrame, FRAME_HEADER_BYTES, parseFrames } from './frame';
import { RecordDecoder, serializeRecord } from './record-codec';
import { QueueCounts, type Lease, type RecordQueue } from './record-queue';

/**
 * The on-disk queue: append-only segment files of CRC-framed records, plus a
 * small `ack.json` naming the first position not yet delivered. A push
 * resolves only after its frames are written and fdatasync'ed; the ack file
 * is rewritten (tmp + rename) after deliveries, so after a crash the next
 * process resends from the last ack: at-least-once. Each process appends to a
 * fresh segment, so a torn tail left by a crash is never written after; the
 * reader skips it (counted through `onCorrupt`).
 */
const SEGMENT_RE = /^segment-(\d{12})\.log$/;
const ACK_FILE = 'ack.json';
const READ_CHUNK = 1024 * 1024;
const MAX_SEGMENT_BYTES = 8 * 1024 * 1024;
const MIN_SEGMENT_BYTES = 64 * 1024;
// Queued records are log lines, secrets already masked or not: no other local user reads them.
const DIRECTORY_MODE = 0o700;
const FILE_MODE = 0o600;

interface Segment {
  readonly id: number;
  readonly path: string;
  /** Readable end: the file size, or for this process's segment the bytes synced so far. */
  size: number;
  /** Valid records (and their frame bytes) from where reading starts, and how many of them were taken. */
  records: number;
  bytes: number;
  taken: number;
  takenBytes: number;
}

interface DiskLease extends Lease {
  readonly count: number;
  readonly endId: number;
  readonly endOffset: number;
  done: boolean;
}

interface PendingWrite {
  readonly frames: Buffer[];
  readonly count: number;
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export interface DiskQueueHooks {
  /** Entries that failed the length/CRC/decode checks and are skipped. */
  onCorrupt(count: number, detail: string): void;
  /** Synced records became available to the reader. */
  onAvailable(): void;
  /** A failure that loses no record (ack file, segment deletion). */
  onWarning(message: string): void;
  /** Records in a segment that can no longer be read (deleted, I/O error). */
  onLost(count: number, detail: string): void;
  /** A record that cannot be serialized (a throwing toJSON, a cycle from a bridge): dropped alone. */
  onUnserializable?(count: number, detail: string): void;
}

function segmentName(id: number): string {
  return `segment-${String(id).padStart(12, '0')}.log`;
}

export class DiskQueue extends QueueCounts implements RecordQueue {
  private readonly segments: Segment[] = [];
  private writer: { segment: Segment; fh: FileHandle } | undefined;
  private nextSegmentId: number;
  private readId: number;
  private readOffset: number;
  private readHandle: { id: number; fh: FileHandle } | undefined;
  private ackId: number;
  private ackOffset: number;
  /**
   * Bytes the segment files hold (delivered parts not yet deleted included) plus
   * frames accepted and not yet written: what the disk really holds or will.
   * The bound applies to this, not only to the undelivered bytes.
   */
  private diskBytes = 0;
  private untaken = 0;
  private readonly leases: DiskLease[] = [];
  private readonly pendingWrites: PendingWrite[] = [];
  private writing: Promise<void> | undefined;
  private takeChain: Promise<unknown> = Promise.resolve();
  private ackWriting: Promise<void> | undefined;
  private ackDirty = false;
  private readonly decoder = new RecordDecoder();
  private readonly segmentBytes: number;
  private closed = false;

  private constructor(
    private readonly directory: string,
    private readonly maxRecords: number,
    private readonly maxBytes: number,
    private readonly hooks: DiskQueueHooks,
    ack: { id: number; offset: number },
    nextSegmentId: number,
  ) {
    super();
    this.ackId = ack.id;
    this.ackOffset = ack.offset;
    this.readId = ack.id;
    this.readOffset = ack.offset;
    this.nextSegmentId = nextSegmentId;
    this.segmentBytes = Math.min(MAX_SEGMENT_BYTES, Math.max(MIN_SEGMENT_BYTES, Math.floor(maxBytes / 4)));
  }

  /** Opens (creating) the directory and counts what a previous process left. */
  static async open(directory: string, maxRecords: number, maxBytes: number, hooks: DiskQueueHooks): Promise<DiskQueue> {
    await makeDirectory(directory, DIRECTORY_MODE);
    const ack = await readAck(directory);
    const ids = (await fs.readdir(directory))
      .map((name) => SEGMENT_RE.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    // New segments go after the ack too: an ack.json left from segments since removed would otherwise
    // name a later id than this process's segments, and the next process would delete them unsent.
    const queue = new DiskQueue(directory, maxRecords, maxBytes, hooks, ack, Math.max(ids.at(-1) ?? 0, ack.id) + 1);
    for (const id of ids) {
      const file = path.join(directory, segmentName(id));
      if (id < ack.id) {
        await fs.unlink(file).catch(() => undefined);
        continue;
      }
      const buf = await fs.readFile(file);
      const { count, bytes } = countFrames(buf.subarray(id === ack.id ? Math.min(ack.offset, buf.length) : 0));
      queue.segments.push({ id, path: file, size: buf.length, records: count, bytes, taken: 0, takenBytes: 0 });
      queue.queuedRecords += count;
      queue.queuedBytes += bytes;
      queue.diskBytes += buf.length;
    }
    queue.untaken = queue.queuedRecords;
    queue.enqueued = queue.queuedRecords;
    return queue;
  }

  hasUntaken(): boolean {
    return this.untaken > 0;
  }

  /** Resolves with how many of the leading records were handled: queued, or dropped as unserializable (reported). */
  async push(records: ReadableLogRecord[]): Promise<number> {
    const frames: Buffer[] = [];
    let bytes = 0;
    let handled = 0;
    let unserializable = 0;
    let firstError = '';
    for (const record of records) {
      let frame: Buffer;
      try {
        frame = encodeFrame(serializeRecord(record));
      } catch (err) {
        // One bad record costs itself, not the disk queue for the rest of the process.
        unserializable++;
        handled++;
        firstError ||= err instanceof Error ? err.message : String(err);
        continue;
      }
      if (
        this.queuedRecords + frames.length + 1 > this.maxRecords ||
        this.queuedBytes + bytes + frame.length > this.maxBytes ||
        this.diskBytes + bytes + frame.length > this.maxBytes
      ) {
        break;
      }
      frames.push(frame);
      bytes += frame.length;
      handled++;
    }
    if (unserializable > 0) this.hooks.onUnserializable?.(unserializable, `cannot serialize for ${this.directory}: ${firstError}`);
    if (frames.length === 0) return handled;
    const count = frames.length;
    this.queuedRecords += count;
    this.queuedBytes += bytes;
    this.diskBytes += bytes;
    try {
      await new Promise<void>((resolve, reject) => {
        this.pendingWrites.push({ frames, count, bytes, resolve, reject });
        this.pump();
      });
    } catch (err) {
      this.queuedRecords -= count;
      this.queuedBytes -= bytes;
      this.diskBytes -= bytes;
      throw err;
    }
    return handled;
  }

  // Group commit: pushes arriving during a write+sync share the next one.
  private pump(): void {
    if (this.writing !== undefined) return;
    this.writing = (async () => {
      while (this.pendingWrites.length > 0) {
        const batch = this.pendingWrites.splice(0);
        try {
          await this.writeBatch(batch);
          for (const w of batch) w.resolve();
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    })().finally(() => {
      this.writing = undefined;
    });
  }

  private async writeBatch(batch: PendingWrite[]): Promise<void> {
    if (this.closed) throw Object.assign(new Error('disk queue closed'), { code: 'ERR_CLOSED' });
    // A writer segment whose every record is delivered only holds disk space: start a new one so it can go.
    const delivered = this.writer !== undefined && this.writer.segment.size > 0 && this.ackId === this.writer.segment.id && this.ackOffset >= this.writer.segment.size;
    if (this.writer === undefined || this.writer.segment.size >= this.segmentBytes || delivered) {
      await this.rotate();
      this.deleteDelivered();
    }
    const writer = this.writer!;
    const buf = Buffer.concat(batch.flatMap((w) => w.frames));
    let count = 0;
    for (const w of batch) count += w.count;
    try {
      let written = 0;
      while (written < buf.length) {
        const { bytesWritten } = await writer.fh.write(buf, written, buf.length - written, writer.segment.size + written);
        written += bytesWritten;
      }
      await writer.fh.datasync();
    } catch (err) {
      // Leave no half frame for the next write to follow.
      await writer.fh.truncate(writer.segment.size).catch(() => undefined);
      throw err;
    }
    writer.segment.size += buf.length;
    writer.segment.records += count;
    writer.segment.bytes += buf.length;
    this.untaken += count;
    this.enqueued += count;
    this.hooks.onAvailable();
  }

  private async rotate(): Promise<void> {
    const previous = this.writer;
    const id = this.nextSegmentId++;
    const file = path.join(this.directory, segmentName(id));
    const fh = await fs.open(file, 'wx', FILE_MODE);
    // The new file's directory entry must survive a crash too.
    await syncDirectory(this.directory);
    const segment: Segment = { id, path: file, size: 0, records: 0, bytes: 0, taken: 0, takenBytes: 0 };
    this.segments.push(segment);
    this.writer = { segment, fh };
    if (previous !== undefined) await previous.fh.close().catch(() => undefined);
  }

  take(maxRecords: number): Promise<Lease | undefined> {
    const next = this.takeChain.then(() => this.takeNow(maxRecords));
    this.takeChain = next.catch(() => undefined);
    return next;
  }

  private async takeNow(maxRecords: number): Promise<Lease | undefined> {
    const records: ReadableLogRecord[] = [];
    let count = 0;
    let bytes = 0;
    let corrupt = 0;
    let minRead = 0;
    let exhausted = false;
    const startId = this.readId;
    const startOffset = this.readOffset;
    while (count < maxRecords) {
      const segment = this.segments.find((s) => s.id >= this.readId);
      if (segment === undefined) {
        exhausted = true;
        break;
      }
      if (segment.id !== this.readId) {
        this.readId = segment.id;
        this.readOffset = 0;
      }
      const end = segment.size;
      if (this.readOffset >= end) {
        const isWriter = this.writer?.segment === segment;
        const following = this.segments.find((s) => s.id > segment.id);
        if (isWriter || following === undefined) {
          exhausted = true;
          break;
        }
        this.readId = following.id;
        this.readOffset = 0;
        continue;
      }
      const want = Math.min(end - this.readOffset, Math.max(READ_CHUNK, minRead));
      let buf: Buffer;
      try {
        buf = await this.readAt(segment, this.readOffset, want);
      } catch (err) {
        // The segment is gone or unreadable: its untaken records are lost, counted, and reading moves on.
        const lost = segment.records - segment.taken;
        count += lost;
        bytes += segment.bytes - segment.takenBytes;
        segment.taken = segment.records;
        segment.takenBytes = segment.bytes;
        this.untaken = Math.max(0, this.untaken - lost);
        this.readOffset = end;
        if (this.writer?.segment === segment) segment.size = end;
        this.hooks.onLost(lost, `cannot read ${segment.path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
        continue;
      }
      const parsed = parseFrames(buf, maxRecords - count);
      for (let i = 0; i < parsed.payloads.length; i++) {
        count += 1;
        bytes += parsed.frameBytes[i]!;
        segment.taken += 1;
        segment.takenBytes += parsed.frameBytes[i]!;
        try {
          records.push(this.decoder.decode(parsed.payloads[i]!));
        } catch {
          corrupt += 1;
        }
      }
      this.untaken = Math.max(0, this.untaken - parsed.payloads.length);
      corrupt += parsed.corrupt;
      this.readOffset += parsed.consumed;
      minRead = 0;
      if (parsed.stop === 'incomplete') {
        if (this.readOffset + (parsed.needed ?? FRAME_HEADER_BYTES) <= end) {
          minRead = parsed.needed ?? FRAME_HEADER_BYTES;
        } else {
          // A frame running past the end of a finished segment: the torn tail of a crash.
          corrupt += 1;
          this.readOffset = end;
        }
      } else if (parsed.stop === 'garbage') {
        if (this.readOffset + buf.length < end) {
          // No good frame in this chunk: look through the rest of the segment before giving it up.
          minRead = end - this.readOffset;
        } else {
          corrupt += 1;
          this.readOffset = end;
        }
      }
    }
    // Caught up with everything written: whatever the startup count said, nothing is left untaken.
    if (exhausted) this.untaken = 0;
    if (corrupt > 0) this.hooks.onCorrupt(corrupt, `skipped ${corrupt} corrupt or torn entr${corrupt === 1 ? 'y' : 'ies'} in ${this.directory}`);
    if (count === 0 && this.readId === startId && this.readOffset === startOffset) {
      // No progress means nothing readable is left, whatever the counters said.
      this.untaken = 0;
      return undefined;
    }
    const lease: DiskLease = { records, bytes, count, endId: this.readId, endOffset: this.readOffset, done: false };
    this.leases.push(lease);
    if (records.length === 0) {
      // Only corrupt entries (or undecodable ones): nothing to send, but the ack moves past them.
      this.complete(lease);
      return count === 0 ? undefined : this.takeNow(maxRecords);
    }
    return lease;
  }

  private async readAt(segment: Segment, offset: number, length: number): Promise<Buffer> {
    if (this.readHandle?.id !== segment.id) {
      await this.readHandle?.fh.close().catch(() => undefined);
      this.readHandle = undefined;
      this.readHandle = { id: segment.id, fh: await fs.open(segment.path, 'r') };
    }
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await this.readHandle.fh.read(buf, got, length - got, offset + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === length ? buf : buf.subarray(0, got);
  }

  complete(lease: Lease): void {
    const l = lease as DiskLease;
    if (l.done) return;
    l.done = true;
    this.queuedRecords -= l.count;
    this.queuedBytes -= l.bytes;
    let moved = false;
    while (this.leases.length > 0 && this.leases[0]!.done) {
      const head = this.leases.shift()!;
      this.settled += head.count;
      this.ackId = head.endId;
      this.ackOffset = head.endOffset;
      moved = true;
    }
    if (!moved) return;
    this.writeAck();
    this.deleteDelivered();
  }

  private writeAck(): void {
    this.ackDirty = true;
    if (this.ackWriting !== undefined) return;
    this.ackWriting = (async () => {
      while (this.ackDirty) {
        this.ackDirty = false;
        const tmp = path.join(this.directory, `${ACK_FILE}.tmp`);
        try {
          await writeDurably(tmp, JSON.stringify({ segment: this.ackId, offset: this.ackOffset }));
          await fs.rename(tmp, path.join(this.directory, ACK_FILE));
          // The rename is durable only once the directory entry is.
          await syncDirectory(this.directory);
        } catch (err) {
          // A stale ack only means records are sent again after a restart.
          this.hooks.onWarning(`could not update ${ACK_FILE}: ${(err as Error).message}`);
        }
      }
    })().finally(() => {
      this.ackWriting = undefined;
    });
  }

  private deleteDelivered(): void {
    while (this.segments.length > 0) {
      const first = this.segments[0]!;
      const fullyAcked = first.id < this.ackId || (first.id === this.ackId && this.ackOffset >= first.size && this.writer?.segment !== first);
      if (!fullyAcked) break;
      if (first.id === this.readHandle?.id) {
        // The reader keeps a finished segment open until its next read: a delivered segment's bytes
        // would count against the bound until then. Fully acked means fully read, so it can go now.
        const handle = this.readHandle;
        this.readHandle = undefined;
        void handle.fh.close().catch(() => undefined);
      }
      this.segments.shift();
      this.diskBytes -= first.size;
      fs.unlink(first.path).catch((err: Error) => this.hooks.onWarning(`could not delete ${first.path}: ${err.message}`));
    }
  }

  /** Waits for pending writes and the ack file, then closes files; what is left stays for the next process. */
  async close(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
    this.closed = true;
    while (this.ackWriting !== undefined) await this.ackWriting;
    await this.writer?.fh.close().catch(() => undefined);
    await this.readHandle?.fh.close().catch(() => undefined);
    this.writer = undefined;
    this.readHandle = undefined;
  }
}

function countFrames(buf: Buffer): { count: number; bytes: number } {
  const parsed = parseFrames(buf, Number.POSITIVE_INFINITY);
  let bytes = 0;
  for (const b of parsed.frameBytes) bytes += b;
  return { count: parsed.payloads.length, bytes };
}

async function readAck(directory: string): Promise<{ id: number; offset: number }> {
  try {
    const ack = JSON.parse(await fs.readFile(path.join(directory, ACK_FILE), 'utf8')) as { segment?: unknown; offset?: unknown };
    if (Number.isSafeInteger(ack.segment) && Number.isSafeInteger(ack.offset) && (ack.offset as number) >= 0) {
      return { id: ack.segment as number, offset: ack.offset as number };
    }
  } catch {
    // Absent or unreadable: start from the oldest segment (at-least-once).
  }
  return { id: 0, offset: 0 };
}

/** Written and fsync'ed before the rename, so a crash can never leave an ack.json that names nothing. */
async function writeDurably(file: string, text: string): Promise<void> {
  const fh = await fs.open(file, 'w', FILE_MODE);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncDirectory(directory: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await fs.open(directory, 'r');
    await fh.sync();
  } catch {
    // Not every platform can fsync a directory; the data itself is synced.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
