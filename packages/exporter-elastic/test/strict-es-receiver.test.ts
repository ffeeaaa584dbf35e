import { expect } from 'chai';
import * as http from 'node:http';
import { StrictEsReceiver } from './helpers/strict-es-receiver';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function post(url: string, path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/x-ndjson' }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url + path, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text === '' ? undefined : JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const TS = '"@timestamp":"2026-11-25T22:30:00.123456Z"';

describe('strict Elasticsearch receiver (the test oracle)', () => {
  let es: StrictEsReceiver;
  beforeEach(async () => {
    es = await new StrictEsReceiver().start();
  });
  afterEach(async () => {
    await es.close();
  });

  it('answers 406 when the content type is missing or unsupported', async () => {
    const missing = await post(es.url, '/_bulk', '{"create":{"_index":"a"}}\n{}\n', {});
    expect(missing.status).to.equal(406);
    expect(missing.json).to.deep.equal({ error: 'Content-Type header is missing', status: 406 });
    const wrong = await post(es.url, '/_bulk', '{"create":{"_index":"a"}}\n{}\n', { 'content-type': 'text/plain' });
    expect(wrong.json).to.deep.equal({ error: 'Content-Type header [text/plain] is not supported', status: 406 });
  });

  it('rejects a body that does not end with a newline', async () => {
    const r = await post(es.url, '/_bulk', '{"create":{"_index":"a"}}\n{"x":1}');
    expect(r.status).to.equal(400);
    expect(r.json.error.type).to.equal('illegal_argument_exception');
    expect(r.json.error.reason).to.equal('The bulk request must be terminated by a newline [\\n]');
  });

  it('applies the compatible-with rule: same version on both headers, the server major or the one before', async () => {
    const body = `{"create":{"_index":"a"}}\n{${TS}}\n`;
    const ok = await post(es.url, '/_bulk', body, { 'content-type': 'application/vnd.elasticsearch+x-ndjson; compatible-with=7', accept: 'application/vnd.elasticsearch+json; compatible-with=7' });
    expect(ok.status).to.equal(200);
    const oneSided = await post(es.url, '/_bulk', body, { 'content-type': 'application/vnd.elasticsearch+x-ndjson; compatible-with=8' });
    expect(oneSided.status).to.equal(400);
    expect(oneSided.json.error.type).to.equal('media_type_header_exception');
    const tooOld = await post(es.url, '/_bulk', body, { 'content-type': 'application/vnd.elasticsearch+x-ndjson; compatible-with=6', accept: 'application/vnd.elasticsearch+json; compatible-with=6' });
    expect(tooOld.json.error.caused_by.reason).to.match(/must be either version 8 or 7, but found 6/);
  });

  it('answers in Elasticsearch\'s bulk reply shape, with the backing index of a data stream', async () => {
    const r = await post(es.url, '/_bulk', `{"create":{"_index":"logs-dynamo-default","_id":"abc"}}\n{${TS}}\n`);
    expect(r.status).to.equal(200);
    expect(r.headers['x-elastic-product']).to.equal('Elasticsearch');
    expect(r.json.errors).to.equal(false);
    expect(r.json.took).to.be.a('number');
    const item = r.json.items[0].create;
    expect(item).to.include({ _id: 'abc', _version: 1, result: 'created', status: 201, _primary_term: 1 });
    expect(item._index).to.match(/^\.ds-logs-dynamo-default-\d{4}\.\d{2}\.\d{2}-000001$/);
    expect(item._shards).to.deep.equal({ total: 2, successful: 1, failed: 0 });
  });

  it('applies filter_path to the reply', async () => {
    const body = `{"create":{"_index":"logs-a-b","_id":"1"}}\n{${TS}}\n{"create":{"_index":"logs-a-b","_id":"1"}}\n{${TS}}\n`;
    const r = await post(es.url, '/_bulk?filter_path=errors,items.*.status,items.*.error.type', body);
    expect(r.json).to.deep.equal({ errors: true, items: [{ create: { status: 201 } }, { create: { status: 409, error: { type: 'version_conflict_engine_exception' } } }] });
  });

  it('enforces data stream rules: create only, @timestamp required', async () => {
    const body = `{"index":{"_index":"logs-dynamo-default"}}\n{${TS}}\n{"create":{"_index":"logs-dynamo-default"}}\n{"message":"no time"}\n`;
    const r = await post(es.url, '/_bulk', body);
    expect(r.json.errors).to.equal(true);
    expect(r.json.items[0].index.error).to.include({ type: 'illegal_argument_exception', reason: 'only write ops with an op_type of create are allowed in data streams' });
    expect(r.json.items[1].create.status).to.equal(400);
    expect(r.json.items[1].create.error.type).to.equal('document_parsing_exception');
    expect(r.json.items[1].create.error.reason).to.match(/data stream timestamp field \[@timestamp\] is missing/);
    // A plain index takes `index` actions and documents without @timestamp.
    const plain = await post(es.url, '/_bulk', '{"index":{"_index":"plain"}}\n{"message":"ok"}\n');
    expect(plain.json.errors).to.equal(false);
  });

  it('answers 409 version_conflict_engine_exception for a create with a stored id, and stores once', async () => {
    const body = `{"create":{"_id":"same"}}\n{${TS}}\n`;
    await post(es.url, '/logs-x-y/_bulk', body);
    const again = await post(es.url, '/logs-x-y/_bulk', body);
    expect(again.json.items[0].create.status).to.equal(409);
    expect(again.json.items[0].create.error.reason).to.equal('[same]: version conflict, document already exists (current version [1])');
    expect(es.documents()).to.have.length(1);
  });

  it('detects object/scalar mapping conflicts both ways, across documents and within one', async () => {
    await post(es.url, '/_bulk', `{"create":{"_index":"logs-m-a"}}\n{${TS},"a":{"b":1}}\n{"create":{"_index":"logs-m-b"}}\n{${TS},"a":"scalar"}\n`);
    const r = await post(es.url, '/_bulk', `{"create":{"_index":"logs-m-a"}}\n{${TS},"a":"x"}\n{"create":{"_index":"logs-m-b"}}\n{${TS},"a.c":1}\n{"create":{"_index":"logs-m-c"}}\n{${TS},"k":1,"k.j":2}\n`);
    const [first, second, third] = r.json.items.map((i: { create: { error: { type: string; reason: string } } }) => i.create.error);
    expect(first).to.include({ type: 'document_parsing_exception', reason: '[1:2] object mapping for [a] tried to parse field [a] as object, but found a concrete value' });
    expect(second.type).to.equal('document_parsing_exception');
    expect(second.reason).to.match(/failed to parse field \[a\] of type \[keyword\]/);
    expect(third.type).to.equal('document_parsing_exception');
  });

  it('rejects a document with a repeated key', async () => {
    const r = await post(es.url, '/_bulk', `{"create":{"_index":"logs-d-d"}}\n{${TS},"x":1,"x":2}\n`);
    expect(r.json.items[0].create.error).to.include({ type: 'document_parsing_exception', reason: "[1:1] failed to parse: Duplicate field 'x'" });
  });

  it('treats OTel passthrough subtrees as dotted leaves in logs-*.otel-* streams', async () => {
    const r = await post(es.url, '/_bulk', `{"create":{"_index":"logs-a.otel-b"}}\n{${TS},"attributes":{"k":1,"k.j":2}}\n`);
    expect(r.json.errors).to.equal(false);
  });
});
