import { expect } from 'chai';
import { resolveElasticConfig } from '../src/config';
import { BulkEncoder } from '../src/encode';
import { bodyText, makeRecord, SPAN, TIME } from './helpers/records';

function ids(encoder: BulkEncoder, records: ReturnType<typeof makeRecord>[]): string[] {
  const [request] = encoder.encode(records);
  return (request!.context as { ids: string[] }).ids;
}

function encoder(): BulkEncoder {
  return new BulkEncoder(resolveElasticConfig({ url: 'http://127.0.0.1:9200', env: {} }));
}

describe('deterministic document ids', () => {
  it('gives the same record the same 22-character id on every encode', () => {
    const e = encoder();
    const record = makeRecord({ attributes: { request_id: 'r-1' } });
    const first = ids(e, [record]);
    expect(first[0]).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(ids(e, [record])).to.deep.equal(first);
    expect(ids(e, [makeRecord({}), record])[1]).to.equal(first[0]);
  });

  it('gives a copy read back by another process (a new encoder) the same id', () => {
    const record = makeRecord({ attributes: { request_id: 'r-1' }, spanContext: SPAN });
    const copy = JSON.parse(JSON.stringify(record)) as typeof record;
    expect(ids(encoder(), [copy])).to.deep.equal(ids(encoder(), [record]));
  });

  it('changes with each part of the record identity', () => {
    const e = encoder();
    const base = ids(encoder(), [makeRecord({})])[0];
    const variants = [
      makeRecord({ hrTime: [TIME[0], TIME[1] + 1000] }),
      makeRecord({ body: 'other' }),
      makeRecord({ attributes: { a: 1 } }),
      makeRecord({ resource: { 'service.name': 'other' } }),
      makeRecord({ scope: { name: 'other' } }),
      makeRecord({ spanContext: SPAN }),
      makeRecord({ severityNumber: 17, severityText: 'ERROR' }),
    ];
    const all = variants.map((r) => ids(e, [r])[0]);
    expect(new Set([base, ...all]).size).to.equal(variants.length + 1);
  });

  it('keeps twins (equal content, distinct records) apart, and each twin keeps its own id', () => {
    const e = encoder();
    const a = makeRecord({ body: 'tick' });
    const b = makeRecord({ body: 'tick' });
    const first = ids(e, [a, b]);
    expect(first[0]).to.not.equal(first[1]);
    expect(first[1]).to.equal(first[0] + '_1');
    // A retry of just the second twin keeps its id; so does a retry of the first alone.
    expect(ids(e, [b])).to.deep.equal([first[1]]);
    expect(ids(e, [a])).to.deep.equal([first[0]]);
  });

  it('keeps twin ids when the layer splits the batch in halves', () => {
    const e = encoder();
    const batch = [makeRecord({ body: 'x1' }), makeRecord({ body: 'tick' }), makeRecord({ body: 'tick' }), makeRecord({ body: 'x2' })];
    const whole = ids(e, batch);
    expect([...ids(e, batch.slice(0, 2)), ...ids(e, batch.slice(2))]).to.deep.equal(whole);
    expect(new Set(whole).size).to.equal(4);
  });

  it('does not mark ordinary records (only twins carry a kept id)', () => {
    const record = makeRecord({ body: 'solo' });
    ids(encoder(), [record]);
    expect(Object.getOwnPropertySymbols(record)).to.deep.equal([]);
    expect(JSON.stringify(record)).to.not.include('dynamo.elastic.id');
  });
});

describe('bulk body framing', () => {
  it('writes action and source lines that parse, with twins, mixed targets and non-ASCII text', () => {
    const e = encoder();
    const batch = [
      makeRecord({ body: 'tick ✓' }),
      makeRecord({ body: 'tick ✓' }),
      makeRecord({ body: 'tock', attributes: { 'elasticsearch.index': 'jöurnal', note: '日本語 \u2028 "quoted"' } }),
      makeRecord({ body: 'tick ✓' }),
    ];
    const [request] = e.encode(batch);
    const text = bodyText(request!);
    expect(text.endsWith('\n')).to.equal(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).to.have.length(8);
    const actions = lines.filter((_, i) => i % 2 === 0).map((l) => JSON.parse(l).create);
    const sources = lines.filter((_, i) => i % 2 === 1).map((l) => JSON.parse(l));
    const context = request!.context as { ids: string[] };
    expect(actions.map((a) => a._id)).to.deep.equal(context.ids);
    expect(actions.map((a) => a._index)).to.deep.equal(['logs-dynamo-default', 'logs-dynamo-default', 'jöurnal', 'logs-dynamo-default']);
    expect(context.ids[1]).to.equal(context.ids[0] + '_1');
    expect(context.ids[3]).to.equal(context.ids[0] + '_2');
    expect(sources[2]['dynamo.note']).to.equal('日本語 \u2028 "quoted"');
    expect(sources.map((s) => s.message)).to.deep.equal(['tick ✓', 'tick ✓', 'tock', 'tick ✓']);
  });
});

describe('request size', () => {
  it('cuts a batch into requests whose (uncompressed) bodies stay within maxBodyBytes', () => {
    const e = new BulkEncoder(resolveElasticConfig({ url: 'http://127.0.0.1:9200', maxBodyBytes: 4096, env: {} }));
    const batch = Array.from({ length: 40 }, (_, i) => makeRecord({ body: `record ${i} ` + 'x'.repeat(200), hrTime: [TIME[0], i] }));
    const requests = e.encode(batch);
    expect(requests.length).to.be.greaterThan(1);
    let total = 0;
    for (const r of requests) {
      const text = bodyText(r);
      // The delivery layer gzips; the encoder hands it the raw NDJSON.
      expect(r.headers?.['content-encoding']).to.equal(undefined);
      expect(r.compression).to.equal(undefined);
      expect(Buffer.byteLength(text)).to.be.at.most(4096);
      expect((r.context as { rawBytes: number }).rawBytes).to.equal(Buffer.byteLength(text));
      expect(text.trim().split('\n')).to.have.length(r.records.length * 2);
      total += r.records.length;
    }
    expect(total).to.equal(40);
  });

  it('leaves one document larger than the limit alone, for the layer to drop as too_large', () => {
    const e = new BulkEncoder(resolveElasticConfig({ url: 'http://127.0.0.1:9200', maxBodyBytes: 2048, env: {} }));
    const requests = e.encode([makeRecord({ body: 'small' }), makeRecord({ body: 'y'.repeat(5000), hrTime: [TIME[0], 7] })]);
    expect(requests.map((r) => r.records.length)).to.deep.equal([1, 1]);
    expect(requests[1]!.compression).to.equal(undefined);
    expect(requests[1]!.body.byteLength).to.be.greaterThan(2048);
  });

  it('ends every body with a newline', () => {
    const e = new BulkEncoder(resolveElasticConfig({ url: 'http://127.0.0.1:9200', compression: 'none', env: {} }));
    const [r] = e.encode([makeRecord({})]);
    expect(Buffer.from(r!.body).toString('utf8').endsWith('\n')).to.equal(true);
  });
});
