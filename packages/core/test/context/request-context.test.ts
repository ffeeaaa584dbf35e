import { expect } from 'chai';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import {
  extractRequestContext,
  getRequestIds,
  injectRequestContext,
  requestContextStats,
} from '../../src/context/request-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const UUID = '8372eac7-5f43-4d76-beca-0a94cfb311d0';
const UUID2 = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';

function spanOf(headers: Record<string, string | string[]>) {
  return trace.getSpanContext(extractRequestContext(headers, ROOT_CONTEXT));
}

describe('extractRequestContext', () => {
  it('reads a valid version-00 traceparent as a remote parent', () => {
    const sc = spanOf({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` });
    expect(sc).to.include({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, isRemote: true });
  });

  it('keeps the unsampled flag', () => {
    expect(spanOf({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-00` })?.traceFlags).to.equal(TraceFlags.NONE);
  });

  const invalid: Array<[string, string]> = [
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['upper-case trace id', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['upper-case span id', `00-${TRACE_ID}-${SPAN_ID.toUpperCase()}-01`],
    ['upper-case version', `0A-${TRACE_ID}-${SPAN_ID}-01`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['all-zero span id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['short trace id', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
    ['long trace id', `00-${TRACE_ID}0-${SPAN_ID}-01`],
    ['short span id', `00-${TRACE_ID}-${SPAN_ID.slice(1)}-01`],
    ['one-digit flags', `00-${TRACE_ID}-${SPAN_ID}-1`],
    ['three-digit version', `000-${TRACE_ID}-${SPAN_ID}-01`],
    ['version 00 with a fifth field', `00-${TRACE_ID}-${SPAN_ID}-01-extra`],
    ['non-hex', `00-${TRACE_ID.slice(0, 31)}g-${SPAN_ID}-01`],
    ['missing field', `00-${TRACE_ID}-${SPAN_ID}`],
    ['empty', ''],
    ['garbage', 'not-a-traceparent'],
  ];
  for (const [name, value] of invalid) {
    it(`ignores a traceparent with ${name}, and counts it`, () => {
      const before = requestContextStats().invalidTraceparent;
      expect(spanOf({ traceparent: value })).to.equal(undefined);
      // An empty header is absent rather than invalid.
      expect(requestContextStats().invalidTraceparent).to.equal(before + (value === '' ? 0 : 1));
    });
  }

  it('parses a future version leniently, extra fields included', () => {
    const sc = spanOf({ traceparent: `01-${TRACE_ID}-${SPAN_ID}-01-what-the-future-holds` });
    expect(sc).to.include({ traceId: TRACE_ID, spanId: SPAN_ID });
    expect(spanOf({ traceparent: `cc-${TRACE_ID}-${SPAN_ID}-09` })?.traceId).to.equal(TRACE_ID);
  });

  it('reads headers case-insensitively from a plain map and from a Headers object', () => {
    expect(spanOf({ TraceParent: `00-${TRACE_ID}-${SPAN_ID}-01` })?.traceId).to.equal(TRACE_ID);
    const headers = new Headers({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`, 'X-Request-Id': 'abc' });
    const ctx = extractRequestContext(headers, ROOT_CONTEXT);
    expect(trace.getSpanContext(ctx)?.spanId).to.equal(SPAN_ID);
    expect(getRequestIds(ctx)?.xRequestId).to.equal('abc');
  });

  it('joins repeated tracestate headers and keeps them on the span context', () => {
    const sc = spanOf({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`, tracestate: ['congo=t61rcWkgMzE', 'rojo=00f067aa0ba902b7'] });
    expect(sc?.traceState?.serialize()).to.equal('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
  });

  it('ignores tracestate without a valid traceparent', () => {
    expect(spanOf({ tracestate: 'congo=t61rcWkgMzE' })).to.equal(undefined);
  });

  it('takes x-request-id free form, bounded in length', () => {
    expect(getRequestIds(extractRequestContext({ 'x-request-id': 'req 42/abc' }, ROOT_CONTEXT))?.xRequestId).to.equal('req 42/abc');
    const before = requestContextStats().truncatedXRequestId;
    const long = extractRequestContext({ 'x-request-id': 'x'.repeat(5000) }, ROOT_CONTEXT);
    expect(getRequestIds(long)?.xRequestId).to.have.length(256);
    expect(requestContextStats().truncatedXRequestId).to.equal(before + 1);
  });

  it('takes request-id only when it is a UUID, counting the rest', () => {
    expect(getRequestIds(extractRequestContext({ 'request-id': UUID }, ROOT_CONTEXT))?.requestId).to.equal(UUID);
    const before = requestContextStats().invalidRequestId;
    for (const bad of ['42', 'not-a-uuid', UUID.slice(1), UUID + 'a', `${UUID.slice(0, 8)}_${UUID.slice(9)}`]) {
      expect(getRequestIds(extractRequestContext({ 'request-id': bad }, ROOT_CONTEXT))?.requestId).to.equal(undefined);
    }
    expect(requestContextStats().invalidRequestId).to.equal(before + 5);
  });

  it('reads the deprecated x-dynamo-request-id when request-id is absent', () => {
    expect(getRequestIds(extractRequestContext({ 'x-dynamo-request-id': UUID2 }, ROOT_CONTEXT))?.requestId).to.equal(UUID2);
  });

  it('prefers request-id over x-dynamo-request-id when both are sent', () => {
    const ctx = extractRequestContext({ 'request-id': UUID, 'x-dynamo-request-id': UUID2 }, ROOT_CONTEXT);
    expect(getRequestIds(ctx)?.requestId).to.equal(UUID);
  });

  it('does not fall back to x-dynamo-request-id when request-id is present but invalid (as Rust does)', () => {
    const ctx = extractRequestContext({ 'request-id': 'bogus', 'x-dynamo-request-id': UUID2 }, ROOT_CONTEXT);
    expect(getRequestIds(ctx)?.requestId).to.equal(undefined);
  });

  it('ignores an invalid deprecated header too', () => {
    const ctx = extractRequestContext({ 'x-dynamo-request-id': 'nope', 'x-request-id': 'r1' }, ROOT_CONTEXT);
    expect(getRequestIds(ctx)).to.deep.equal({ xRequestId: 'r1' });
  });

  it('returns the base context untouched when nothing is sent', () => {
    expect(extractRequestContext({}, ROOT_CONTEXT)).to.equal(ROOT_CONTEXT);
  });
});

describe('injectRequestContext', () => {
  it('writes traceparent, tracestate, x-request-id and request-id for the outgoing call', () => {
    const incoming = extractRequestContext(
      { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`, tracestate: 'rojo=1', 'x-request-id': 'r-9', 'request-id': UUID },
      ROOT_CONTEXT,
    );
    const headers = injectRequestContext({ accept: 'application/json' } as Record<string, string>, incoming);
    expect(headers).to.deep.equal({
      accept: 'application/json',
      traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`,
      tracestate: 'rojo=1',
      'x-request-id': 'r-9',
      'request-id': UUID,
    });
  });

  it('writes nothing without a context', () => {
    expect(injectRequestContext({}, ROOT_CONTEXT)).to.deep.equal({});
  });
});
