import { expect } from 'chai';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { LogContainer } from '@dynamo-logging/core';
import { createSplunkContainer } from '../src/index';
import { HecReceiver } from './helpers/hec-receiver';

const TOKEN = '0a0b0c0d-1111-2222-3333-444455556666';

describe('createSplunkContainer (whole pipeline)', () => {
  let hec: HecReceiver;
  let manager: AsyncLocalStorageContextManager;

  beforeEach(async () => {
    hec = await new HecReceiver({ [TOKEN]: { indexes: ['main'] } }).start();
    manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
  });

  afterEach(async () => {
    context.disable();
    await hec.close();
  });

  it('logs land in HEC with resource fields indexed and the trace id of the active span', async () => {
    const container = createSplunkContainer({
      endpoint: hec.url,
      token: TOKEN,
      index: 'main',
      sourcetype: 'dynamo:jsonl',
      indexedFields: ['request_id'],
      resource: { 'service.name': 'frontend', namespace: 'dynamo', component: 'http' },
      batch: { scheduledDelayMillis: 10 },
      registerGlobal: false,
      exitHooks: false,
      env: {},
    });
    const tracer = new TracerProvider().getTracer('test');
    const logger = container.createLogger('dynamo.http');
    const span = tracer.startSpan('http-request');
    let traceId = '';
    context.with(trace.setSpan(context.active(), span), () => {
      traceId = span.spanContext().traceId;
      logger.info('Registering new stream', { request_id: 'req-42', method: 'POST' });
    });
    span.end();
    logger.error(new Error('boom'), 'request failed', { request_id: 'req-42' });
    await container.exportLogs();
    await container.shutdown();

    expect(hec.events).to.have.length(2);
    const [inSpan, failed] = hec.events;
    expect(inSpan!.index).to.equal('main');
    expect(inSpan!.sourcetype).to.equal('dynamo:jsonl');
    expect(inSpan!.fields).to.include({ trace_id: traceId, level: 'INFO', 'service.name': 'frontend', namespace: 'dynamo', component: 'http', request_id: 'req-42' });
    expect(inSpan!.event).to.include({ message: 'Registering new stream', target: 'dynamo.http', method: 'POST', trace_id: traceId, span_name: 'http-request' });
    expect(inSpan!.rawTime).to.match(/^\d{10}\.\d{6}$/);
    expect(failed!.fields).to.include({ level: 'ERROR' });
    expect(failed!.fields).not.to.have.property('trace_id');
    expect(failed!.event).to.include({ message: 'request failed', 'exception.type': 'Error', 'exception.message': 'boom', severity: 'ERROR' });
  });

  it('LogContainer.fromEnv with DYN_LOGGING_BACKEND=splunk loads this package and ships with DYN_SPLUNK_*', async () => {
    const container = await LogContainer.fromEnv({
      registerGlobal: false,
      exitHooks: false,
      batch: { scheduledDelayMillis: 10 },
      env: {
        DYN_LOGGING_BACKEND: 'splunk',
        DYN_SPLUNK_HEC_URL: hec.url + '/services/collector',
        DYN_SPLUNK_HEC_TOKEN: TOKEN,
        DYN_SPLUNK_INDEX: 'main',
        DYN_SPLUNK_SOURCETYPE: 'dynamo:jsonl',
        OTEL_SERVICE_NAME: 'worker',
      },
    });
    container.createLogger('dynamo.worker').warn('queue is deep', { depth: 12 });
    await container.exportLogs();
    await container.shutdown();
    expect(hec.events).to.have.length(1);
    expect(hec.events[0]).to.include({ index: 'main', sourcetype: 'dynamo:jsonl' });
    expect(hec.events[0]!.fields).to.include({ level: 'WARN', 'service.name': 'worker' });
    expect(hec.events[0]!.event).to.include({ message: 'queue is deep', depth: 12, target: 'dynamo.worker' });
  });
});
