import { expect } from 'chai';
import type { DeliveryResponse, DeliveryTransport, EncodedRequest } from '@dynamo-logging/core/delivery';
import { HecClassifier } from '../src/classify';
import { HecEncoder } from '../src/encode';
import { reply, PARTIAL_FAILURE_CODES } from './helpers/hec-receiver';
import { record, records } from './helpers/records';

const unused: DeliveryTransport = { send: () => Promise.reject(new Error('no request expected')) };
const encoder = new HecEncoder({
  index: 'main',
  source: undefined,
  sourcetype: undefined,
  host: undefined,
  defaultHost: 'h',
  indexedFields: [],
  maxContentLength: 1 << 20,
  eventPath: '/services/collector/event',
  channel: '0f6f1c2e-8a4b-4c1d-9e2f-3a4b5c6d7e8f',
});

function response(code: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): DeliveryResponse {
  const r = reply(code, extra);
  return { statusCode: r.status, headers, body: Buffer.from(r.body) };
}

function classify(res: DeliveryResponse, req: EncodedRequest) {
  return new HecClassifier({ maskedToken: '****', ack: undefined }).classify(res, req, unused) as ReturnType<HecClassifier['classify']> & object;
}

const bodies = (recs: readonly { body?: unknown }[] | undefined): unknown[] => (recs ?? []).map((r) => r.body);

describe('classify (HEC replies, code by code)', () => {
  const req = encoder.encode(records(5))[0]!;

  it('code 0: delivered', () => {
    expect(classify(response(0), req)).to.deep.equal({});
  });

  it('code 9 / HTTP 503: retried, honouring Retry-After; 429 too', () => {
    expect(classify(response(9), req)).to.deep.include({ retry: { records: req.records, reason: 'server_busy' } });
    const busy = classify(response(9, {}, { 'retry-after': '3' }), req) as { retry: { afterMs: number } };
    expect(busy.retry.afterMs).to.equal(3000);
    const limited = classify({ statusCode: 429, headers: { 'retry-after': '2' }, body: Buffer.from('Too Many Requests') }, req) as { retry: { reason: string; afterMs: number } };
    expect(limited.retry).to.include({ reason: 'rate_limited', afterMs: 2000 });
    expect((classify({ statusCode: 503, headers: {}, body: Buffer.from('<html>') }, req) as { retry: { reason: string } }).retry.reason).to.equal('server_busy');
  });

  it('code 8 / other 5xx: retried', () => {
    expect((classify(response(8), req) as { retry: { reason: string } }).retry.reason).to.equal('server_error');
    expect((classify({ statusCode: 502, headers: {}, body: Buffer.alloc(0) }, req) as { retry: { reason: string } }).retry.reason).to.equal('server_error');
  });

  for (const [code, reason] of [
    [1, 'token_disabled'],
    [2, 'token_required'],
    [3, 'invalid_authorization'],
    [4, 'invalid_token'],
    [10, 'data_channel_missing'],
    [11, 'invalid_data_channel'],
    [16, 'query_string_auth_disabled'],
  ] as const) {
    it(`code ${code}: kept queued and retried until delivered (${reason})`, () => {
      expect(classify(response(code), req)).to.deep.equal({ retry: { records: req.records, reason, untilDelivered: true } });
    });
  }

  it('a proxy 401/403 without HEC JSON is treated as a token problem too', () => {
    expect((classify({ statusCode: 403, headers: {}, body: Buffer.from('Forbidden') }, req) as { retry: { untilDelivered: boolean } }).retry.untilDelivered).to.equal(true);
  });

  for (const [code, reason] of PARTIAL_FAILURE_CODES) {
    it(`code ${code} with invalid-event-number N: 0..N-1 delivered, N dropped (${reason}), the rest retried`, () => {
      const out = classify(response(code, { 'invalid-event-number': 2 }), req) as { drop: Array<{ records: unknown[]; reason: string; detail: string }>; retry: { records: unknown[]; reason: string } };
      expect(out.drop).to.have.length(1);
      expect(bodies(out.drop[0]!.records as never)).to.deep.equal(['m2']);
      expect(out.drop[0]!.reason).to.equal(reason);
      expect(out.drop[0]!.detail).to.contain(`code ${code}`);
      expect(bodies(out.retry.records as never)).to.deep.equal(['m3', 'm4']);
      expect(out.retry.reason).to.equal('after_invalid_event');
    });
  }

  it('the last event refused: nothing left to retry', () => {
    const out = classify(response(13, { 'invalid-event-number': 4 }), req) as { drop: Array<{ records: unknown[] }>; retry?: unknown };
    expect(bodies(out.drop[0]!.records as never)).to.deep.equal(['m4']);
    expect(out.retry).to.equal(undefined);
  });

  it('without invalid-event-number (or out of range) the whole request is dropped with the reason', () => {
    const out = classify(response(6), req) as { drop: Array<{ records: unknown[]; reason: string }> };
    expect(out.drop[0]!.records).to.have.length(5);
    expect(out.drop[0]!.reason).to.equal('invalid_data_format');
    expect((classify(response(6, { 'invalid-event-number': 9 }), req) as { drop: Array<{ records: unknown[] }> }).drop[0]!.records).to.have.length(5);
  });

  it('code 7: the event and every later one for the same index are dropped; the others retried', () => {
    const recs = [record({ body: 'a' }), record({ body: 'b', attributes: { 'com.splunk.index': 'secret' } }), record({ body: 'c' }), record({ body: 'd', attributes: { 'com.splunk.index': 'secret' } })];
    const r = encoder.encode(recs)[0]!;
    const out = classify(response(7, { 'invalid-event-number': 1 }), r) as { drop: Array<{ records: unknown[]; reason: string }>; retry: { records: unknown[] } };
    expect(bodies(out.drop[0]!.records as never)).to.deep.equal(['b', 'd']);
    expect(out.drop[0]!.reason).to.equal('incorrect_index');
    expect(bodies(out.retry.records as never)).to.deep.equal(['c']);
  });

  it('code 5 (never sent by us): dropped as no_data; unknown 4xx: rejected', () => {
    expect((classify(response(5), req) as { drop: Array<{ reason: string }> }).drop[0]!.reason).to.equal('no_data');
    expect((classify({ statusCode: 404, headers: {}, body: Buffer.from('not found') }, req) as { drop: Array<{ reason: string }> }).drop[0]!.reason).to.equal('rejected');
  });

  it('a 2xx without HEC JSON counts as delivered', () => {
    expect(classify({ statusCode: 200, headers: {}, body: Buffer.from('OK') }, req)).to.deep.equal({});
  });
});
