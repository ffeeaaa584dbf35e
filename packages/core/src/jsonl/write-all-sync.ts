import { writeSync } from 'node:fs';

const RETRY_WAIT_MS = 2;
const MAX_WAIT_MS = 10_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to `fd`. A pipe that Node opened non-blocking answers
 * EAGAIN when full and may take only part of a write: both are retried (the
 * reader is draining) until the whole chunk is out, so lines are never cut.
 * A reader that stays away for MAX_WAIT_MS ends it with the error.
 */
export function writeAllSync(fd: number, text: string): void {
  let buffer = Buffer.from(text, 'utf8');
  let waited = 0;
  while (buffer.length > 0) {
    try {
      const written = writeSync(fd, buffer);
      buffer = buffer.subarray(written);
      waited = 0;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN' || waited >= MAX_WAIT_MS) throw err;
      Atomics.wait(sleeper, 0, 0, RETRY_WAIT_MS);
      waited += RETRY_WAIT_MS;
    }
  }
}
