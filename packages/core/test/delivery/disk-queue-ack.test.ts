import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DiskQueue } from '../../src/delivery/disk-queue';
import { recordingHooks } from './helpers/disk-hooks';
import { makeRecords, useTempDir } from '@dynamo-logging/test-kit';

const bodies = (records: { body?: unknown }[]) => records.map((r) => r.body);

describe('DiskQueue ack', () => {
  const dirOf = useTempDir('dyn-dq-ack-');

  it('a stale ack.json naming a later segment cannot delete records written after it', async () => {
    // Left by an earlier run whose segments were since removed (an operator cleaned up, a volume restored).
    await fs.writeFile(path.join(dirOf(), 'ack.json'), JSON.stringify({ segment: 5, offset: 0 }));
    const first = await DiskQueue.open(dirOf(), 1000, 1 << 20, recordingHooks());
    expect(await first.push(makeRecords(0, 3))).to.equal(3);
    await first.close();

    const second = await DiskQueue.open(dirOf(), 1000, 1 << 20, recordingHooks());
    expect(second.depth()).to.equal(3);
    const lease = await second.take(10);
    expect(bodies(lease!.records)).to.deep.equal(['record 0', 'record 1', 'record 2']);
    await second.close();
  });

  it('the ack advances only over the contiguous prefix of completed leases (out-of-order completion keeps the earlier lease unacked)', async () => {
    const queue = await DiskQueue.open(dirOf(), 1000, 1 << 20, recordingHooks());
    await queue.push(makeRecords(0, 2));
    await queue.push(makeRecords(2, 2));
    const a = await queue.take(2);
    const b = await queue.take(2);
    expect(bodies(a!.records)).to.deep.equal(['record 0', 'record 1']);
    queue.complete(b!); // the later lease finishes first
    expect(queue.settledOrdinal()).to.equal(0);
    await queue.close();

    // A crash now: the next process must still send the first lease's records.
    const next = await DiskQueue.open(dirOf(), 1000, 1 << 20, recordingHooks());
    const again = await next.take(10);
    expect(bodies(again!.records).slice(0, 2)).to.deep.equal(['record 0', 'record 1']);
    await next.close();
  });
});
