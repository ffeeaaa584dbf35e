import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { makeDirectory } from './make-directory';

/**
 * One process per queue slot. Two processes on one directory (cluster mode,
 * PM2, a replacement pod on the same volume) used to send the whole backlog
 * twice. Slot 0 is the directory itself (the layout of a single process),
 * slot n its `slot-n/` subdirectory; `queue.lock` / `slot-n.lock` beside them
 * name the owner. A live owner's slot is left alone; a dead owner's is claimed
 * by renaming its lock away, which only one claimant can do, so its backlog is
 * taken over exactly once.
 */
const MAX_SLOTS = 64;
/** An owner on another host cannot be asked whether it lives: its lock must be refreshed this often. */
export const LOCK_REFRESH_MS = 15_000;
const STALE_AFTER_MS = 4 * LOCK_REFRESH_MS;
const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;

interface Owner {
  readonly pid: number;
  readonly host: string;
}

export interface Slot {
  readonly index: number;
  /** Where this slot's segments and ack.json live. */
  readonly directory: string;
  /** Keeps the lock fresh for owners on other hosts (unref'd timer). */
  refresh(): Promise<void>;
  release(): Promise<void>;
}

function slotPaths(root: string, index: number): { directory: string; lock: string } {
  return index === 0
    ? { directory: root, lock: path.join(root, 'queue.lock') }
    : { directory: path.join(root, `slot-${index}`), lock: path.join(root, `slot-${index}.lock`) };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ownerIsGone(lock: string): Promise<boolean> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, { mtimeMs }] = await Promise.all([fs.readFile(lock, 'utf8'), fs.stat(lock)]);
  } catch (err) {
    // Released between our create and this read: free now, try again.
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
  let owner: Partial<Owner> = {};
  try {
    owner = JSON.parse(text) as Partial<Owner>;
  } catch {
    // Torn by a crash while being written: only age can tell.
  }
  if (owner.host === hostname() && Number.isSafeInteger(owner.pid)) return !pidAlive(owner.pid!);
  return Date.now() - mtimeMs > STALE_AFTER_MS;
}

async function createLock(lock: string): Promise<boolean> {
  try {
    await fs.writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname() }), { flag: 'wx', mode: FILE_MODE });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Takes slot `index` if it is free or its owner is dead; undefined when someone else holds it. */
export async function tryAcquire(root: string, index: number): Promise<Slot | undefined> {
  const { directory, lock } = slotPaths(root, index);
  if (!(await createLock(lock))) {
    if (!(await ownerIsGone(lock))) return undefined;
    // Only one claimant's rename finds the stale lock; the others get ENOENT and move on.
    const claimed = `${lock}.claimed-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      await fs.rename(lock, claimed);
    } catch {
      return undefined;
    }
    await fs.unlink(claimed).catch(() => undefined);
    if (!(await createLock(lock))) return undefined;
  }
  if (index !== 0) await makeDirectory(directory, DIRECTORY_MODE);
  let released = false;
  return {
    index,
    directory,
    refresh: async () => {
      if (released) return;
      const now = new Date();
      await fs.utimes(lock, now, now).catch(() => undefined);
    },
    release: async () => {
      if (released) return;
      released = true;
      await fs.unlink(lock).catch(() => undefined);
    },
  };
}

/** This process's own slot: the lowest one free or left by a dead owner. */
export async function acquireSlot(root: string): Promise<Slot> {
  await makeDirectory(root, DIRECTORY_MODE);
  for (let index = 0; index < MAX_SLOTS; index++) {
    const slot = await tryAcquire(root, index);
    if (slot !== undefined) return slot;
  }
  throw Object.assign(new Error(`all ${MAX_SLOTS} queue slots of ${root} are held by live processes`), { code: 'EBUSY' });
}

/** Other slots with a backlog whose owner is dead (or that nobody holds): claimed to be drained by this process. */
export async function claimOrphans(root: string, own: number, held: ReadonlySet<number> = new Set()): Promise<Slot[]> {
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const indexes = new Set<number>();
  if (own !== 0 && (names.includes('queue.lock') || names.some((n) => n.startsWith('segment-')))) indexes.add(0);
  for (const name of names) {
    const m = /^slot-(\d+)(?:\.lock)?$/.exec(name);
    if (m !== null && Number(m[1]) !== own && Number(m[1]) < MAX_SLOTS) indexes.add(Number(m[1]));
  }
  for (const index of held) indexes.delete(index);
  const claimed: Slot[] = [];
  for (const index of [...indexes].sort((a, b) => a - b)) {
    // A slot nobody holds is worth taking only for a backlog: an empty one is left for the next process.
    const paths = slotPaths(root, index);
    if (!names.includes(path.basename(paths.lock)) && !(await hasSegments(paths.directory))) continue;
    const slot = await tryAcquire(root, index);
    if (slot !== undefined) claimed.push(slot);
  }
  return claimed;
}

async function hasSegments(directory: string): Promise<boolean> {
  const names = await fs.readdir(directory).catch(() => [] as string[]);
  return names.some((n) => n.startsWith('segment-'));
}
