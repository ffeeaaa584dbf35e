import { expect } from 'chai';
import { ExportResultCode } from '@opentelemetry/core';
import { RESOURCE, STREAM, useLokiExporter } from './helpers/exporter-fixture';
import { hrAgo, makeRecords } from './helpers/records';
import { exportAll } from '@dynamo-logging/test-kit';

const FAST_RETRY = { initialIntervalMillis: 10, maxIntervalMillis: 50, maxElapsedTimeMillis: 5000 };

function batch(n: number, prefix = 'm'): ReturnType<typeof makeRecords> {
  return makeRecords(RESOURCE, Array.from({ length: n }, (_, i) => ({ message: `${prefix}${i}`, time: hrAgo(10_000 - i) })));
}

describe('LokiLogRecordExporter on the delivery layer', () => {
  const { start, make } = useLokiExporter({ retry: FAST_RETRY });

  it('2xx: delivers every record once, counted as exported', async () => {
    const receiver = await start();
    const e = make({ endpoint: receiver.url });
    expect(await exportAll(e, batch(50))).to.equal(ExportResultCode.SUCCESS);
    await e.forceFlush();
    expect(receiver.entries(STREAM).map((x) => JSON.parse(x.line).message)).to.deep.equal(Array.from({ length: 50 }, (_, i) => `m${i}`));
    expect(e.stats().exported).to.equal(50);
    expect(e.stats().dropped).to.deep.equal({});
    expect(receiver.requests[0]!.headers['content-encoding']).to.equal(undefined);
  });

  it('sends X-Scope-OrgID and basic auth; the tenant gets the records', async () => {
    const receiver = await start({ authEnabled: true, basicAuth: { username: 'loki-user', password: 's3cret-pw' } });
    const e = make({ endpoint: receiver.url, tenantId: 'team-a', username: 'loki-user', password: 's3cret-pw', headers: { 'X-Extra': 'yes' } });
    await exportAll(e, batch(3));
    await e.forceFlush();
    expect(receiver.totalEntries('team-a')).to.equal(3);
    expect(receiver.requests[0]!.headers['x-scope-orgid']).to.equal('team-a');
    expect(receiver.requests[0]!.headers['x-extra']).to.equal('yes');
  });

  it('sends a bearer token; credentials in the endpoint URL become basic auth', async () => {
    const receiver = await start({ bearerToken: 'tok-123' });
    const e = make({ endpoint: receiver.url, bearerToken: 'tok-123' });
    await exportAll(e, batch(2));
    await e.forceFlush();
    expect(receiver.totalEntries()).to.equal(2);
    await e.shutdown();
    await receiver.close();

    const gated = await start({ basicAuth: { username: 'u', password: 'p@ss' } });
    const withUserinfo = make({ endpoint: gated.url.replace('http://', 'http://u:p%40ss@') });
    await exportAll(withUserinfo, batch(2));
    await withUserinfo.forceFlush();
    expect(gated.totalEntries()).to.equal(2);
  });

  it('5xx: retried until delivered', async () => {
    const receiver = await start({ fault: (i) => (i < 2 ? { status: i === 0 ? 500 : 503, body: 'ingester unavailable' } : undefined) });
    const e = make({ endpoint: receiver.url });
    await exportAll(e, batch(7));
    await e.forceFlush();
    expect(receiver.requests.map((r) => r.status)).to.deep.equal([500, 503, 204]);
    expect(receiver.totalEntries()).to.equal(7);
    expect(e.stats().dropped).to.deep.equal({});
  });

  it('gzip over snappy (compression: gzip) is accepted and stores the same entries', async () => {
    const receiver = await start();
    const e = make({ endpoint: receiver.url, compression: 'gzip' });
    await exportAll(e, batch(5));
    await e.forceFlush();
    expect(receiver.requests[0]!.headers['content-encoding']).to.equal('gzip');
    expect(receiver.requests[0]!.headers['content-type']).to.equal('application/x-protobuf');
    expect(receiver.totalEntries()).to.equal(5);
  });

  it('a server with stricter label limits answers 400; those entries are counted as too_many_labels, not retried', async () => {
    const receiver = await start({ maxLabelNames: 3 });
    const e = make({ endpoint: receiver.url });
    await exportAll(e, batch(3));
    await e.forceFlush();
    expect(receiver.requests.map((r) => r.status)).to.deep.equal([400]);
    expect(e.stats().dropped).to.deep.equal({ too_many_labels: 3 });
  });

  it('never sends an empty push (Loki answers 422 to one)', async () => {
    const receiver = await start();
    const e = make({ endpoint: receiver.url });
    expect(await exportAll(e, [])).to.equal(ExportResultCode.SUCCESS);
    await e.forceFlush();
    expect(receiver.requests).to.have.length(0);
  });

  it('400 partial success: never retried, the valid entries stored, the too-old ones counted by reason', async () => {
    const receiver = await start();
    // A server limit tighter than the exporter's, so the records are sent and refused there.
    const e = make({ endpoint: receiver.url, rejectOldSamplesMaxAgeMillis: 30 * 24 * 3600 * 1000 });
    const old = makeRecords(RESOURCE, [
      { message: 'ancient-1', time: hrAgo(8 * 24 * 3600 * 1000) },
      { message: 'ancient-2', time: hrAgo(9 * 24 * 3600 * 1000) },
    ]);
    await exportAll(e, [...old, ...batch(5)]);
    await e.forceFlush();
    expect(receiver.requests.map((r) => r.status)).to.deep.equal([400]);
    expect(receiver.totalEntries()).to.equal(5);
    expect(e.stats().dropped).to.deep.equal({ too_old: 2 });
    expect(e.stats().exported).to.equal(5);
  });

  it('400 for an entry more than 10 minutes in the future: counted as too_new, the rest delivered', async () => {
    const receiver = await start();
    const e = make({ endpoint: receiver.url, creationGracePeriodMillis: 3600 * 1000 });
    await exportAll(e, [...batch(3), ...makeRecords(RESOURCE, [{ message: 'from-the-future', time: hrAgo(-20 * 60 * 1000) }])]);
    await e.forceFlush();
    expect(receiver.requests.map((r) => r.status)).to.deep.equal([400]);
    expect(e.stats().dropped).to.deep.equal({ too_new: 1 });
    expect(receiver.entries(STREAM).map((x) => JSON.parse(x.line).message)).not.to.include('from-the-future');
    expect(receiver.totalEntries()).to.equal(3);
  });

  it('400 from the ingester: out-of-order entries counted as out_of_order, the rest delivered', async () => {
    const receiver = await start({ unorderedWrites: false });
    const e = make({ endpoint: receiver.url });
    await exportAll(e, makeRecords(RESOURCE, [{ message: 'newest', time: hrAgo(1000) }]));
    await e.forceFlush();
    await exportAll(e, makeRecords(RESOURCE, [{ message: 'late-1', time: hrAgo(5000) }, { message: 'late-2', time: hrAgo(4000) }, { message: 'fresh', time: hrAgo(500) }]));
    await e.forceFlush();
    expect(receiver.requests.map((r) => r.status)).to.deep.equal([204, 400]);
    expect(e.stats().dropped).to.deep.equal({ out_of_order: 2 });
    expect(receiver.entries(STREAM).map((x) => JSON.parse(x.line).message)).to.deep.equal(['newest', 'fresh']);
  });

  it("lineTooLong 'drop': never sent, counted as line_too_long", async () => {
    const receiver = await start();
    const e = make({ endpoint: receiver.url, maxLineSize: 300, lineTooLong: 'drop' });
    await exportAll(e, [...makeRecords(RESOURCE, [{ message: 'y'.repeat(400) }]), ...batch(2)]);
    expect(await exportAll(e, makeRecords(RESOURCE, [{ message: 'z'.repeat(400) }]))).to.equal(ExportResultCode.SUCCESS);
    await e.forceFlush();
    expect(receiver.totalEntries()).to.equal(2);
    expect(e.stats().dropped).to.deep.equal({ line_too_long: 2 });
  });

  it('404 and other 4xx: dropped with a reason, not retried', async () => {
    const receiver = await start();
    const e = make({ endpoint: receiver.url + '/wrong-prefix' });
    await exportAll(e, batch(3));
    await e.forceFlush();
    expect(receiver.requests.map((r) => r.status)).to.deep.equal([404]);
    expect(e.stats().dropped).to.deep.equal({ not_found: 3 });
  });

  it('json format: gzip on the wire, same stored entries', async () => {
    const receiver = await start();
    const e = make({ endpoint: receiver.url, format: 'json' });
    await exportAll(e, batch(4));
    await e.forceFlush();
    expect(receiver.requests[0]!.headers['content-encoding']).to.equal('gzip');
    expect(receiver.requests[0]!.headers['content-type']).to.equal('application/json');
    expect(receiver.totalEntries()).to.equal(4);
  });
  it('413 from a proxy, through the delivery worker: split and resent there, every entry stored once, none dropped', async () => {
    // The conformance suite checks the split inline; this is the same path inside the worker thread.
    const receiver = await start({ fault: (_i, req) => (Number(req.headers['content-length']) > 512 ? { status: 413, body: '413 Request Entity Too Large' } : undefined) });
    const e = make({ endpoint: receiver.url, delivery: 'worker' });
    await exportAll(e, batch(60, 'proxied-'));
    await e.forceFlush();
    expect(receiver.requests.some((r) => r.status === 413)).to.equal(true);
    expect(e.stats().dropped).to.deep.equal({});
    expect(receiver.entries(STREAM).map((x) => JSON.parse(x.line).message)).to.deep.equal(Array.from({ length: 60 }, (_, i) => `proxied-${i}`));
  });
});
