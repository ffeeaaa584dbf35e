import { expect } from 'chai';
import { hostname } from 'node:os';
import { SeverityNumber } from '@dynamo-logging/core';
import { resolveElasticConfig } from '../src/config';
import { BulkEncoder } from '../src/encode';
import { bodyText, makeRecord, SPAN, TIME } from './helpers/records';
import type { RecordSpec } from './helpers/records';

const URL = 'http://127.0.0.1:9200';

function encodeOne(spec: RecordSpec, options: Parameters<typeof resolveElasticConfig>[0] = {}) {
  const encoder = new BulkEncoder(resolveElasticConfig({ url: URL, ...options, env: {} }));
  const request = encoder.encode([makeRecord(spec)])[0]!;
  const text = bodyText(request!);
  const [action, source] = text.slice(0, -1).split('\n');
  return { request, text, action: JSON.parse(action!) as Record<string, Record<string, string>>, source: JSON.parse(source!) as Record<string, unknown>, raw: source! };
}

describe('ECS mapping', () => {
  it('writes @timestamp with the record\'s own six microsecond digits, UTC', () => {
    const { source } = encodeOne({});
    expect(source['@timestamp']).to.equal('2026-11-25T22:30:00.123456Z');
    const later = encodeOne({ hrTime: [TIME[0], 5_000] }).source;
    expect(later['@timestamp']).to.equal('2026-11-25T22:30:00.000005Z');
  });

  it('maps message, log.level, log.logger, service, host, process, event.dataset, ecs.version and the data stream fields', () => {
    const { source } = encodeOne({ body: 'Registering new stream', severityNumber: SeverityNumber.WARN, severityText: 'WARN' });
    expect(source).to.include({
      message: 'Registering new stream',
      'log.level': 'WARN',
      'log.logger': 'dynamo.http',
      'service.name': 'frontend',
      'host.name': 'node-7',
      'process.pid': 4242,
      'event.dataset': 'dynamo',
      'ecs.version': '8.11.0',
      'data_stream.type': 'logs',
      'data_stream.dataset': 'dynamo',
      'data_stream.namespace': 'default',
    });
  });

  it('maps FATAL to ERROR as the Dynamo line does', () => {
    expect(encodeOne({ severityNumber: SeverityNumber.FATAL, severityText: 'FATAL' }).source['log.level']).to.equal('ERROR');
  });

  it('writes trace.id and span.id only inside a span, and the span-only Dynamo keys with them', () => {
    const inSpan = encodeOne({ spanContext: SPAN, attributes: { span_name: 'http-request', parent_id: 'aaaaaaaaaaaaaaaa', trace_id: 'ignored' } }).source;
    expect(inSpan).to.include({ 'trace.id': SPAN.traceId, 'span.id': SPAN.spanId, 'dynamo.span_name': 'http-request', 'dynamo.parent_id': 'aaaaaaaaaaaaaaaa' });
    expect(inSpan).to.not.have.property('dynamo.trace_id');
    const outside = encodeOne({ attributes: { span_name: 'x', trace_id: 'y' } }).source;
    expect(Object.keys(outside).filter((k) => /trace|span/.test(k))).to.deep.equal([]);
  });

  it('writes transaction.id when the record carries it', () => {
    expect(encodeOne({ spanContext: SPAN, attributes: { 'transaction.id': 'f7e487a9d2a6bf38' } }).source['transaction.id']).to.equal('f7e487a9d2a6bf38');
  });

  it('maps exception.* to error.type/message/stack_trace and code.* to log.origin.*', () => {
    const { source } = encodeOne({
      attributes: {
        'exception.type': 'TypeError',
        'exception.message': 'x is undefined',
        'exception.stacktrace': 'TypeError: x is undefined\n    at f (a.ts:1:1)',
        'code.file.path': 'src/server.ts',
        'code.line.number': 230,
        'code.function.name': 'handle',
      },
    });
    expect(source).to.include({
      'error.type': 'TypeError',
      'error.message': 'x is undefined',
      'error.stack_trace': 'TypeError: x is undefined\n    at f (a.ts:1:1)',
      'log.origin.file.name': 'src/server.ts',
      'log.origin.file.line': 230,
      'log.origin.function': 'handle',
    });
  });

  it('puts Dynamo keys under dynamo.*, with the dots of a key turned into _', () => {
    const { source } = encodeOne({
      attributes: { request_id: 'r-1', x_request_id: 'x-1', model: 'llama', input_tokens: 12, ttft_ms: 3.5, 'request.outcome': 'success' },
    });
    expect(source).to.include({
      'dynamo.request_id': 'r-1',
      'dynamo.x_request_id': 'x-1',
      'dynamo.model': 'llama',
      'dynamo.input_tokens': 12,
      'dynamo.ttft_ms': 3.5,
      'dynamo.request_outcome': 'success',
      'dynamo.namespace': 'dynamo',
      'dynamo.component': 'http',
    });
  });

  it('lets a record attribute win over the resource attribute of the same key, without repeating the key', () => {
    const { source, raw } = encodeOne({ attributes: { component: 'router' } });
    expect(source['dynamo.component']).to.equal('router');
    expect(raw.match(/"dynamo\.component"/g)).to.have.length(1);
  });

  it('never writes a field that is an object in one document and a scalar in another', () => {
    // The same key once as a scalar, once as a map, once with a dotted child: all stay leaves.
    const a = encodeOne({ attributes: { shape: 'text', 'shape.size': 3 } }).source;
    const b = encodeOne({ attributes: { shape: { size: 3 } } }).source;
    const c = encodeOne({ attributes: { shape: [{ size: 3 }], list: [1, 2] } }).source;
    expect(a['dynamo.shape']).to.equal('text');
    expect(a['dynamo.shape_size']).to.equal(3);
    expect(b['dynamo.shape']).to.equal('{"size":3}');
    expect(c['dynamo.shape']).to.equal('[{"size":3}]');
    expect(c['dynamo.list']).to.deep.equal([1, 2]);
    for (const doc of [a, b, c]) {
      for (const [key, value] of Object.entries(doc)) {
        if (key.startsWith('dynamo.')) {
          expect(key.split('.'), key).to.have.length(2);
          expect(value === null || (typeof value === 'object' && !Array.isArray(value)), key).to.equal(false);
        }
      }
    }
  });

  it('keeps one key when a dotted key and its underscored spelling both appear', () => {
    const { raw, source } = encodeOne({ attributes: { 'a.b': 1, a_b: 2 } });
    expect(raw.match(/"dynamo\.a_b"/g)).to.have.length(1);
    expect(source['dynamo.a_b']).to.equal(2);
  });

  it('moves other dotted resource attributes to labels.* as strings, and keeps routing attributes out', () => {
    const { source } = encodeOne({
      resource: { 'service.name': 's', 'telemetry.sdk.language': 'nodejs', 'k8s.pod.uid': 7, 'elasticsearch.index': 'x' },
      attributes: { 'data_stream.dataset': 'nginx' },
    });
    expect(source['labels.telemetry_sdk_language']).to.equal('nodejs');
    expect(source['labels.k8s_pod_uid']).to.equal('7');
    expect(Object.keys(source).some((k) => k.includes('elasticsearch'))).to.equal(false);
    expect(source['dynamo.data_stream_dataset']).to.equal(undefined);
  });

  it('fills host.name and process.pid from this process when the resource lacks them', () => {
    const { source } = encodeOne({ resource: { 'service.name': 's' } });
    expect(source['host.name']).to.equal(hostname());
    expect(source['process.pid']).to.equal(process.pid);
  });

  it('turns values JSON cannot hold into valid JSON and never writes null', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular['self'] = circular;
    const { source, raw } = encodeOne({
      body: { structured: true },
      attributes: { big: 10n, nan: Number.NaN, inf: Number.POSITIVE_INFINITY, nothing: null, gone: undefined, circular, bytes: new Uint8Array([1, 2]) },
    });
    expect(source['message']).to.equal('{"structured":true}');
    expect(source['dynamo.big']).to.equal('10');
    expect(source['dynamo.nan']).to.equal('NaN');
    expect(source['dynamo.inf']).to.equal('Infinity');
    expect(source['dynamo.circular']).to.equal('{"a":1,"self":"[Circular]"}');
    expect(source['dynamo.bytes']).to.equal('AQI=');
    expect(raw).to.not.include('null');
    expect(source).to.not.have.property('dynamo.nothing');
  });

  it('uses a plain index without data stream fields, and event.dataset from the dataset option', () => {
    const { source, request } = encodeOne({}, { index: 'dynamo-logs', dataset: 'inference' });
    expect(source['event.dataset']).to.equal('inference');
    expect(Object.keys(source).some((k) => k.startsWith('data_stream.'))).to.equal(false);
    expect(request.path).to.equal('/dynamo-logs/_bulk?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason');
  });
});

describe('OTel mapping', () => {
  it('writes Elastic\'s OTel-native layout', () => {
    const { source, request } = encodeOne(
      {
        spanContext: SPAN,
        attributes: { request_id: 'r-1', 'http.request.method': 'POST', nested: { a: { b: 1 } }, 'data_stream.namespace': 'prod' },
        scope: { name: 'dynamo.http', version: '1.2.0' },
      },
      { mapping: 'otel' },
    );
    expect(request.path).to.match(/^\/logs-dynamo\.otel-prod\/_bulk/);
    expect(source).to.deep.equal({
      '@timestamp': '2026-11-25T22:30:00.123456789Z',
      observed_timestamp: '2026-11-25T22:30:00.123456789Z',
      data_stream: { type: 'logs', dataset: 'dynamo.otel', namespace: 'prod' },
      body: { text: 'hello' },
      severity_text: 'INFO',
      severity_number: 9,
      trace_id: SPAN.traceId,
      span_id: SPAN.spanId,
      attributes: { request_id: 'r-1', 'http.request.method': 'POST', 'nested.a.b': 1 },
      resource: { attributes: { 'service.name': 'frontend', namespace: 'dynamo', component: 'http', 'host.name': 'node-7', 'process.pid': 4242 } },
      scope: { name: 'dynamo.http', version: '1.2.0' },
    });
  });

  it('writes map bodies to body.flattened (body.structured for events) and wraps scalar arrays', () => {
    expect(encodeOne({ body: { k: 'v' } }, { mapping: 'otel' }).source['body']).to.deep.equal({ flattened: { k: 'v' } });
    expect(encodeOne({ body: { k: 'v' }, attributes: { 'event.name': 'e' } }, { mapping: 'otel' }).source['body']).to.deep.equal({ structured: { k: 'v' } });
    expect(encodeOne({ body: [1, 2] }, { mapping: 'otel' }).source['body']).to.deep.equal({ flattened: { value: [1, 2] } });
    expect(encodeOne({ body: 42 }, { mapping: 'otel' }).source['body']).to.deep.equal({ text: '42' });
    expect(encodeOne({ body: undefined }, { mapping: 'otel' }).source).to.not.have.property('body');
  });

  it('keeps one key when a nested map flattens onto an existing dotted key', () => {
    const { raw } = encodeOne({ attributes: { 'a.b': 1, a: { b: 2 } } }, { mapping: 'otel' });
    expect(raw.match(/"a\.b"/g)).to.have.length(1);
  });
});

describe('records with odd times or bodies', () => {
  it('uses the observed time when the record time is unset or unusable, never failing the batch', () => {
    expect(encodeOne({ hrTime: [0, 0], hrTimeObserved: TIME }).source['@timestamp']).to.equal('2026-11-25T22:30:00.123456Z');
    expect(encodeOne({ hrTime: [Number.NaN, 0], hrTimeObserved: TIME }).source['@timestamp']).to.equal('2026-11-25T22:30:00.123456Z');
    expect(encodeOne({ hrTime: [1e15, 0], hrTimeObserved: [Number.NaN, 0] }).source['@timestamp']).to.equal('1970-01-01T00:00:00.000000Z');
    expect(encodeOne({ hrTime: [Number.NaN, 0], hrTimeObserved: TIME }, { mapping: 'otel' }).source['@timestamp']).to.equal('2026-11-25T22:30:00.123456789Z');
  });

  it('still writes a document when an attribute getter throws', () => {
    const attributes = { ok: 1 } as Record<string, unknown>;
    Object.defineProperty(attributes, 'bad', { enumerable: true, get: () => { throw new Error('boom'); } });
    const { source } = encodeOne({ attributes, body: 'still here' });
    expect(source).to.include({ message: 'still here', 'dynamo.ok': 1, 'dynamo.bad': '[unreadable]' });
    expect(encodeOne({ attributes, body: 'otel' }, { mapping: 'otel' }).source['attributes']).to.deep.equal({ ok: 1, bad: '[unreadable]' });
  });
});
