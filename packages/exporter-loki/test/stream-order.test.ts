import { expect } from 'chai';
import { RESOURCE, storedMessages, useLokiExporter } from './helpers/exporter-fixture';
import { hrAgo, makeRecords } from './helpers/records';
import { exportAll } from '@dynamo-logging/test-kit';

const FAST_RETRY = { initialIntervalMillis: 20, maxIntervalMillis: 50, maxElapsedTimeMillis: 10_000 };

/** `count` records of one stream, oldest first, named `<prefix><i>`. */
function ordered(count: number, prefix: string, startAgoMs: number): ReturnType<typeof makeRecords> {
  return makeRecords(RESOURCE, Array.from({ length: count }, (_, i) => ({ message: `${prefix}${i}`, time: hrAgo(startAgoMs - i) })));
}

/**
 * A Loki with `unordered_writes: false` refuses an entry older than its stream's newest ("entry out of order"),
 * and with the default it refuses one older than `max_chunk_age / 2` behind the newest. Either way a push retried
 * after a later push has landed loses its records, so a stream's pushes go in the order they were queued.
 */
describe('Loki per-stream order across retries', () => {
  const { start, make } = useLokiExporter({ retry: FAST_RETRY, delivery: 'inline' });

  for (const delivery of ['inline', 'worker'] as const) {
    it(`a push that fails with 503 is retried before any later push of the stream is sent (${delivery})`, async () => {
      const receiver = await start({ unorderedWrites: false, fault: (index) => (index < 2 ? { status: 503, body: 'ingester unavailable' } : undefined) });
      const e = make({ endpoint: receiver.url, maxBatchRecords: 100, delivery });
      const first = ordered(100, 'a', 60_000);
      const later = ordered(300, 'b', 50_000);
      // Queued together, as a burst reaches the exporter: four leases of 100.
      await Promise.all([exportAll(e, first), exportAll(e, later)]);
      await e.forceFlush();
      expect(e.stats().dropped).to.deep.equal({});
      expect(storedMessages(receiver)).to.deep.equal([
        ...Array.from({ length: 100 }, (_, i) => `a${i}`),
        ...Array.from({ length: 300 }, (_, i) => `b${i}`),
      ]);
      expect(receiver.requests.map((r) => r.status)).to.deep.equal([503, 503, 204, 204, 204, 204]);
    });
  }

  it('a 413 split keeps the halves in order when the first half must be retried', async () => {
    let pushes = 0;
    const receiver = await start({
      unorderedWrites: false,
      fault: (index) => {
        pushes = index;
        if (index === 0) return { status: 413, body: 'request entity too large' };
        if (index === 1) return { status: 503, body: 'ingester unavailable' };
        return undefined;
      },
    });
    const e = make({ endpoint: receiver.url });
    await exportAll(e, ordered(40, 'c', 30_000));
    await e.forceFlush();
    expect(e.stats().dropped).to.deep.equal({});
    expect(storedMessages(receiver)).to.deep.equal(Array.from({ length: 40 }, (_, i) => `c${i}`));
    expect(pushes).to.be.at.least(3);
  });

  it('maxConcurrentRequests set higher sends pushes side by side (order then rests on unordered_writes)', async () => {
    const startedAt: number[] = [];
    const receiver = await start({
      fault: (index) => {
        startedAt[index] = performance.now();
        return { status: 204, delayMs: 200, storeFirst: true };
      },
    });
    const e = make({ endpoint: receiver.url, maxBatchRecords: 10, maxConcurrentRequests: 4 });
    await exportAll(e, ordered(40, 'd', 20_000));
    await e.forceFlush();
    expect(receiver.totalEntries()).to.equal(40);
    // One after another, each push would start 200 ms after the one before.
    expect(Math.max(...startedAt) - Math.min(...startedAt)).to.be.below(200);
  });
});
