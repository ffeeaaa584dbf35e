import { expect } from 'chai';
import { backoffDelay } from '../../src/delivery/backoff';
import { classifyHttpStatus } from '../../src/delivery/classify-http-status';
import { encodeFrame, parseFrames } from '../../src/delivery/frame';
import { deliveredAll, dropAll, retryAll } from '../../src/delivery/outcome-helpers';
import { RecordDecoder, serializeRecord } from '../../src/delivery/record-codec';
import { createRedactor } from '../../src/delivery/redact-secrets';
import { parseRetryAfter } from '../../src/delivery/retry-after';
import type { EncodedRequest } from '../../src/delivery/types';
import { makeRecord } from '@dynamo-logging/test-kit';

const request: EncodedRequest = { records: [makeRecord(1), makeRecord(2)], body: Buffer.from('x') };
const response = (statusCode: number, headers: Record<string, string> = {}, body = '') => ({ statusCode, headers, body: Buffer.from(body) });

describe('delivery helpers', () => {
  describe('parseRetryAfter', () => {
    const now = Date.parse('2025-10-31T21:00:00Z');
    it('reads delta-seconds as milliseconds', () => {
      expect(parseRetryAfter('2', now)).to.equal(2000);
      expect(parseRetryAfter(' 120 ', now)).to.equal(120_000);
      expect(parseRetryAfter(['3', '9'], now)).to.equal(3000);
    });
    it('reads an HTTP-date relative to now, and a past date as 0', () => {
      expect(parseRetryAfter('Fri, 31 Oct 2025 21:00:30 GMT', now)).to.equal(30_000);
      expect(parseRetryAfter('Fri, 31 Oct 2025 20:59:00 GMT', now)).to.equal(0);
    });
    it('returns undefined for absent or malformed values', () => {
      expect(parseRetryAfter(undefined, now)).to.equal(undefined);
      expect(parseRetryAfter('', now)).to.equal(undefined);
      expect(parseRetryAfter('-3', now)).to.equal(undefined);
      expect(parseRetryAfter('1.5', now)).to.equal(undefined);
      expect(parseRetryAfter('soon', now)).to.equal(undefined);
    });
  });

  describe('classifyHttpStatus', () => {
    it('delivers 2xx', () => {
      expect(classifyHttpStatus(response(204), request)).to.deep.equal({});
    });
    it('retries 429 and 503 honouring Retry-After, and other 5xx without it', () => {
      expect(classifyHttpStatus(response(429, { 'retry-after': '2' }), request).retry).to.deep.include({ afterMs: 2000, reason: 'http_429' });
      expect(classifyHttpStatus(response(503, { 'retry-after': '1' }), request).retry?.afterMs).to.equal(1000);
      const r500 = classifyHttpStatus(response(500), request).retry!;
      expect(r500.records).to.have.length(2);
      expect(r500.afterMs).to.equal(undefined);
      expect(classifyHttpStatus(response(504), request).retry?.reason).to.equal('http_504');
    });
    it('drops other 4xx as rejected with the trimmed body as detail', () => {
      const outcome = classifyHttpStatus(response(400, {}, '  bad\n  line 3  \n'), request);
      expect(outcome.retry).to.equal(undefined);
      expect(outcome.drop).to.deep.equal([{ records: request.records, reason: 'rejected', detail: 'HTTP 400: bad line 3' }]);
    });
  });

  it('outcome helpers build the three outcomes', () => {
    expect(deliveredAll()).to.deep.equal({});
    expect(retryAll(request, 'x', 5)).to.deep.equal({ retry: { records: request.records, reason: 'x', afterMs: 5 } });
    expect(retryAll(request, 'x').retry).to.not.have.property('afterMs');
    expect(dropAll(request, 'mapping_error', 'field x')).to.deep.equal({ drop: [{ records: request.records, reason: 'mapping_error', detail: 'field x' }] });
  });

  it('backoff stays within [0, min(max, initial*multiplier^attempt)]', () => {
    const policy = { initialIntervalMillis: 100, maxIntervalMillis: 1000, multiplier: 2 };
    expect(backoffDelay(policy, 0, () => 0.999999)).to.be.closeTo(100, 0.01);
    expect(backoffDelay(policy, 3, () => 0.5)).to.equal(400);
    expect(backoffDelay(policy, 10, () => 0.999999)).to.be.closeTo(1000, 0.01);
    expect(backoffDelay(policy, 10, () => 0)).to.equal(0);
  });

  describe('redactor', () => {
    const redact = createRedactor(['tok-abc123XYZ', 'hunter2pass']);
    it('masks configured values, userinfo and Authorization-like values', () => {
      const out = redact(
        'token tok-abc123XYZ failed at https://bob:hunter2pass@example.com/x; Authorization: Bearer zzzzzzzzzz; "authorization":"Splunk 1111-2222-3333"; api_key=abcdef',
      );
      for (const secret of ['tok-abc123XYZ', 'hunter2pass', 'bob:', 'zzzzzzzzzz', '1111-2222-3333', 'abcdef']) expect(out).to.not.include(secret);
      expect(out).to.include('https://[REDACTED]@example.com/x');
    });
    it('leaves ordinary text alone', () => {
      expect(redact('HTTP 400: entry too far behind, stream {app="x"}')).to.equal('HTTP 400: entry too far behind, stream {app="x"}');
    });
  });

  describe('on-disk framing and record codec', () => {
    it('round-trips the contract fields of a record', () => {
      const original = {
        ...makeRecord(7, 'hello'),
        attributes: { seq: 7, nested: { a: [1, 'two', true] }, bytes: new Uint8Array([1, 2, 255]) },
        spanContext: { traceId: '80196f3e3a6fdf06d23bb9ada3788518', spanId: 'f7e487a9d2a6bf38', traceFlags: 1 },
      };
      const frames = Buffer.concat([encodeFrame(serializeRecord(original)), encodeFrame(serializeRecord(makeRecord(8)))]);
      const parsed = parseFrames(frames, 10);
      expect(parsed.payloads).to.have.length(2);
      expect(parsed.consumed).to.equal(frames.length);
      const decoder = new RecordDecoder();
      const back = decoder.decode(parsed.payloads[0]!);
      expect(back.hrTime).to.deep.equal(original.hrTime);
      expect(back.hrTimeObserved).to.deep.equal(original.hrTimeObserved);
      expect(back.severityNumber).to.equal(9);
      expect(back.severityText).to.equal('INFO');
      expect(back.body).to.equal('hello');
      expect(back.attributes).to.deep.equal(original.attributes);
      expect(back.resource.attributes).to.deep.equal({ 'service.name': 'delivery-test' });
      expect(back.instrumentationScope).to.deep.equal({ name: 'delivery-test', version: '1.0.0' });
      expect(back.spanContext).to.deep.equal(original.spanContext);
      // One resource object per origin, as the SDK does.
      expect(decoder.decode(parsed.payloads[1]!).resource).to.equal(back.resource);
    });
    it('detects a torn tail and a flipped bit', () => {
      const a = encodeFrame(serializeRecord(makeRecord(1)));
      const b = encodeFrame(serializeRecord(makeRecord(2)));
      const torn = parseFrames(Buffer.concat([a, b.subarray(0, b.length - 3)]), 10);
      expect(torn.payloads).to.have.length(1);
      expect(torn.stop).to.equal('incomplete');
      const flipped = Buffer.concat([a, b]);
      flipped[12] = flipped[12]! ^ 0xff;
      const bad = parseFrames(flipped, 10);
      expect(bad.corrupt).to.equal(1);
      expect(bad.payloads).to.have.length(1);
      expect(parseFrames(Buffer.alloc(64), 10).stop).to.equal('garbage');
    });
  });
});
