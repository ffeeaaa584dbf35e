import { expect } from 'chai';
import { ExportResultCode } from '@opentelemetry/core';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { testBackend } from './helpers/test-backend';
import { exportBatch, exportInBatches, makeRecords, useFaultServer, waitFor } from '@dynamo-logging/test-kit';

const fastRetry = { initialIntervalMillis: 20, maxIntervalMillis: 200, maxElapsedTimeMillis: 60_000 };

describe('DeliveryExporter: outages, rate limits, rejections', function () {
  this.timeout(40_000);
  const fx = useFaultServer();

  it('backend down 5 s in the middle of 20,000 records: all delivered, none twice', async () => {
    // On the test clock: the 5 s of the outage pass in the exporter's backoffs, not in real time. While the port is
    // closed those backoffs pass as fast as connections are refused, so the clock may run well past 5 s before the
    // server is back: the retry deadline, not this test's subject, is out of the way.
    const retry = { ...fastRetry, maxElapsedTimeMillis: 3_600_000 };
    const exporter = fx.track(new DeliveryExporter(testBackend(), { endpoint: fx.server.url, retry, maxBatchRecords: 500 }, { clock: fx.clock }));
    const records = makeRecords(0, 20_000);
    await exportInBatches(exporter, records.slice(0, 8_000));
    await waitFor(() => fx.server.uniqueAccepted() > 0, 5_000, 'first deliveries');
    fx.server.down();
    const downAt = fx.clock.now();
    const ok = await exportInBatches(exporter, records.slice(8_000));
    expect(ok).to.equal(Math.ceil(12_000 / 512));
    await fx.clock.elapse(5_000 - (fx.clock.now() - downAt));
    const duringOutage = exporter.stats();
    await fx.server.up();
    await exporter.forceFlush();

    expect(duringOutage.requests['network'] ?? 0).to.be.greaterThan(0);
    // Backoff waits, each within the 200 ms ceiling, carried the outage.
    expect(fx.clock.waits.length).to.be.greaterThan(0);
    expect(Math.max(...fx.clock.waits)).to.be.at.most(fastRetry.maxIntervalMillis);
    expect(fx.server.uniqueAccepted()).to.equal(20_000);
    expect(fx.server.duplicates()).to.equal(0);
    for (let seq = 0; seq < 20_000; seq++) expect(fx.server.accepted.get(seq), `seq ${seq}`).to.equal(1);
    const stats = exporter.stats();
    expect(stats.exported).to.equal(20_000);
    expect(stats.dropped).to.deep.equal({});
    expect(stats.retried).to.be.greaterThan(0);
    expect(stats.queueDepth).to.equal(0);
  });

  it('429 with Retry-After: 2 pauses the whole exporter: no request reaches the server within 2 s', async () => {
    let limitedUntil: number | undefined;
    let lastLimitedAt = 0;
    fx.server.responder = (arrival) => {
      // The first requests (all those arriving in a 100 ms window) are rate limited.
      if (limitedUntil === undefined) limitedUntil = arrival.at + 100;
      if (arrival.at < limitedUntil) {
        return { status: 429, headers: { 'retry-after': '2' }, body: 'rate limited', delayMs: Math.max(0, limitedUntil - arrival.at) };
      }
      return { status: 200 };
    };
    // Arrivals are stamped on the test clock, which passes the 2 s pause at once.
    const exporter = fx.track(new DeliveryExporter(testBackend(), { endpoint: fx.server.url, retry: fastRetry, maxBatchRecords: 250, maxConcurrentRequests: 4 }, { clock: fx.clock }));
    const originalResponder = fx.server.responder;
    fx.server.responder = async (arrival, s) => {
      const reply = await originalResponder(arrival, s);
      if (reply.status === 429) lastLimitedAt = Math.max(lastLimitedAt, arrival.at + (reply.delayMs ?? 0));
      return reply;
    };
    await exportInBatches(exporter, makeRecords(0, 2_000), 500);
    await exporter.forceFlush();

    const limited = fx.server.arrivals.filter((a) => a.at < limitedUntil!);
    const later = fx.server.arrivals.filter((a) => a.at >= limitedUntil!);
    expect(limited.length).to.be.greaterThan(0);
    expect(later.length).to.be.greaterThan(0);
    // Every 429 was written at or before lastLimitedAt; nothing came back within 2 s of it.
    for (const a of later) expect(a.at - lastLimitedAt).to.be.at.least(2000);
    expect(fx.server.uniqueAccepted()).to.equal(2_000);
    expect(fx.server.duplicates()).to.equal(0);
    expect(exporter.stats().requests['4xx']).to.equal(limited.length);
  });

  it('a 400 for one request: its records dropped and counted once, later requests delivered', async () => {
    fx.server.responder = (arrival) =>
      arrival.seqs.includes(150) ? { status: 400, body: 'entry for stream {app="x"} has invalid labels: seq 150\n' } : { status: 200 };
    const exporter = fx.track(new DeliveryExporter(testBackend(), { endpoint: fx.server.url, retry: fastRetry, maxBatchRecords: 100, maxConcurrentRequests: 1 }));
    await exportInBatches(exporter, makeRecords(0, 1_000), 100);
    await exporter.forceFlush();

    const stats = exporter.stats();
    expect(stats.dropped).to.deep.equal({ rejected: 100 });
    expect(stats.exported).to.equal(900);
    expect(stats.retried).to.equal(0);
    expect(fx.server.uniqueAccepted()).to.equal(900);
    for (let seq = 100; seq < 200; seq++) expect(fx.server.accepted.has(seq)).to.equal(false);
    expect(fx.server.accepted.has(999)).to.equal(true);
    expect(fx.server.arrivals.filter((a) => a.seqs.includes(150))).to.have.length(1);
    const lines = fx.capture.matching(/reason rejected/);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include('dropped 100 log record(s), reason rejected: HTTP 400: entry for stream {app="x"} has invalid labels: seq 150');
    expect(lines[0]).to.include('DeliveryExporter(test http://127.0.0.1:');
  });

  it('gives up after maxElapsedTime with retries_exhausted; untilDelivered retries go on', async () => {
    let fail = true;
    fx.server.responder = (arrival) => {
      if (!fail) return { status: 200 };
      return arrival.seqs[0]! < 50 ? { status: 503 } : { status: 401, body: 'invalid token' };
    };
    const backend = testBackend({
      classify: (response, request) =>
        response.statusCode === 401
          ? { retry: { records: request.records, reason: 'unauthorized', untilDelivered: true } }
          : response.statusCode >= 500
            ? { retry: { records: request.records, reason: 'http_503' } }
            : {},
    });
    const exporter = fx.track(new DeliveryExporter(backend, {
      endpoint: fx.server.url,
      retry: { initialIntervalMillis: 20, maxIntervalMillis: 50, maxElapsedTimeMillis: 400 },
      maxBatchRecords: 50,
      maxConcurrentRequests: 2,
    }, { clock: fx.clock }));
    await exportInBatches(exporter, makeRecords(0, 100), 100);
    await waitFor(() => (exporter.stats().dropped['retries_exhausted'] ?? 0) === 50, 5_000, 'finite retries to give up');
    await fx.clock.elapse(300);
    expect(exporter.stats().exported).to.equal(0);
    fail = false;
    await exporter.forceFlush();
    const stats = exporter.stats();
    expect(stats.dropped).to.deep.equal({ retries_exhausted: 50 });
    expect(stats.exported).to.equal(50);
    expect(fx.server.uniqueAccepted()).to.equal(50);
    expect(fx.server.accepted.has(0)).to.equal(false);
    expect(fx.server.accepted.has(50)).to.equal(true);
  });

  it('a response slower than timeoutMillis is a retryable failure (at-least-once)', async () => {
    let slow = 1;
    fx.server.responder = () => (slow-- > 0 ? { status: 200, delayMs: 400 } : { status: 200 });
    const exporter = fx.track(new DeliveryExporter(testBackend(), { endpoint: fx.server.url, timeoutMillis: 100, retry: fastRetry, maxConcurrentRequests: 1 }));
    await exportBatch(exporter, makeRecords(0, 50));
    await exporter.forceFlush();
    const stats = exporter.stats();
    expect(stats.requests['network']).to.equal(1);
    expect(stats.requests['2xx']).to.equal(1);
    expect(stats.retried).to.equal(50);
    expect(stats.exported).to.equal(50);
    expect(fx.capture.matching(/request failed \(ETIMEDOUT: no response within 100 ms\); will retry/)).to.have.length(1);
    // The server did accept the slow request after the client gave up: the batch arrives twice, never lost.
    await waitFor(() => fx.server.arrivals.length === 2 && fx.server.duplicates() === 50, 2_000, 'the slow request to finish');
  });

  it('shutdown() with records queued delivers them before resolving; export after shutdown fails and counts', async () => {
    fx.server.responder = () => ({ status: 200, delayMs: 30 });
    const exporter = fx.track(new DeliveryExporter(testBackend(), { endpoint: fx.server.url, maxBatchRecords: 200, maxConcurrentRequests: 2 }));
    await exportInBatches(exporter, makeRecords(0, 5_000));
    expect(exporter.stats().queueDepth).to.be.greaterThan(0);
    await exporter.shutdown();
    expect(fx.server.uniqueAccepted()).to.equal(5_000);
    expect(exporter.stats().exported).to.equal(5_000);
    expect(exporter.stats().queueDepth).to.equal(0);

    const result = await exportBatch(exporter, makeRecords(5_000, 10));
    expect(result.code).to.equal(ExportResultCode.FAILED);
    expect(exporter.stats().dropped).to.deep.equal({ shutdown: 10 });
    expect(fx.server.uniqueAccepted()).to.equal(5_000);
  });

  it('shutdown() gives up at flushTimeoutMillis and counts what memory still held as shutdown drops', async () => {
    fx.server.down();
    const exporter = fx.track(new DeliveryExporter(testBackend(), { endpoint: fx.server.url, retry: fastRetry, flushTimeoutMillis: 300, maxBatchRecords: 100 }, { clock: fx.clock }));
    await exportInBatches(exporter, makeRecords(0, 1_000));
    await exporter.shutdown();
    const stats = exporter.stats();
    expect(stats.exported).to.equal(0);
    expect(stats.dropped).to.deep.equal({ shutdown: 1_000 });
    expect(stats.queueDepth).to.equal(0);
    expect(fx.capture.matching(/shutdown: 1000 log record\(s\) not yet delivered after 300 ms/)).to.have.length(1);
  });

  it('shutdown() right after a forceFlush() that gave up (the batch processor order) does not wait a second deadline', async () => {
    fx.server.down();
    const exporter = fx.track(new DeliveryExporter(testBackend(), { endpoint: fx.server.url, retry: fastRetry, flushTimeoutMillis: 300, maxBatchRecords: 100 }, { clock: fx.clock }));
    await exportInBatches(exporter, makeRecords(0, 500));
    await exporter.forceFlush();
    await exporter.shutdown();
    expect(fx.capture.matching(/forceFlush: 500 log record\(s\) not yet delivered after 300 ms/)).to.have.length(1);
    expect(fx.capture.matching(/shutdown: 500 log record\(s\) not yet delivered after 0 ms/)).to.have.length(1);
    expect(exporter.stats().dropped).to.deep.equal({ shutdown: 500 });
  });
});
