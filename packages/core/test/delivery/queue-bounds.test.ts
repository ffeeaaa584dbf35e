import { expect } from 'chai';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { ExportResultCode } from '@opentelemetry/core';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { testBackend } from './helpers/test-backend';
import { closedPort, exportBatch, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settledHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('DeliveryExporter: bounded queue, size split, batch processor', function () {
  this.timeout(60_000);
  const fx = useFaultServer({ start: false });

  it('backend down with a small memory bound: heap stays bounded, sent = delivered + dropped exactly', async () => {
    const port = await closedPort();
    const exporter = fx.track(new DeliveryExporter(testBackend(), {
      endpoint: `http://127.0.0.1:${port}`,
      queue: { maxRecords: 2_000, maxBytes: 1024 * 1024 },
      retry: { initialIntervalMillis: 20, maxIntervalMillis: 100, maxElapsedTimeMillis: 60_000 },
      maxBatchRecords: 250,
    }));
    const total = 200_000;
    const batch = 500;
    const pad = 'x'.repeat(400);
    const before = settledHeap();
    let failedCalls = 0;
    for (let i = 0; i < total; i += batch) {
      // Records are made per call and released, as the batch processor does: only the queue can keep them.
      const result = await exportBatch(exporter, makeRecords(i, batch, (seq) => `${seq} ${pad}`));
      if (result.code !== ExportResultCode.SUCCESS) failedCalls += 1;
    }
    const growth = settledHeap() - before;
    // 200,000 records of ~0.6 KB kept in memory would be >120 MB; the bound allows ~2,000 (~1 MB).
    expect(growth).to.be.below(24 * 1024 * 1024);
    const during = exporter.stats();
    expect(during.queueDepth).to.be.at.most(2_000);
    expect(during.queueBytes).to.be.at.most(1024 * 1024);
    expect(failedCalls).to.be.greaterThan(0);

    await fx.server.start(port);
    await exporter.forceFlush();
    const stats = exporter.stats();
    const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
    expect(stats.exported + dropped).to.equal(total);
    expect(Object.keys(stats.dropped)).to.deep.equal(['queue_full']);
    expect(stats.exported).to.equal(fx.server.uniqueAccepted());
    expect(fx.server.duplicates()).to.equal(0);
    expect(stats.exported).to.be.at.least(during.queueDepth);
    // queue_full is summarised, not one line per export call.
    expect(fx.capture.matching(/reason queue_full/).length).to.be.below(5);
  });

  it('splits a batch over maxBodyBytes and drops a lone oversized record as too_large', async () => {
    await fx.server.start();
    const limit = 2_000;
    const exporter = fx.track(new DeliveryExporter(testBackend({ maxBodyBytes: limit }), { endpoint: fx.server.url, maxBatchRecords: 1_000, maxConcurrentRequests: 1 }));
    const records = makeRecords(0, 200, (seq) => (seq === 77 ? 'y'.repeat(5_000) : `record ${seq} ${'z'.repeat(60)}`));
    await exportBatch(exporter, records);
    await exporter.forceFlush();

    const stats = exporter.stats();
    expect(stats.dropped).to.deep.equal({ too_large: 1 });
    expect(stats.exported).to.equal(199);
    expect(fx.server.uniqueAccepted()).to.equal(199);
    expect(fx.server.accepted.has(77)).to.equal(false);
    expect(fx.server.arrivals.length).to.be.greaterThan(8);
    for (const a of fx.server.arrivals) expect(a.body.length).to.be.at.most(limit);
    expect(fx.capture.matching(/reason too_large: a single record encodes to \d+ bytes, over maxBodyBytes 2000/)).to.have.length(1);
  });

  it('gzips bodies unless the request says compression none, and counts both sizes', async () => {
    await fx.server.start();
    let n = 0;
    const exporter = fx.track(new DeliveryExporter(
      testBackend({ encode: (records) => [{ records, body: Buffer.from(records.map((r) => JSON.stringify({ seq: r.attributes['seq'] }) + '\n').join('')), ...(n++ % 2 ? { compression: 'none' as const } : {}) }] }),
      { endpoint: fx.server.url, maxBatchRecords: 100, maxConcurrentRequests: 1 },
    ));
    await exportBatch(exporter, makeRecords(0, 400));
    await exporter.forceFlush();
    const encodings = fx.server.arrivals.map((a) => a.headers['content-encoding'] ?? 'identity');
    expect(encodings).to.deep.equal(['gzip', 'identity', 'gzip', 'identity']);
    const stats = exporter.stats();
    expect(stats.bytesSent).to.equal(fx.server.arrivals.reduce((s, a) => s + a.wireBytes, 0));
    expect(stats.bytesUncompressed).to.equal(fx.server.arrivals.reduce((s, a) => s + a.body.length, 0));
    expect(stats.bytesSent).to.be.below(stats.bytesUncompressed);
    expect(stats.requests).to.deep.equal({ '2xx': 4 });
    expect(stats.exportLatencyMs.count).to.equal(4);
  });

  it('plugs into BatchLogRecordProcessor: provider shutdown delivers every record', async () => {
    await fx.server.start();
    const exporter = fx.track(new DeliveryExporter(testBackend(), { endpoint: fx.server.url }));
    const provider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter, maxExportBatchSize: 100, scheduledDelayMillis: 10 })] });
    const logger = provider.getLogger('bridge-test');
    for (let seq = 0; seq < 1_000; seq++) logger.emit({ body: `hello ${seq}`, attributes: { seq } });
    await provider.shutdown();
    expect(fx.server.uniqueAccepted()).to.equal(1_000);
    expect(exporter.stats().exported).to.equal(1_000);
  });
});
