import { SeverityNumber, type LogAttributes } from '../../src/otel-line';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { expect } from 'chai';
import { LogContainer } from '@dynamo-logging/core';
import { SemanticConventionProcessor, type SemanticConventionOptions } from '../../src/processors/semantic-convention-processor';
import { captureDiag, type DiagEntry } from '../fixtures/diag-capture';
import { startTestContainer } from '../fixtures/start-container';

/** A bare SDK pipeline with only the processor under test: what a bridge's records go through. */
async function enforce(
  batches: Array<Record<string, unknown>>,
  options: SemanticConventionOptions = {},
): Promise<{ attributes: LogAttributes[]; entries: DiagEntry[]; processor: SemanticConventionProcessor }> {
  const processor = new SemanticConventionProcessor(options);
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [processor, new SimpleLogRecordProcessor({ exporter })] });
  const { entries } = await captureDiag(async () => {
    const logger = provider.getLogger('bridge');
    for (const attributes of batches) logger.emit({ severityNumber: SeverityNumber.INFO, body: 'm', attributes: attributes as LogAttributes });
    await provider.forceFlush();
  });
  const attributes = exporter.getFinishedLogRecords().map((r) => ({ ...r.attributes }));
  await provider.shutdown();
  return { attributes, entries, processor };
}

describe('SemanticConventionProcessor', () => {
  it('normalises an alias to its canonical key', async () => {
    const { attributes, entries, processor } = await enforce([
      { 'http.request.method': 'GET', 'url.path': '/v1/models', 'gen_ai.request.model': 'llama', 'x-request-id': 'abc' },
    ]);
    expect(attributes).to.deep.equal([{ method: 'GET', uri: '/v1/models', model: 'llama', x_request_id: 'abc' }]);
    expect(entries).to.deep.equal([]);
    expect(processor.stats().aliasesNormalised).to.equal(4);
  });

  it('an explicit canonical value wins over an alias, whichever comes first', async () => {
    const { attributes } = await enforce([
      { method: 'POST', 'http.request.method': 'GET' },
      { 'http.request.method': 'GET', method: 'POST' },
      { 'http.method': 'PUT', 'http.request.method': 'GET', method: 'POST' },
    ]);
    expect(attributes).to.deep.equal([{ method: 'POST' }, { method: 'POST' }, { method: 'POST' }]);
  });

  it('coerces losslessly to the registry type and counts it', async () => {
    const { attributes, entries, processor } = await enforce([
      { input_tokens: '42', output_tokens: 7, status_code: '200', ttft_ms: '12.5', avg_itl_ms: 3, method: 'GET' },
      { 'gen_ai.usage.input_tokens': '9', instance_id: 1234 },
    ]);
    expect(attributes).to.deep.equal([
      { input_tokens: 42, output_tokens: 7, status_code: 200, ttft_ms: 12.5, avg_itl_ms: 3, method: 'GET' },
      { input_tokens: 9, instance_id: '1234' },
    ]);
    expect(entries).to.deep.equal([]);
    expect(processor.stats().valuesCoerced).to.equal(5);
  });

  it('drops a value that would lose information, reports it once per key, and counts every drop', async () => {
    const { attributes, entries, processor } = await enforce([
      { input_tokens: '4.5', model: 'ok' },
      { input_tokens: 'many' },
      { input_tokens: { n: 1 } },
      { 'gen_ai.usage.output_tokens': 1.25 },
      { status_code: true },
    ]);
    expect(attributes).to.deep.equal([{ model: 'ok' }, {}, {}, {}, {}]);
    expect(processor.stats().invalidValuesDropped).to.equal(5);
    expect(entries.map((e) => e.message)).to.deep.equal([
      'dynamo-logging: attribute "input_tokens" must be int; dropped a value (expected int, got a number with a fractional part)',
      'dynamo-logging: attribute "output_tokens" must be int; dropped a value (expected int, got a number with a fractional part)',
      'dynamo-logging: attribute "status_code" must be int; dropped a value (expected int, got boolean)',
    ]);
    // The reason names the type, never the value (it may be a secret).
    for (const e of entries) expect(e.message).to.not.include('many');
  });

  describe('unknown keys', () => {
    const records = [{ custom_a: 1, custom_b: 'x', model: 'm' }, { custom_a: 2 }];

    it('keep (the default): kept, no diagnostic', async () => {
      const { attributes, entries, processor } = await enforce(records);
      expect(attributes).to.deep.equal(records);
      expect(entries).to.deep.equal([]);
      expect(processor.stats().unknownKeysDropped).to.equal(0);
    });

    it('warn: kept, one diagnostic per key', async () => {
      const { attributes, entries } = await enforce(records, { unknownKeys: 'warn' });
      expect(attributes).to.deep.equal(records);
      expect(entries.map((e) => e.message)).to.deep.equal([
        'dynamo-logging: attribute "custom_a" is not in the semconv registry (policy warn)',
        'dynamo-logging: attribute "custom_b" is not in the semconv registry (policy warn)',
      ]);
    });

    it('drop: removed and counted, one diagnostic per key', async () => {
      const { attributes, entries, processor } = await enforce(records, { unknownKeys: 'drop' });
      expect(attributes).to.deep.equal([{ model: 'm' }, {}]);
      expect(processor.stats().unknownKeysDropped).to.equal(3);
      expect(entries).to.have.length(2);
      expect(entries[0]!.message).to.include('"custom_a"').and.include('policy drop');
    });

    it('allowed prefixes are never unknown', async () => {
      const allowed = {
        'com.splunk.index': 'main',
        'data_stream.dataset': 'dynamo',
        'exception.escaped': true,
        'elasticsearch.index': 'i',
        'loki.label': 'l',
        'code.namespace': 'n',
        'log.iostream': 'stderr',
        'otel.scope.name': 's',
      };
      const { attributes, entries, processor } = await enforce([allowed], { unknownKeys: 'drop' });
      expect(attributes).to.deep.equal([allowed]);
      expect(entries).to.deep.equal([]);
      expect(processor.stats().unknownKeysDropped).to.equal(0);
      const custom = await enforce([{ 'acme.x': 1, 'com.splunk.index': 'main' }], { unknownKeys: 'drop', allowedPrefixes: ['acme.'] });
      expect(custom.attributes).to.deep.equal([{ 'acme.x': 1 }]);
    });
  });

  it('never throws into the emit path', async () => {
    const { attributes } = await enforce([{ input_tokens: 10n ** 30n, method: Symbol('x'), uri: null, model: undefined }] as never);
    expect(attributes).to.have.length(1);
    expect(attributes[0]).to.not.have.property('input_tokens');
  });

  describe('in a container', () => {
    it('applies to records emitted through the provider directly (the bridge path) and through the facade', async () => {
      const t = startTestContainer({ unknownKeys: 'drop' });
      try {
        t.container.loggerProvider.getLogger('pino').emit({ severityNumber: SeverityNumber.INFO, body: 'bridge', attributes: { 'http.request.method': 'GET', 'gen_ai.usage.input_tokens': '5', junk: 1 } });
        t.container.createLogger('facade').info('facade', { 'http.response.status_code': '404', junk: 2 });
        const [bridge, facade] = await t.records();
        expect(bridge!.attributes).to.deep.equal({ method: 'GET', input_tokens: 5 });
        expect(facade!.attributes).to.deep.equal({ status_code: 404 });
        expect(t.container.stats().semconv).to.deep.equal({ aliasesNormalised: 3, valuesCoerced: 2, invalidValuesDropped: 0, unknownKeysDropped: 2 });
      } finally {
        await t.container.shutdown();
      }
    });

    it('DYN_LOGGING_UNKNOWN_KEYS sets the policy from env', async () => {
      const t = startTestContainer({ env: { DYN_LOGGING_UNKNOWN_KEYS: 'drop' } });
      try {
        t.container.createLogger('x').info('m', { junk: 1, model: 'a' });
        expect((await t.records())[0]!.attributes).to.deep.equal({ model: 'a' });
      } finally {
        await t.container.shutdown();
      }
    });

    it('required resource attributes: reported when missing, filled from options and env', async () => {
      const exporter = new InMemoryLogRecordExporter();
      const { result: bare, entries } = await captureDiag(() => LogContainer.start({ env: {}, exporter, exitHooks: false, registerGlobal: false }));
      expect(entries.map((e) => e.message)).to.deep.equal([
        'dynamo-logging: required resource attributes missing: service.name, namespace, component; set them in LogContainer.start({ resource }) ' +
          'or OTEL_RESOURCE_ATTRIBUTES (service.name also from OTEL_SERVICE_NAME)',
      ]);
      expect(bare.settings.missingResource).to.deep.equal(['service.name', 'namespace', 'component']);
      expect(String(bare.resource.attributes['service.name'])).to.match(/^unknown_service:/);
      await bare.shutdown();

      const { result: filled, entries: none } = await captureDiag(() =>
        LogContainer.start({
          env: { OTEL_SERVICE_NAME: 'frontend-svc', OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=dynamo' },
          resource: { component: 'frontend' },
          exporter: new InMemoryLogRecordExporter(),
          exitHooks: false,
          registerGlobal: false,
        }),
      );
      expect(none).to.deep.equal([]);
      expect(filled.resource.attributes).to.include({ 'service.name': 'frontend-svc', namespace: 'dynamo', component: 'frontend' });
      filled.createLogger('x').info('m');
      await filled.exportLogs();
      await filled.shutdown();
    });
  });
});
