import { expect } from 'chai';
import { trace, context } from '@opentelemetry/api';
import { LogContainer } from '@dynamo-logging/core';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createElasticContainer } from '../src/container';
import { ElasticLogRecordExporter } from '../src/exporter';
import { fromEnv } from '../src/from-env';
import { StrictEsReceiver } from './helpers/strict-es-receiver';

describe('createElasticContainer and DYN_LOGGING_BACKEND=elastic', () => {
  let receiver: StrictEsReceiver;
  beforeEach(async () => {
    receiver = await new StrictEsReceiver().start();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('ships the facade\'s records, errors and trace ids in the ECS layout', async () => {
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    const tracer = new TracerProvider().getTracer('t');
    const container = createElasticContainer({
      url: receiver.url,
      resource: { 'service.name': 'frontend', namespace: 'dynamo', component: 'http' },
      exitHooks: false,
      registerGlobal: false,
      env: {},
      retry: { initialIntervalMillis: 5 },
    });
    try {
      const logger = container.createLogger('dynamo.http');
      let traceId = '';
      tracer.startActiveSpan('http-request', (span) => {
        traceId = span.spanContext().traceId;
        logger.info('Registering new stream', { request_id: 'r-1', model: 'llama', 'request.outcome': 'success' });
        span.end();
      });
      logger.error(new TypeError('x is undefined'), 'request failed', { request_id: 'r-2' });
      await container.shutdown();
      const docs = receiver.documents('logs-dynamo-default').map((d) => d.source);
      expect(docs).to.have.length(2);
      const info = docs.find((d) => d['message'] === 'Registering new stream')!;
      expect(info).to.include({ 'log.level': 'INFO', 'log.logger': 'dynamo.http', 'service.name': 'frontend', 'dynamo.namespace': 'dynamo', 'dynamo.component': 'http', 'dynamo.request_id': 'r-1', 'dynamo.request_outcome': 'success', 'trace.id': traceId });
      expect(String(info['@timestamp'])).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      const error = docs.find((d) => d['message'] === 'request failed')!;
      expect(error).to.include({ 'log.level': 'ERROR', 'error.type': 'TypeError', 'error.message': 'x is undefined' });
      expect(String(error['error.stack_trace'])).to.include('TypeError: x is undefined');
    } finally {
      contextManager.disable();
      context.disable();
      trace.disable();
    }
  });

  it('is what LogContainer.fromEnv() loads for DYN_LOGGING_BACKEND=elastic', async () => {
    const container = await LogContainer.fromEnv({
      exitHooks: false,
      registerGlobal: false,
      env: { DYN_LOGGING_BACKEND: 'elastic', DYN_ELASTIC_URL: receiver.url, DYN_ELASTIC_INDEX: 'from-env', OTEL_SERVICE_NAME: 'svc' },
    });
    container.createLogger('dynamo.env').info('hello from env');
    await container.shutdown();
    const docs = receiver.documents('from-env');
    expect(docs).to.have.length(1);
    expect(docs[0]!.source).to.include({ message: 'hello from env', 'service.name': 'svc' });
  });

  it('fromEnv() builds an exporter from DYN_ELASTIC_* with overrides winning', async () => {
    const exporter = fromEnv({ DYN_ELASTIC_URL: 'http://127.0.0.1:1', DYN_ELASTIC_MAPPING: 'otel' }, { url: receiver.url, mapping: 'ecs' });
    expect(exporter).to.be.instanceOf(ElasticLogRecordExporter);
    await exporter.shutdown();
  });
});
