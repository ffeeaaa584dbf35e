import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DiskQueue } from '../../src/delivery/disk-queue';
import { parseFrames } from '../../src/delivery/frame';
import { recordingHooks } from './helpers/disk-hooks';
import { makeRecords, useTempDir } from '@dynamo-logging/test-kit';

async function bytesOnDisk(dir: string): Promise<number> {
  let total = 0;
  for (const name of await fs.readdir(dir)) if (name.startsWith('segment-')) total += (await fs.stat(path.join(dir, name))).size;
  return total;
}

describe('DiskQueue: the byte bound holds for what is on disk, delivered parts included', () => {
  const dirOf = useTempDir('dyn-dq-bound-');

  it('writing after a delivery never takes the segment files past queue.maxBytes', async () => {
    const maxBytes = 256 * 1024;
    const queue = await DiskQueue.open(dirOf(), 1_000_000, maxBytes, recordingHooks());
    let seq = 0;
    let worst = 0;
    for (let round = 0; round < 4; round++) {
      // Fill to the bound, then deliver everything: the last segment is still the writer's, delivered but on disk.
      while ((await queue.push(makeRecords(seq, 20, (s) => `${s} ${'x'.repeat(200)}`))) > 0) seq += 20;
      worst = Math.max(worst, await bytesOnDisk(dirOf()));
      for (let lease = await queue.take(500); lease !== undefined; lease = await queue.take(500)) queue.complete(lease);
      await new Promise((r) => setTimeout(r, 5));
    }
    await queue.close();
    expect(worst).to.be.at.most(maxBytes);
    expect(worst).to.be.at.least(maxBytes * 0.7);
  });

  it('a delivered segment the reader just finished is deleted at once, not at its next read', async () => {
    const queue = await DiskQueue.open(dirOf(), 1_000_000, 256 * 1024, recordingHooks());
    // Two segments: the first full (64 KiB, a quarter of the bound), the second the writer's.
    let seq = 0;
    while ((await segmentNames(dirOf())).length < 2) {
      await queue.push(makeRecords(seq, 10, (s) => `${s} ${'y'.repeat(300)}`));
      seq += 10;
    }
    const [first] = await segmentNames(dirOf());
    const inFirst = parseFrames(await fs.readFile(path.join(dirOf(), first!)), Number.POSITIVE_INFINITY).payloads.length;
    // Exactly the first segment's records: the reader stops at its end, still holding it open.
    const lease = await queue.take(inFirst);
    expect(lease!.records).to.have.length(inFirst);
    queue.complete(lease!);
    await new Promise((r) => setTimeout(r, 20));
    expect(await segmentNames(dirOf())).to.not.include(first);
    await queue.close();
  });
});

async function segmentNames(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((n) => n.startsWith('segment-')).sort();
}
