import { expect } from 'chai';
import { DiagLogLevel } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { SeverityNumber } from '@dynamo-logging/core';
import { ElasticLogRecordExporter } from '../src/exporter';
import type { ElasticOptions } from '../src/config';
import { DiagCapture, exportOrThrow } from '@dynamo-logging/test-kit';
import { makeRecord, TIME } from './helpers/records';
import { StrictEsReceiver } from './helpers/strict-es-receiver';
import type { StrictEsOptions } from './helpers/strict-es-receiver';

const FAST = { retry: { initialIntervalMillis: 5, maxIntervalMillis: 20, maxElapsedTimeMillis: 10_000 }, flushTimeoutMillis: 10_000 };

function records(n: number, extra: (i: number) => Record<string, unknown> = () => ({})): ReadableLogRecord[] {
  return Array.from({ length: n }, (_, i) => makeRecord({ body: `message ${i}`, hrTime: [TIME[0], TIME[1] + i * 1000], attributes: { request_id: `r-${i}`, ...extra(i) } }));
}

describe('ElasticLogRecordExporter against a strict Elasticsearch', () => {
  let receiver: StrictEsReceiver;
  let exporter: ElasticLogRecordExporter | undefined;
  let capture: DiagCapture;

  async function setup(receiverOptions: StrictEsOptions = {}, options: ElasticOptions = {}): Promise<ElasticLogRecordExporter> {
    receiver = await new StrictEsReceiver(receiverOptions).start();
    exporter = new ElasticLogRecordExporter({ url: receiver.url, ...FAST, ...options }, {});
    return exporter;
  }

  beforeEach(() => {
    capture = new DiagCapture().install(DiagLogLevel.WARN);
  });

  afterEach(async () => {
    await exporter?.shutdown();
    exporter = undefined;
    await receiver?.close();
    capture.uninstall();
  });

  it('delivers through an sdk-logs LoggerProvider: gzip NDJSON create actions into logs-dynamo-default', async () => {
    const e = await setup();
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'frontend', namespace: 'dynamo', component: 'http' }),
      processors: [new BatchLogRecordProcessor({ exporter: e, maxExportBatchSize: 50, scheduledDelayMillis: 10 })],
    });
    const logger = provider.getLogger('dynamo.http');
    for (let i = 0; i < 120; i++) logger.emit({ body: `hello ${i}`, severityNumber: SeverityNumber.INFO, severityText: 'INFO', attributes: { request_id: `r-${i}` } });
    await provider.forceFlush();
    await e.forceFlush();
    await provider.shutdown();
    const docs = receiver.documents('logs-dynamo-default');
    expect(docs).to.have.length(120);
    expect(new Set(docs.map((d) => d.source['message']))).to.have.length(120);
    const req = receiver.requests[0]!;
    expect(req.headers['content-encoding']).to.equal('gzip');
    expect(req.headers['content-type']).to.equal('application/x-ndjson');
    expect(req.body.endsWith('\n')).to.equal(true);
    expect(docs[0]!.source).to.include({ 'service.name': 'frontend', 'log.logger': 'dynamo.http', 'dynamo.component': 'http' });
    expect(e.stats().exported).to.equal(120);
  });

  it('stores each record once when the reply to a stored request is lost and the request is sent again', async () => {
    const e = await setup();
    receiver.loseRepliesAfterStoring(1);
    await exportOrThrow(e, records(50));
    await e.forceFlush();
    const docs = receiver.documents();
    expect(docs).to.have.length(50);
    expect(receiver.requests.filter((r) => r.path.includes('_bulk'))).to.have.length(2);
    const stats = e.stats();
    expect(stats.exported).to.equal(50);
    expect(stats.duplicatesSuppressed).to.equal(50);
    expect(stats.dropped).to.deep.equal({});
  });

  it('retries only the items rejected with 429, and delivers them', async () => {
    const e = await setup();
    const rejectedOnce = new Set<string>();
    receiver.failItems((source) => {
      const id = String(source['dynamo.request_id']);
      if (Number(id.slice(2)) % 5 === 0 && !rejectedOnce.has(id)) {
        rejectedOnce.add(id);
        return { status: 429, type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation [coordinating_and_primary_bytes=0]' };
      }
      return undefined;
    });
    await exportOrThrow(e, records(20));
    await e.forceFlush();
    expect(receiver.documents()).to.have.length(20);
    const bulk = receiver.requests.filter((r) => r.path.includes('_bulk'));
    expect(bulk).to.have.length(2);
    // The second request carries the four rejected documents only.
    expect(bulk[1]!.body.trim().split('\n')).to.have.length(8);
    expect(e.stats().retried).to.equal(4);
    expect(e.stats().exported).to.equal(20);
  });

  it('drops a document that conflicts with the index mapping, with Elasticsearch\'s reason, and keeps the rest', async () => {
    const e = await setup({}, { index: 'shared-logs' });
    // Another writer made dynamo.request_id an object in this index.
    const other = await fetch(`${receiver.url}/_bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{"create":{"_index":"shared-logs","_id":"foreign"}}\n{"@timestamp":"2026-01-01T00:00:00Z","dynamo":{"request_id":{"v":1}}}\n',
    });
    expect(((await other.json()) as { errors: boolean }).errors).to.equal(false);
    await exportOrThrow(e, [...records(3), ...records(1, () => ({ request_id: undefined, model: 'm' })).map((r) => ({ ...r, hrTime: [TIME[0] + 5, 0] }) as ReadableLogRecord)]);
    await e.forceFlush();
    const stats = e.stats();
    expect(stats.dropped).to.deep.equal({ mapping_error: 3 });
    expect(stats.exported).to.equal(1);
    expect(receiver.requests.filter((r) => r.path.includes('_bulk'))).to.have.length(2);
    expect(capture.text()).to.include('object mapping for [dynamo.request_id] tried to parse field [request_id] as object, but found a concrete value');
  });

  it('never produces an object/scalar conflict itself, whatever shapes the attributes take', async () => {
    const e = await setup();
    const shapes: unknown[] = ['text', 7, { nested: { deep: 1 } }, [1, 2], [{ a: 1 }], true];
    await exportOrThrow(e, records(shapes.length * 2, (i) => ({ shape: shapes[i % shapes.length], [`shape.${i % 2 === 0 ? 'x' : 'y'}`]: i })));
    await e.forceFlush();
    expect(e.stats().dropped).to.deep.equal({});
    expect(receiver.documents()).to.have.length(12);
  });

  it('retries a whole-request 503 and 429 with backoff, then delivers once', async () => {
    const e = await setup();
    receiver.failNext(1, { status: 503 });
    receiver.failNext(1, { status: 429, headers: { 'retry-after': '0' } });
    await exportOrThrow(e, records(10));
    await e.forceFlush();
    expect(receiver.documents()).to.have.length(10);
    expect(e.stats().exported).to.equal(10);
    expect(e.stats().requests['5xx']).to.equal(1);
    expect(e.stats().requests['4xx']).to.equal(1);
  });

  it('splits after a 413 and lowers its size limit', async () => {
    const e = await setup({ maxContentLength: 100_000 });
    const noise = () => ({ blob: randomBytes(600).toString('base64') });
    await exportOrThrow(e, records(200, noise));
    await e.forceFlush();
    expect(receiver.documents()).to.have.length(200);
    expect(e.stats().maxBodyBytes).to.be.lessThan(5 * 1024 * 1024);
    expect(e.stats().dropped).to.deep.equal({});
    expect(capture.texts().some((l) => l.includes('(413)'))).to.equal(true);
  });

  it('masks a credential a proxy echoes in its 401 page', async () => {
    const e = await setup({}, { apiKey: 'echoed-key-123' });
    receiver.failNext(1, { status: 401, body: '<html>bad header: Authorization: ApiKey echoed-key-123</html>' });
    await exportOrThrow(e, records(1));
    await e.forceFlush();
    const text = capture.text();
    expect(text).to.include('authentication failed');
    expect(text).to.not.include('echoed-key-123');
    expect(receiver.documents()).to.have.length(1);
  });

  it('sends basic and bearer credentials', async () => {
    const basic = 'Basic ' + Buffer.from('elastic:changeme').toString('base64');
    const e1 = await setup({ authorization: basic }, { username: 'elastic', password: 'changeme' });
    await exportOrThrow(e1, records(2));
    await e1.forceFlush();
    expect(receiver.documents()).to.have.length(2);
    await e1.shutdown();
    await receiver.close();
    const e2 = await setup({ authorization: 'Bearer tok-1' }, { bearerToken: 'tok-1' });
    await exportOrThrow(e2, records(2));
    await e2.forceFlush();
    expect(receiver.documents()).to.have.length(2);
  });

  it('works with OpenSearch (no X-Elastic-Product header), warning once', async () => {
    const e = await setup({ product: false });
    await exportOrThrow(e, records(3));
    await e.forceFlush();
    await exportOrThrow(e, records(3).map((r, i) => ({ ...r, body: `again ${i}` }) as ReadableLogRecord));
    await e.forceFlush();
    expect(receiver.documents()).to.have.length(6);
    expect(capture.texts().filter((l) => l.includes('X-Elastic-Product'))).to.have.length(1);
  });

  it('sends matching compatible-with headers when asked, and a refused version is dropped with the reason', async () => {
    const e = await setup({ major: 9 }, { compatibleWith: 8 });
    await exportOrThrow(e, records(2));
    await e.forceFlush();
    expect(receiver.documents()).to.have.length(2);
    expect(receiver.requests[0]!.headers['accept']).to.equal('application/vnd.elasticsearch+json; compatible-with=8');
    await e.shutdown();
    await receiver.close();
    const old = await setup({ major: 9 }, { compatibleWith: 7 });
    await exportOrThrow(old, records(2));
    await old.forceFlush();
    expect(old.stats().dropped).to.deep.equal({ rejected: 2 });
    expect(capture.text()).to.include('media_type_header_exception');
  });

  it('writes to a plain index with a daily suffix and to per-record overrides', async () => {
    const e = await setup({}, { index: 'dynamo-logs', indexDateSuffix: 'daily' });
    await exportOrThrow(e, [...records(2), makeRecord({ body: 'audit', attributes: { 'elasticsearch.index': 'audit' } })]);
    await e.forceFlush();
    expect(receiver.indexNames().sort()).to.deep.equal(['audit-2026.11.25', 'dynamo-logs-2026.11.25']);
  });

  it('routes by data_stream.* attributes into other data streams', async () => {
    const e = await setup();
    await exportOrThrow(e, [makeRecord({ attributes: { 'data_stream.dataset': 'nginx', 'data_stream.namespace': 'prod' } }), makeRecord({ body: 'x' })]);
    await e.forceFlush();
    expect(receiver.indexNames().sort()).to.deep.equal(['logs-dynamo-default', 'logs-nginx-prod']);
    expect(receiver.documents('logs-nginx-prod')[0]!.source).to.include({ 'data_stream.dataset': 'nginx', 'data_stream.namespace': 'prod', 'event.dataset': 'nginx' });
  });

  it('delivers the otel mapping into logs-dynamo.otel-default', async () => {
    const e = await setup({}, { mapping: 'otel' });
    await exportOrThrow(e, records(3, () => ({ 'http.request.method': 'POST', shape: { a: 1 } })));
    await e.forceFlush();
    const docs = receiver.documents('logs-dynamo.otel-default');
    expect(docs).to.have.length(3);
    expect(docs[0]!.source['attributes']).to.deep.equal({ request_id: 'r-0', 'http.request.method': 'POST', 'shape.a': 1 });
  });

  it('installs the composable index template for a plain index target', async () => {
    const e = await setup({ authorization: 'ApiKey k1' }, { index: 'dynamo-logs', apiKey: 'k1' });
    const result = await e.ensureIndexTemplate();
    expect(result).to.deep.equal({ name: 'dynamo-logs', indexPatterns: ['dynamo-logs', 'dynamo-logs-*'], acknowledged: true });
    const template = receiver.templates.get('dynamo-logs') as { priority: number; template: { mappings: { properties: Record<string, { type?: string; properties?: Record<string, unknown> }> } } };
    const props = template.template.mappings.properties;
    expect(props['@timestamp']).to.deep.equal({ type: 'date_nanos' });
    expect(props['trace']!.properties).to.deep.equal({ id: { type: 'keyword', ignore_above: 1024 } });
    expect((props['dynamo']!.properties as Record<string, unknown>)['input_tokens']).to.deep.equal({ type: 'long' });
    expect((props['dynamo']!.properties as Record<string, unknown>)['request_outcome']).to.deep.equal({ type: 'keyword', ignore_above: 1024 });
    expect(template.priority).to.equal(200);
    expect(template).to.not.have.property('data_stream');
  });

  it('rejects ensureIndexTemplate with the server reason and no credential', async () => {
    const e = await setup({ authorization: 'ApiKey right' }, { apiKey: 'wrong-secret' });
    try {
      await e.ensureIndexTemplate();
      expect.fail('should reject');
    } catch (err) {
      expect((err as Error).message).to.include('HTTP 401: security_exception');
      expect((err as Error).message).to.not.include('wrong-secret');
    }
  });
});
