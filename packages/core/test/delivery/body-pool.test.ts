import { expect } from 'chai';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BodyPool } from '../../src/delivery/body-pool';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import type { EncodedRequest } from '../../src/delivery/types';
import { testBackend } from './helpers/test-backend';
import { exportInBatches, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

describe('BodyPool', () => {
  it('copies the bytes and lends the same memory again once the body is given back', () => {
    const pool = new BodyPool(2, 1024);
    const first = pool.copy(Buffer.from('first body'));
    expect(first.toString()).to.equal('first body');
    pool.give(first);
    expect(pool.pooled).to.equal(1);
    const second = pool.copy(Buffer.from('second'));
    expect(second.toString()).to.equal('second');
    expect(second.buffer).to.equal(first.buffer);
    expect(pool.pooled).to.equal(0);
  });

  it('never lends one buffer to two bodies: a second give, or a body it did not lend, is ignored', () => {
    const pool = new BodyPool(4, 1024);
    const body = pool.copy(Buffer.from('a'));
    pool.give(body);
    pool.give(body);
    pool.give(Buffer.from('not from the pool'));
    expect(pool.pooled).to.equal(1);
    const a = pool.copy(Buffer.from('x'));
    const b = pool.copy(Buffer.from('y'));
    expect(a.buffer).to.not.equal(b.buffer);
    expect(a.toString() + b.toString()).to.equal('xy');
  });

  it('keeps at most maxPooled buffers, and none larger than maxPooledBytes', () => {
    const pool = new BodyPool(1, 16, 64);
    const small = [pool.copy(Buffer.alloc(8)), pool.copy(Buffer.alloc(8))];
    for (const b of small) pool.give(b);
    expect(pool.pooled).to.equal(1);
    const big = pool.copy(Buffer.alloc(100, 7));
    expect(big.length).to.equal(100);
    expect(big.every((v) => v === 7)).to.equal(true);
    pool.give(big);
    expect(pool.pooled).to.equal(1);
  });

  it('takes a pooled buffer only when the body fits in it', () => {
    const pool = new BodyPool(2, 16);
    const small = pool.copy(Buffer.alloc(10));
    pool.give(small);
    const large = pool.copy(Buffer.alloc(40, 1));
    expect(large.buffer).to.not.equal(small.buffer);
    expect(pool.pooled).to.equal(1);
  });
});

describe('DeliveryExporter: release()', function () {
  this.timeout(20_000);
  const fx = useFaultServer();

  /** An encoder that builds every body in one scratch buffer and lends copies from a pool, as the exporters do. */
  function pooledBackend(released: EncodedRequest[], classified: EncodedRequest[]) {
    const pool = new BodyPool(2, 1024);
    const scratch = Buffer.alloc(1 << 20);
    return testBackend({
      encode(records: ReadableLogRecord[]): EncodedRequest[] {
        let used = 0;
        for (const r of records) used += scratch.write(`${JSON.stringify({ seq: r.attributes['seq'], body: r.body })}\n`, used);
        return [{ records, body: pool.copy(scratch.subarray(0, used)) }];
      },
      classify(response, request) {
        expect(released, 'released before classify').to.not.include(request);
        classified.push(request);
        if (response.statusCode >= 500) return { retry: { records: request.records, reason: 'server_error' } };
        return {};
      },
      release(request: EncodedRequest) {
        released.push(request);
        pool.give(request.body);
      },
    });
  }

  it('releases every request once, after it is classified, and reused bodies arrive intact', async () => {
    let answers = 0;
    // Every third request fails once, so retried requests are released too.
    fx.server.responder = () => ({ status: ++answers % 3 === 0 ? 503 : 200, delayMs: answers % 2 === 0 ? 20 : 0 });
    const released: EncodedRequest[] = [];
    const classified: EncodedRequest[] = [];
    const exporter = new DeliveryExporter(pooledBackend(released, classified), {
      endpoint: fx.server.url,
      maxBatchRecords: 50,
      maxConcurrentRequests: 4,
      retry: { initialIntervalMillis: 5, maxIntervalMillis: 20 },
    });
    const records = makeRecords(0, 2_000);
    await exportInBatches(exporter, records, 250);
    await exporter.forceFlush();
    await exporter.shutdown();

    expect(fx.server.uniqueAccepted()).to.equal(2_000);
    expect(fx.server.duplicates()).to.equal(0);
    expect(exporter.stats().exported).to.equal(2_000);
    expect(released).to.have.length(classified.length);
    expect(new Set(released).size).to.equal(released.length);
    expect(classified.length).to.be.greaterThan(40);
  });

  it('releases a request whose send failed on the network', async () => {
    const released: EncodedRequest[] = [];
    const classified: EncodedRequest[] = [];
    fx.server.down();
    const exporter = new DeliveryExporter(pooledBackend(released, classified), {
      endpoint: fx.server.url,
      retry: { initialIntervalMillis: 5, maxIntervalMillis: 10, maxElapsedTimeMillis: 100 },
    });
    await exportInBatches(exporter, makeRecords(0, 10), 10);
    await exporter.forceFlush();
    await exporter.shutdown();
    expect(classified).to.have.length(0);
    expect(released.length).to.be.greaterThan(0);
    expect(exporter.stats().dropped).to.have.property('retries_exhausted', 10);
  });
});
