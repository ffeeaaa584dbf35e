import { expect } from 'chai';
import type { DeliveryResponse, EncodedRequest } from '@dynamo-logging/core/delivery';
import { classifyBulkResponse } from '../src/classify';
import type { ClassifyState } from '../src/classify';
import { makeRecord } from './helpers/records';

function request(n: number): EncodedRequest {
  return { records: Array.from({ length: n }, (_, i) => makeRecord({ body: `r${i}` })), body: Buffer.alloc(1000) };
}

function response(status: number, body: unknown, headers: Record<string, string> = { 'x-elastic-product': 'Elasticsearch' }): DeliveryResponse {
  return { statusCode: status, headers, body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) };
}

function state() {
  const seen = { tooLarge: [] as number[], product: [] as boolean[], duplicates: 0 };
  const s: ClassifyState = {
    onTooLarge: (b) => seen.tooLarge.push(b),
    onProduct: (p) => seen.product.push(p),
    onDuplicate: (n) => {
      seen.duplicates += n;
    },
    scrub: (text) => text.split('s3cret').join('[REDACTED]'),
  };
  return { s, seen };
}

describe('bulk reply classification', () => {
  it('counts everything delivered when errors is false', () => {
    const { s, seen } = state();
    expect(classifyBulkResponse(response(200, { errors: false }), request(3), s)).to.deep.equal({});
    expect(seen.product).to.deep.equal([true]);
  });

  it('reads every item: 201 and 409 delivered, 429/503 retried alone, 400/403/404 dropped with the server reason', () => {
    const { s, seen } = state();
    const req = request(7);
    const items = [
      { create: { status: 201 } },
      { create: { status: 409, error: { type: 'version_conflict_engine_exception', reason: '[x]: version conflict, document already exists (current version [1])' } } },
      { create: { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' } } },
      { create: { status: 503, error: { type: 'unavailable_shards_exception', reason: 'primary shard is not active' } } },
      { create: { status: 400, error: { type: 'document_parsing_exception', reason: "[1:2] object mapping for [a] tried to parse field [a] as object, but found a concrete value" } } },
      { create: { status: 403, error: { type: 'security_exception', reason: 'action [indices:data/write/bulk[s]] is unauthorized' } } },
      { create: { status: 404, error: { type: 'index_not_found_exception', reason: 'no such index [x]' } } },
    ];
    const outcome = classifyBulkResponse(response(200, { errors: true, items }), req, s);
    expect(outcome.retry?.records).to.deep.equal([req.records[2], req.records[3]]);
    expect(outcome.drop?.map((d) => [d.reason, d.records.length])).to.deep.equal([
      ['mapping_error', 1],
      ['forbidden', 1],
      ['index_not_found', 1],
    ]);
    expect(outcome.drop?.[0]?.detail).to.equal("item 400 document_parsing_exception: [1:2] object mapping for [a] tried to parse field [a] as object, but found a concrete value");
    expect(seen.duplicates).to.equal(1);
  });

  it('sends everything again when the reply cannot be read (ids make that safe)', () => {
    const { s } = state();
    const req = request(2);
    expect(classifyBulkResponse(response(200, '{"errors":true,"items":[{"cre'), req, s).retry?.reason).to.equal('unreadable_reply');
    expect(classifyBulkResponse(response(200, { errors: true, items: [{ create: { status: 201 } }] }), req, s).retry?.records).to.have.length(2);
  });

  it('retries a whole-request 429/5xx honouring Retry-After, and reports a missing product header', () => {
    const { s, seen } = state();
    const outcome = classifyBulkResponse(response(429, { error: 'x' }, { 'retry-after': '3' }), request(1), s);
    expect(outcome.retry).to.include({ reason: 'http_429', afterMs: 3000 });
    expect(classifyBulkResponse(response(502, 'Bad Gateway', {}), request(1), s).retry?.reason).to.equal('http_502');
    classifyBulkResponse(response(200, { errors: false }, {}), request(1), s);
    expect(seen.product).to.deep.equal([false]);
  });

  it('keeps records queued on 401/403 until the credentials are fixed', () => {
    const { s } = state();
    const outcome = classifyBulkResponse(response(401, { error: { type: 'security_exception', reason: 'missing authentication credentials' }, status: 401 }), request(2), s);
    expect(outcome.retry).to.include({ reason: 'unauthorized', untilDelivered: true });
  });

  it('reports a 413 and retries so the layer re-splits under the lowered limit', () => {
    const { s, seen } = state();
    const outcome = classifyBulkResponse(response(413, ''), request(2), s);
    expect(outcome.retry?.reason).to.equal('http_413');
    expect(seen.tooLarge).to.deep.equal([1000]);
  });

  it('drops other whole-request 4xx with the server\'s type and reason', () => {
    const { s } = state();
    const body = { error: { root_cause: [], type: 'illegal_argument_exception', reason: 'The bulk request must be terminated by a newline [\\n]' }, status: 400 };
    const outcome = classifyBulkResponse(response(400, body), request(2), s);
    expect(outcome.drop?.[0]).to.include({ reason: 'rejected', detail: 'HTTP 400: illegal_argument_exception: The bulk request must be terminated by a newline [\\n]' });
    expect(classifyBulkResponse(response(406, { error: 'Content-Type header is missing', status: 406 }), request(1), s).drop?.[0]?.detail).to.equal('HTTP 406: Content-Type header is missing');
  });
});
