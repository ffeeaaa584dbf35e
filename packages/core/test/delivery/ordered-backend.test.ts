import { expect } from 'chai';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import type { DeliveryBackend, EncodedRequest } from '../../src/delivery/types';
import { testBackend } from './helpers/test-backend';
import { exportBatch, type FaultServer, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

/** The test backend, ten records a request, so one lease becomes several requests. */
function tenPerRequest(ordered: boolean): DeliveryBackend {
  const single = testBackend();
  return testBackend({
    ordered,
    encode(records: ReadableLogRecord[]): EncodedRequest[] {
      const requests: EncodedRequest[] = [];
      for (let i = 0; i < records.length; i += 10) requests.push(...single.encode(records.slice(i, i + 10)));
      return requests;
    },
  });
}

/** Every sequence number the server accepted, in the order it accepted them. */
function acceptedOrder(server: FaultServer, refused: Set<number>): number[] {
  return server.arrivals.filter((_a, i) => !refused.has(i)).flatMap((a) => a.seqs);
}

describe('DeliveryExporter: an ordered backend', function () {
  this.timeout(20_000);
  const fx = useFaultServer();

  function start(ordered: boolean, maxBatchRecords = 1000): DeliveryExporter {
    return fx.track(new DeliveryExporter(tenPerRequest(ordered), { endpoint: fx.server.url, maxBatchRecords, retry: { initialIntervalMillis: 10, maxIntervalMillis: 20 } }));
  }

  /** The first request is answered 503 once; every other 200. */
  function failFirstOnce(): Set<number> {
    const refused = new Set<number>();
    fx.server.responder = (_arrival, s) => {
      if (s.arrivals.length === 1) {
        refused.add(0);
        return { status: 503 };
      }
      return { status: 200 };
    };
    return refused;
  }

  it('a request to be retried holds back the requests after it, so records land in the order they were queued', async () => {
    const refused = failFirstOnce();
    const exporter = start(true);
    await exportBatch(exporter, makeRecords(0, 50));
    await exporter.forceFlush();
    expect(acceptedOrder(fx.server, refused)).to.deep.equal(makeRecords(0, 50).map((_r, i) => i));
    expect(fx.server.arrivals).to.have.length(6);
    expect(exporter.stats().exported).to.equal(50);
    expect(fx.server.duplicates()).to.equal(0);
  });

  it('sends one request at a time by default, so a later lease cannot overtake a retried one', async () => {
    const refused = failFirstOnce();
    const exporter = start(true, 10);
    await exportBatch(exporter, makeRecords(0, 40));
    await exporter.forceFlush();
    expect(acceptedOrder(fx.server, refused)).to.deep.equal(makeRecords(0, 40).map((_r, i) => i));
  });

  it('an unordered backend sends the later requests at once (the behaviour ordering changes)', async () => {
    const refused = failFirstOnce();
    const exporter = start(false);
    await exportBatch(exporter, makeRecords(0, 50));
    await exporter.forceFlush();
    const order = acceptedOrder(fx.server, refused);
    expect([...order].sort((a, b) => a - b)).to.deep.equal(makeRecords(0, 50).map((_r, i) => i));
    expect(order.slice(0, 10)).to.deep.equal([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });
});
