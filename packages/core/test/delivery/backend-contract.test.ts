import { expect } from 'chai';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import type { DeliveryResponse, EncodedRequest, Outcome } from '../../src/delivery/types';
import { testBackend } from './helpers/test-backend';
import { exportBatch, makeRecords, useFaultServer } from '@dynamo-logging/test-kit';

describe('DeliveryExporter: backend contract', function () {
  this.timeout(20_000);
  const fx = useFaultServer();

  it('acts on per-item outcomes: some records retried, some dropped with the backend reason, the rest delivered', async () => {
    // Like an Elasticsearch bulk answer: 200, with per-item statuses in the body.
    let firstAnswer = true;
    fx.server.responder = (a) => {
      if (!firstAnswer) return { status: 200, body: JSON.stringify({ retry: [], bad: [] }) };
      firstAnswer = false;
      const retry = a.seqs.filter((s) => s % 2 === 1);
      const bad = a.seqs.filter((s) => s % 10 === 0);
      return { status: 200, body: JSON.stringify({ retry, bad }), notAccepted: [...retry, ...bad] };
    };
    const classify = (response: DeliveryResponse, request: EncodedRequest): Outcome => {
      const { retry, bad } = JSON.parse(response.body.toString()) as { retry: number[]; bad: number[] };
      const pick = (seqs: number[]) => request.records.filter((r) => seqs.includes(r.attributes['seq'] as number));
      return {
        ...(retry.length > 0 ? { retry: { records: pick(retry), reason: 'es_rejected_execution', afterMs: 50 } } : {}),
        ...(bad.length > 0 ? { drop: [{ records: pick(bad), reason: 'mapping_error', detail: 'failed to parse field [ttft_ms]' }] } : {}),
      };
    };
    const exporter = new DeliveryExporter(testBackend({ classify }), { endpoint: fx.server.url, retry: { initialIntervalMillis: 10 } });
    await exportBatch(exporter, makeRecords(0, 100));
    await exporter.forceFlush();
    await exporter.shutdown();

    const stats = exporter.stats();
    expect(stats.dropped).to.deep.equal({ mapping_error: 10 });
    expect(stats.retried).to.equal(50);
    expect(stats.exported).to.equal(90);
    expect(fx.server.uniqueAccepted()).to.equal(90);
    expect(fx.server.duplicates()).to.equal(0);
    expect(fx.server.arrivals).to.have.length(2);
    expect(fx.server.arrivals[1]!.seqs).to.deep.equal(makeRecords(0, 100).map((_r, i) => i).filter((s) => s % 2 === 1));
    expect(fx.server.arrivals[1]!.at - fx.server.arrivals[0]!.at).to.be.at.least(50);
    expect(fx.capture.matching(/dropped 10 log record\(s\), reason mapping_error: failed to parse field \[ttft_ms\]/)).to.have.length(1);
  });

  it('calls start() once before the first request, with a transport carrying auth; a failing start is reported and sending goes on', async () => {
    const seen: string[] = [];
    const backend = testBackend({
      async start(transport) {
        const response = await transport.send({ method: 'GET', path: '/services/collector/health' });
        seen.push(`health ${response.statusCode}`);
        throw new Error('health check says unhealthy');
      },
    });
    const exporter = new DeliveryExporter(backend, { endpoint: `${fx.server.url}/services/collector/event`, headers: { authorization: 'Splunk 00000000-aaaa-bbbb' } });
    await exportBatch(exporter, makeRecords(0, 10));
    await exportBatch(exporter, makeRecords(10, 10));
    await exporter.shutdown();
    expect(seen).to.deep.equal(['health 200']);
    expect(fx.server.arrivals[0]!.method).to.equal('GET');
    expect(fx.server.arrivals[0]!.path).to.equal('/services/collector/health');
    expect(fx.server.arrivals[0]!.headers.authorization).to.equal('Splunk 00000000-aaaa-bbbb');
    expect(fx.server.arrivals.slice(1).every((a) => a.method === 'POST' && a.path === '/services/collector/event')).to.equal(true);
    expect(exporter.stats().exported).to.equal(20);
    expect(fx.capture.matching(/backend start failed, sending anyway: health check says unhealthy/)).to.have.length(1);
  });

  it('never lets a throwing encoder or classifier escape: the records are dropped and counted', async () => {
    let calls = 0;
    const exporter = new DeliveryExporter(
      testBackend({
        encode: (records) => {
          if (calls++ === 0) throw new Error('cannot encode');
          return testBackend().encode(records);
        },
        classify: () => {
          throw new Error('classifier bug');
        },
      }),
      { endpoint: fx.server.url, maxBatchRecords: 10, maxConcurrentRequests: 1 },
    );
    await exportBatch(exporter, makeRecords(0, 20));
    await exporter.shutdown();
    expect(exporter.stats().dropped).to.deep.equal({ encode_error: 10, classify_error: 10 });
    expect(exporter.stats().exported).to.equal(0);
  });

  it('keeps at most maxConcurrentRequests in flight, over reused keep-alive connections', async () => {
    fx.server.responder = () => ({ status: 200, delayMs: 30 });
    const exporter = new DeliveryExporter(testBackend(), { endpoint: fx.server.url, maxConcurrentRequests: 3, maxBatchRecords: 50 });
    await exportBatch(exporter, makeRecords(0, 3_000));
    await exporter.forceFlush();
    await exporter.shutdown();
    expect(fx.server.arrivals).to.have.length(60);
    expect(fx.server.maxInFlight).to.equal(3);
    expect(fx.server.connections).to.be.at.most(5);
    expect(exporter.stats().exported).to.equal(3_000);
  });
});
