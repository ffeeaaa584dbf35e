import { crc32 } from 'node:zlib';

/**
 * Entry framing of the on-disk queue: u32 LE payload length, u32 LE CRC32 of
 * the payload, then the payload. The CRC catches torn writes and bit rot; a
 * zero-filled tail fails the minimum length check.
 */
export const FRAME_HEADER_BYTES = 8;
const MIN_PAYLOAD = 2; // "{}"
export const MAX_PAYLOAD = 64 * 1024 * 1024;

export function encodeFrame(payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

export interface ParsedFrames {
  readonly payloads: Buffer[];
  /** Byte length of each payload's frame, parallel to `payloads`. */
  readonly frameBytes: number[];
  /** Bytes of `buf` consumed: whole frames, good or skipped. */
  readonly consumed: number;
  /** Frames whose CRC did not match, and damaged length fields resynchronised past (skipped). */
  readonly corrupt: number;
  /** Bytes passed over while resynchronising after a damaged length field. */
  readonly skippedBytes: number;
  /**
   * Why parsing stopped before the end of `buf`: `incomplete` (a frame runs past
   * it, `needed` bytes would hold it), `garbage` (a length no writer produces;
   * the rest cannot be framed), or undefined (end of buf or `maxFrames`).
   */
  readonly stop?: 'incomplete' | 'garbage';
  readonly needed?: number;
}

export function parseFrames(buf: Buffer, maxFrames: number): ParsedFrames {
  const payloads: Buffer[] = [];
  const frameBytes: number[] = [];
  let offset = 0;
  let corrupt = 0;
  let skippedBytes = 0;
  while (offset < buf.length && payloads.length < maxFrames) {
    if (buf.length - offset < FRAME_HEADER_BYTES) return { payloads, frameBytes, consumed: offset, corrupt, skippedBytes, stop: 'incomplete', needed: FRAME_HEADER_BYTES };
    const length = buf.readUInt32LE(offset);
    if (length < MIN_PAYLOAD || length > MAX_PAYLOAD) {
      // A damaged length field: the frames after it are intact, so resynchronise on the next good
      // one rather than give up the rest of the segment. The damaged entry counts as one.
      const next = findNextFrame(buf, offset + 1);
      if (next < 0) return { payloads, frameBytes, consumed: offset, corrupt, skippedBytes, stop: 'garbage' };
      corrupt += 1;
      skippedBytes += next - offset;
      offset = next;
      continue;
    }
    const total = FRAME_HEADER_BYTES + length;
    if (buf.length - offset < total) return { payloads, frameBytes, consumed: offset, corrupt, skippedBytes, stop: 'incomplete', needed: total };
    const payload = buf.subarray(offset + FRAME_HEADER_BYTES, offset + total);
    if (crc32(payload) === buf.readUInt32LE(offset + 4)) {
      payloads.push(payload);
      frameBytes.push(total);
    } else {
      corrupt += 1;
    }
    offset += total;
  }
  return { payloads, frameBytes, consumed: offset, corrupt, skippedBytes };
}

/**
 * The first offset from `from` where a whole frame with a matching CRC starts,
 * or -1. Payloads are JSON objects, so only a `{` after a plausible header is
 * worth a CRC.
 */
export function findNextFrame(buf: Buffer, from: number): number {
  for (let at = buf.indexOf(0x7b, from + FRAME_HEADER_BYTES); at >= 0; at = buf.indexOf(0x7b, at + 1)) {
    const start = at - FRAME_HEADER_BYTES;
    const length = buf.readUInt32LE(start);
    if (length < MIN_PAYLOAD || length > MAX_PAYLOAD || start + FRAME_HEADER_BYTES + length > buf.length) continue;
    if (crc32(buf.subarray(at, at + length)) === buf.readUInt32LE(start + 4)) return start;
  }
  return -1;
}
