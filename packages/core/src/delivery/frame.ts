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
  /** Frames whose CRC did not match (skipped). */
  readonly corrupt: number;
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
  while (offset < buf.length && payloads.length < maxFrames) {
    if (buf.length - offset < FRAME_HEADER_BYTES) return { payloads, frameBytes, consumed: offset, corrupt, stop: 'incomplete', needed: FRAME_HEADER_BYTES };
    const length = buf.readUInt32LE(offset);
    if (length < MIN_PAYLOAD || length > MAX_PAYLOAD) return { payloads, frameBytes, consumed: offset, corrupt, stop: 'garbage' };
    const total = FRAME_HEADER_BYTES + length;
    if (buf.length - offset < total) return { payloads, frameBytes, consumed: offset, corrupt, stop: 'incomplete', needed: total };
    const payload = buf.subarray(offset + FRAME_HEADER_BYTES, offset + total);
    if (crc32(payload) === buf.readUInt32LE(offset + 4)) {
      payloads.push(payload);
      frameBytes.push(total);
    } else {
      corrupt += 1;
    }
    offset += total;
  }
  return { payloads, frameBytes, consumed: offset, corrupt };
}
