import { open, stat, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InputSource, LineHandler } from './input-source';
import { LineSplitter } from './line-splitter';

const CHUNK = 64 * 1024;

/**
 * `--follow`: reads the file from its start, then keeps reading what is
 * appended, polling every `intervalMs`, until `signal` aborts, as `tail -F`:
 * a truncated file is read again from its start, a replaced one (log
 * rotation: a new inode at the path) is reopened once the old one is drained.
 * A last line without its newline waits for the newline.
 */
export async function followFile(source: InputSource & { path: string }, handler: LineHandler, signal: AbortSignal, intervalMs = 200): Promise<void> {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let lineNo = 1;
  let splitter = new LineSplitter();
  let file: FileHandle = await open(source.path, 'r');
  let inode = (await file.stat()).ino;
  let position = 0;

  const emit = async (lines: string[]): Promise<void> => {
    if (lines.length === 0) return;
    await handler.lines(source, lineNo, lines);
    lineNo += lines.length;
  };

  try {
    while (!signal.aborted) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK, position);
      if (bytesRead > 0) {
        position += bytesRead;
        await emit(splitter.push(buffer.subarray(0, bytesRead)));
        continue;
      }
      const current = await stat(source.path).catch(() => undefined);
      if (current !== undefined && current.ino !== inode) {
        // Rotated: the old file is drained (the loop above), so move to the new one.
        await emit(splitter.end());
        await file.close();
        file = await open(source.path, 'r');
        inode = (await file.stat()).ino;
        position = 0;
        splitter = new LineSplitter();
        continue;
      }
      if (current !== undefined && current.size < position) {
        // Truncated in place (copytruncate): start over.
        position = 0;
        splitter = new LineSplitter();
        continue;
      }
      await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
    }
    await emit(splitter.end());
  } finally {
    await file.close();
  }
}
