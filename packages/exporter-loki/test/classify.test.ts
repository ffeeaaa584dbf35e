import { expect } from 'chai';
import { classifyLokiResponse } from '../src/classify';
import { resolveConfig } from '../src/config';
import { LokiEncoder } from '../src/encode';
import { hrAgo, makeRecords } from './helpers/records';

const RESOURCE = { 'service.name': 'frontend', namespace: 'dynamo', component: 'router' };
const STREAM = '{component="router", level="info", namespace="dynamo", service_name="frontend"}';

function request(n: number) {
  const encoder = new LokiEncoder(resolveConfig({ endpoint: 'http://127.0.0.1:1', env: {} }));
  const records = makeRecords(RESOURCE, Array.from({ length: n }, (_, i) => ({ message: 'x'.repeat(i + 1), time: hrAgo(10_000 - i) })));
  return { encoder, request: encoder.encode(records)[0]! };
}

function reply(statusCode: number, body = '', headers: Record<string, string> = {}) {
  return { statusCode, headers, body: Buffer.from(body) };
}

describe('classifyLokiResponse', () => {
  it('maps whole-request 4xx answers to stable reasons, with the server words as detail', () => {
    const { encoder, request: req } = request(3);
    const length = (r: Parameters<typeof encoder.line>[0]) => encoder.line(r).length;
    for (const status of [401, 403] as const) {
      const outcome = classifyLokiResponse(reply(status, 'nope\n'), req, length);
      expect(outcome.drop).to.equal(undefined);
      expect(outcome.retry).to.include({ reason: status === 401 ? 'unauthorized' : 'forbidden', untilDelivered: true });
      expect(outcome.retry!.records).to.have.length(3);
    }
    for (const [status, reason] of [[404, 'not_found'], [413, 'too_large'], [415, 'unsupported_media_type'], [409, 'rejected']] as const) {
      const outcome = classifyLokiResponse(reply(status, 'nope\n'), req, length);
      expect(outcome.retry).to.equal(undefined);
      expect(outcome.drop).to.have.length(1);
      expect(outcome.drop![0]).to.include({ reason, detail: `HTTP ${status}: nope` });
      expect(outcome.drop![0]!.records).to.have.length(3);
    }
  });

  it('retries 429 and 5xx, honouring Retry-After in seconds and as an HTTP date', () => {
    const { encoder, request: req } = request(2);
    const length = (r: Parameters<typeof encoder.line>[0]) => encoder.line(r).length;
    expect(classifyLokiResponse(reply(429, '', { 'retry-after': '7' }), req, length).retry).to.include({ reason: 'rate_limited', afterMs: 7000 });
    const date = new Date(Date.now() + 60_000).toUTCString();
    const afterMs = classifyLokiResponse(reply(503, '', { 'retry-after': date }), req, length).retry!.afterMs!;
    expect(afterMs).to.be.within(55_000, 60_000);
    expect(classifyLokiResponse(reply(500), req, length).retry).to.include({ reason: 'http_500' });
  });

  it('a 400 in Loki words drops exactly the named count (longest lines for line_too_long), the rest is delivered', () => {
    const { encoder, request: req } = request(5);
    const length = (r: Parameters<typeof encoder.line>[0]) => encoder.line(r).length;
    const body = `2 errors like: Max entry size '100' bytes exceeded for stream '${STREAM}' while adding an entry with length '150' bytes\n`;
    const outcome = classifyLokiResponse(reply(400, body), req, length);
    expect(outcome.drop).to.have.length(1);
    expect(outcome.drop![0]!.reason).to.equal('line_too_long');
    expect(outcome.drop![0]!.records.map((r) => (r.body as string).length)).to.deep.equal([5, 4]);
  });

  it('a 400 that is not in Loki words (undecodable body) drops the whole request as rejected', () => {
    const { encoder, request: req } = request(2);
    const outcome = classifyLokiResponse(reply(400, 'snappy: corrupt input\n'), req, (r) => encoder.line(r).length);
    expect(outcome.drop![0]).to.include({ reason: 'rejected', detail: 'HTTP 400: snappy: corrupt input' });
    expect(outcome.drop![0]!.records).to.have.length(2);
  });
});
