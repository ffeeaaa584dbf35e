import { expect } from 'chai';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { testBackend } from './helpers/test-backend';
import { exportBatch, makeRecord, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

describe('DeliveryExporter: 413 from the server or a proxy', function () {
  this.timeout(20_000);
  const fx = useFaultServer();

  it('splits a refused request and resends at once, down to what the server takes: every record once, none dropped', async () => {
    // A proxy that takes at most 1 KiB per body, whatever the backend's own limit.
    fx.server.responder = (a) => (a.body.byteLength > 1024 ? { status: 413, body: 'Request Entity Too Large' } : { status: 200 });
    const exporter = fx.track(new DeliveryExporter(testBackend(), { endpoint: fx.server.url, maxBatchRecords: 200, retry: { initialIntervalMillis: 5_000 } }));
    const started = Date.now();
    await exportBatch(exporter, makeRecords(0, 200));
    await exporter.forceFlush();
    expect(fx.server.uniqueAccepted()).to.equal(200);
    expect([...fx.server.accepted.values()].every((n) => n === 1)).to.equal(true);
    const stats = exporter.stats();
    expect(stats.exported).to.equal(200);
    expect(stats.dropped).to.deep.equal({});
    expect(stats.requests['4xx']).to.be.greaterThan(0);
    // Resent at once, not after a backoff (the first backoff here would be up to 5 s).
    expect(Date.now() - started).to.be.below(4_000);
    expect(fx.capture.matching(/HTTP 413\); sending its 200 records in smaller requests/)).to.have.length(1);
  });

  it('a record refused on its own is dropped by the backend rule; its neighbours are delivered', async () => {
    fx.server.responder = (a) => (a.seqs.includes(7) ? { status: 413, body: 'too large' } : { status: 200 });
    const exporter = fx.track(new DeliveryExporter(testBackend(), { endpoint: fx.server.url, maxBatchRecords: 50 }));
    await exportBatch(exporter, [...makeRecords(0, 7), makeRecord(7, 'x'.repeat(2000)), ...makeRecords(8, 42)]);
    await exporter.forceFlush();
    expect(fx.server.uniqueAccepted()).to.equal(49);
    expect(fx.server.accepted.has(7)).to.equal(false);
    expect(exporter.stats().dropped).to.deep.equal({ rejected: 1 });
  });

  it("leaves a backend's own 413 handling alone (it asked for a retry)", async () => {
    let refused = 0;
    fx.server.responder = () => (refused++ === 0 ? { status: 413 } : { status: 200 });
    const backend = testBackend({
      classify: (response, request) => (response.statusCode === 413 ? { retry: { records: request.records, reason: 'http_413', afterMs: 10 } } : {}),
    });
    const exporter = fx.track(new DeliveryExporter(backend, { endpoint: fx.server.url, retry: { initialIntervalMillis: 10 } }));
    await exportBatch(exporter, makeRecords(0, 20));
    await exporter.forceFlush();
    expect(fx.server.uniqueAccepted()).to.equal(20);
    expect(fx.server.arrivals.map((a) => a.seqs.length)).to.deep.equal([20, 20]);
  });
});
