import { expect } from 'chai';
import { ConfigurationError, LogContainer } from '@dynamo-logging/core';
import { createLokiContainer, fromEnv, LokiLogRecordExporter } from '../src/index';
import { LokiReceiver } from './helpers/loki-receiver';

describe('createLokiContainer and fromEnv', () => {
  let receiver: LokiReceiver;
  beforeEach(async () => {
    receiver = await LokiReceiver.start({ authEnabled: true });
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('createLokiContainer({ endpoint, labels }) ships the Dynamo line with the static labels', async () => {
    const container = createLokiContainer({
      endpoint: receiver.url, labels: { env: 'prod' }, tenantId: 't1', env: {}, registerGlobal: false, exitHooks: false,
      resource: { 'service.name': 'frontend', namespace: 'dynamo', component: 'http' },
    });
    const logger = container.createLogger('dynamo.http');
    logger.info('Registering new stream', { x_request_id: 'abc-123', method: 'POST' });
    await container.exportLogs();
    await container.shutdown();
    const streams = receiver.streams('t1');
    expect(streams).to.deep.equal(['{component="http", env="prod", level="info", namespace="dynamo", service_name="frontend"}']);
    const [entry] = receiver.entries(streams[0]!, 't1');
    const line = JSON.parse(entry!.line) as Record<string, unknown>;
    expect(Object.keys(line).slice(0, 4)).to.deep.equal(['time', 'level', 'target', 'message']);
    expect(line).to.include({ level: 'INFO', target: 'dynamo.http', message: 'Registering new stream', x_request_id: 'abc-123', method: 'POST' });
    expect(entry!.metadata).to.deep.equal({ x_request_id: 'abc-123' });
  });

  it('fromEnv reads DYN_LOKI_*; LogContainer.fromEnv loads it for DYN_LOGGING_BACKEND=loki', async () => {
    const env = { DYN_LOKI_URL: receiver.url, DYN_LOKI_TENANT_ID: 'env-tenant', DYN_LOKI_LABELS: 'cluster=c1', DYN_LOGGING_BACKEND: 'loki', OTEL_SERVICE_NAME: 'svc' };
    expect(fromEnv(env)).to.be.instanceOf(LokiLogRecordExporter);
    expect(() => fromEnv({})).to.throw(ConfigurationError, /DYN_LOKI_URL/);
    const container = await LogContainer.fromEnv({ env, registerGlobal: false, exitHooks: false, resource: { namespace: 'n', component: 'c' } });
    container.createLogger('t').warn('from env');
    await container.exportLogs();
    await container.shutdown();
    expect(receiver.streams('env-tenant')).to.deep.equal(['{cluster="c1", component="c", level="warn", namespace="n", service_name="svc"}']);
  });
});
