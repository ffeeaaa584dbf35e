import { expect } from 'chai';
import { mergeStats } from '../../../src/delivery/worker/merge-stats';
import type { DeliveryStats } from '../../../src/delivery/types';

function stats(fields: Partial<DeliveryStats> & Record<string, unknown>): DeliveryStats {
  return {
    exported: 0, dropped: {}, retried: 0, requests: {}, bytesSent: 0, bytesUncompressed: 0, queueDepth: 0, queueBytes: 0,
    exportLatencyMs: { count: 0, sum: 0, max: 0 }, diskFallbacks: 0, ...fields,
  } as DeliveryStats;
}

describe('mergeStats: a worker that died, and the fallback that took over', () => {
  it('adds counts, and takes levels (queue depth, a backend limit in force) from the live fallback', () => {
    const worker = stats({ exported: 100, dropped: { worker_failed: 5 }, queueDepth: 40, queueBytes: 4000, maxBodyBytes: 5_242_880, duplicatesSuppressed: 2 });
    const fallback = stats({ exported: 30, dropped: { queue_full: 1 }, queueDepth: 7, queueBytes: 700, maxBodyBytes: 2_621_440, duplicatesSuppressed: 1 });
    const merged = mergeStats(worker, fallback, { exit: 3 }, ['maxBodyBytes']) as DeliveryStats & Record<string, number>;
    expect(merged.exported).to.equal(130);
    expect(merged.dropped).to.deep.equal({ worker_failed: 5, queue_full: 1, exit: 3 });
    expect(merged.duplicatesSuppressed).to.equal(3);
    expect(merged.queueDepth).to.equal(7);
    expect(merged.queueBytes).to.equal(700);
    expect(merged.maxBodyBytes).to.equal(2_621_440);
  });

  it('with the worker alive, its own figures', () => {
    const worker = stats({ exported: 10, queueDepth: 4, maxBodyBytes: 1024 });
    const merged = mergeStats(worker, undefined, {}, ['maxBodyBytes']) as DeliveryStats & Record<string, number>;
    expect(merged.queueDepth).to.equal(4);
    expect(merged.maxBodyBytes).to.equal(1024);
    expect(merged.exported).to.equal(10);
  });
});
