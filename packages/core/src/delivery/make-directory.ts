import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * `mkdir -p` that always ends. Node's `mkdir(dir, { recursive: true })` loops
 * for ever where the kernel answers ENOENT for a child of an existing
 * directory (anything under /proc): the call never settles, holds a libuv
 * thread, and keeps the process from exiting. Here every level is tried at
 * most twice.
 */
export async function makeDirectory(directory: string, mode?: number): Promise<void> {
  const dir = path.resolve(directory);
  try {
    await fs.mkdir(dir, mode === undefined ? {} : { mode });
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return mustBeDirectory(dir, err);
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw err;
  }
  // Parents get the umask's mode, as mkdir -p -m does: only the queue's own directory is private.
  await makeDirectory(path.dirname(dir));
  try {
    await fs.mkdir(dir, mode === undefined ? {} : { mode });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return mustBeDirectory(dir, err);
    throw err;
  }
}

async function mustBeDirectory(dir: string, original: unknown): Promise<void> {
  const stat = await fs.stat(dir);
  if (!stat.isDirectory()) throw original;
}
