import { expect } from 'chai';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { classifyHttpStatus } from '../../src/delivery/classify-http-status';
import type { DeliveryResponse, EncodedRequest, Outcome } from '../../src/delivery/types';
import { testBackend } from './helpers/test-backend';
import { exportBatch, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

/** 401 holds the records until the credentials work, as the three exporters classify it. */
function holdOn401(response: DeliveryResponse, request: EncodedRequest): Outcome {
  if (response.statusCode === 401) return { retry: { records: request.records, reason: 'unauthorized', untilDelivered: true } };
  return classifyHttpStatus(response, request);
}

describe('DeliveryExporter: records held for their credentials', function () {
  this.timeout(20_000);
  const fx = useFaultServer();

  it('a failure after a hold longer than maxElapsedTimeMillis gets a fresh retry budget: the hold is not a failing retry', async () => {
    const retry = { initialIntervalMillis: 50, maxIntervalMillis: 200, maxElapsedTimeMillis: 1000 };
    // 401 for the first 15 requests (well past 1 s of backoff on the test clock), then one 503, then 200.
    fx.server.responder = (_arrival, s) => {
      const index = s.arrivals.length - 1;
      if (index < 15) return { status: 401, body: 'bad credentials' };
      if (index === 15) return { status: 503, body: 'restarting' };
      return { status: 200 };
    };
    const exporter = fx.track(new DeliveryExporter(testBackend({ classify: holdOn401 }), { endpoint: fx.server.url, retry }, { clock: fx.clock }));
    await exportBatch(exporter, makeRecords(0, 10));
    await exporter.forceFlush();
    expect(fx.clock.skippedMillis).to.be.greaterThan(retry.maxElapsedTimeMillis);
    expect(exporter.stats().dropped).to.deep.equal({});
    expect(exporter.stats().exported).to.equal(10);
    expect(fx.server.uniqueAccepted()).to.equal(10);
  });

  it('a failure that outlasts maxElapsedTimeMillis after the hold is still given up, counted', async () => {
    const retry = { initialIntervalMillis: 50, maxIntervalMillis: 200, maxElapsedTimeMillis: 1000 };
    fx.server.responder = (_arrival, s) => (s.arrivals.length <= 3 ? { status: 401, body: 'bad credentials' } : { status: 503, body: 'down' });
    const exporter = fx.track(new DeliveryExporter(testBackend({ classify: holdOn401 }), { endpoint: fx.server.url, retry }, { clock: fx.clock }));
    await exportBatch(exporter, makeRecords(0, 10));
    await exporter.forceFlush();
    expect(exporter.stats().dropped).to.deep.equal({ retries_exhausted: 10 });
  });
});
