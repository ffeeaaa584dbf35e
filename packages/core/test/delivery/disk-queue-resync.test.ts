import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DiskQueue } from '../../src/delivery/disk-queue';
import { FRAME_HEADER_BYTES } from '../../src/delivery/frame';
import { recordingHooks } from './helpers/disk-hooks';
import { makeRecords, useTempDir } from '@dynamo-logging/test-kit';

async function drain(queue: DiskQueue): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const lease = await queue.take(100);
    if (lease === undefined) return bodies;
    bodies.push(...lease.records.map((r) => r.body));
    queue.complete(lease);
  }
}

describe('DiskQueue: a damaged length field', () => {
  const dirOf = useTempDir('dyn-dq-resync-');

  for (const damage of [0xffffffff, 0]) {
    it(`costs that one entry (length ${damage.toString(16)}): reading resynchronises on the next good frame, and the skip is counted`, async () => {
      const first = await DiskQueue.open(dirOf(), 10_000, 1 << 24, recordingHooks());
      await first.push(makeRecords(0, 1000));
      await first.close();
      const [segment] = (await fs.readdir(dirOf())).filter((n) => n.startsWith('segment-'));
      const file = path.join(dirOf(), segment!);
      const bytes = await fs.readFile(file);
      // The length field of the 11th frame (each frame: 8-byte header, then the payload).
      let at = 0;
      for (let i = 0; i < 10; i++) at += FRAME_HEADER_BYTES + bytes.readUInt32LE(at);
      bytes.writeUInt32LE(damage, at);
      await fs.writeFile(file, bytes);

      const events: string[] = [];
      const second = await DiskQueue.open(dirOf(), 10_000, 1 << 24, recordingHooks(events));
      expect(second.depth()).to.equal(999);
      const bodies = await drain(second);
      await second.close();
      expect(bodies).to.have.length(999);
      expect(bodies).to.not.include('record 10');
      expect(bodies.at(-1)).to.equal('record 999');
      const corrupt = events.filter((e) => e.startsWith('corrupt'));
      expect(corrupt).to.have.length(1);
      expect(corrupt[0]).to.match(/^corrupt 1 /);
    });
  }
});
