import { createRequire } from 'node:module';
import type { Shape } from './workload';
import { attributesFor, messageFor } from './workload';

/** A logging setup under test: how one record is logged, and how the setup is closed. */
export interface Contender {
  log(seq: number): void;
  close(): Promise<void>;
}

const RESOURCE = { 'service.name': 'bench', namespace: 'dynamo', component: 'frontend' };
const LABELS = { service_name: 'bench', namespace: 'dynamo', component: 'frontend' };
export const HEC_TOKEN = 'bench000-0000-4000-8000-000000000000';
const require_ = createRequire(__filename);

/** Every contender by name; `dynamo-*` are ours with their defaults, the rest are the peers as their docs set them up. */
export const CONTENDERS: Record<string, (url: string, shape: Shape) => Promise<Contender>> = {
  'dynamo-loki': (url, shape) => dynamo('loki', url, shape, {}),
  'dynamo-loki-inline': (url, shape) => dynamo('loki', url, shape, { delivery: 'inline' }),
  'dynamo-splunk': (url, shape) => dynamo('splunk', url, shape, {}),
  'dynamo-splunk-inline': (url, shape) => dynamo('splunk', url, shape, { delivery: 'inline' }),
  'dynamo-elastic': (url, shape) => dynamo('elastic', url, shape, {}),
  'dynamo-elastic-inline': (url, shape) => dynamo('elastic', url, shape, { delivery: 'inline' }),
  'otlp-stock': otlpStock,
  'pino-loki': pinoLoki,
  'winston-loki': winstonLoki,
  'splunk-logging': splunkLogging,
  'pino-elasticsearch': pinoElasticsearch,
};

/** Which contenders ship to which backend, for the peer comparison. */
export const BACKEND_OF: Record<string, string> = {
  'dynamo-loki': 'loki',
  'dynamo-loki-inline': 'loki',
  'pino-loki': 'loki',
  'winston-loki': 'loki',
  'dynamo-splunk': 'splunk',
  'dynamo-splunk-inline': 'splunk',
  'splunk-logging': 'splunk',
  'dynamo-elastic': 'elastic',
  'dynamo-elastic-inline': 'elastic',
  'pino-elasticsearch': 'elastic',
  'otlp-stock': 'otlp',
};

async function dynamo(backend: 'loki' | 'splunk' | 'elastic', url: string, shape: Shape, extra: Record<string, unknown>): Promise<Contender> {
  const common = { env: {}, resource: RESOURCE, registerGlobal: false, exitHooks: false, ...extra };
  let container;
  if (backend === 'loki') {
    const { createLokiContainer } = await import('@dynamo-logging/exporter-loki');
    container = createLokiContainer({ endpoint: url, ...common });
  } else if (backend === 'splunk') {
    const { createSplunkContainer } = await import('@dynamo-logging/exporter-splunk');
    container = createSplunkContainer({ endpoint: url, token: HEC_TOKEN, ...common });
  } else {
    const { createElasticContainer } = await import('@dynamo-logging/exporter-elastic');
    container = createElasticContainer({ url, ...common });
  }
  const logger = container.createLogger('dynamo.http');
  return { log: (seq) => logger.info(messageFor(shape, seq), attributesFor(shape, seq)), close: () => container.shutdown() };
}

async function otlpStock(url: string, shape: Shape): Promise<Contender> {
  const { LoggerProvider, BatchLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
  const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-http');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const provider = new LoggerProvider({
    resource: resourceFromAttributes(RESOURCE),
    // Our batch settings, with a queue that holds a whole run: the SDK's defaults (a 2,048 queue) and even
    // ours (16,384) drop records at this rate, since the stock exporter encodes and sends on the event loop.
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${url}/v1/logs` }), maxQueueSize: 131_072, maxExportBatchSize: 1024, scheduledDelayMillis: 200 })],
  });
  const logger = provider.getLogger('dynamo.http');
  return {
    log: (seq) => logger.emit({ severityNumber: 9, severityText: 'INFO', body: messageFor(shape, seq), attributes: attributesFor(shape, seq) as never }),
    close: () => provider.shutdown(),
  };
}

async function pinoLoki(url: string, shape: Shape): Promise<Contender> {
  const { default: pino } = await import('pino');
  const transport = pino.transport({ target: 'pino-loki', options: { host: url, batching: { interval: 0.1, maxBufferSize: 0 }, labels: LABELS } });
  const logger = pino({ base: null }, transport).child({ target: 'dynamo.http' });
  return { log: (seq) => logger.info(attributesFor(shape, seq), messageFor(shape, seq)), close: async () => void transport.end() };
}

async function winstonLoki(url: string, shape: Shape): Promise<Contender> {
  const winston = await import('winston');
  const { default: LokiTransport } = await import('winston-loki');
  const transport = new LokiTransport({ host: url, json: false, batching: true, interval: 0.1, labels: LABELS, onConnectionError: () => undefined });
  const logger = winston.createLogger({ transports: [transport] });
  return { log: (seq) => logger.info(messageFor(shape, seq), attributesFor(shape, seq)), close: async () => void transport.close?.() };
}

async function splunkLogging(url: string, shape: Shape): Promise<Contender> {
  const SplunkLogger = require_('splunk-logging').Logger as new (config: Record<string, unknown>) => { send(payload: unknown): void; flush(cb?: () => void): void; error: (err: unknown) => void };
  const target = new URL(url);
  const logger = new SplunkLogger({ token: HEC_TOKEN, url: `${target.protocol}//${target.host}`, batchInterval: 100, maxBatchCount: 1000, maxBatchSize: 1024 * 1024 });
  logger.error = () => undefined;
  const metadata = { source: 'bench', sourcetype: 'dynamo:jsonl', index: 'main' };
  return {
    log: (seq) => logger.send({ message: { message: messageFor(shape, seq), ...attributesFor(shape, seq) }, severity: 'info', metadata }),
    close: () => new Promise<void>((resolve) => logger.flush(() => resolve())),
  };
}

async function pinoElasticsearch(url: string, shape: Shape): Promise<Contender> {
  const { default: pino } = await import('pino');
  const pinoElastic = require_('pino-elasticsearch') as (options: Record<string, unknown>) => NodeJS.WritableStream & { on(event: string, fn: () => void): void };
  const stream = pinoElastic({ node: url, index: 'logs-bench', esVersion: 8, flushBytes: 1_000_000, flushInterval: 200 });
  stream.on('error', () => undefined);
  const logger = pino({ base: RESOURCE, name: 'dynamo.http' }, stream);
  return { log: (seq) => logger.info(attributesFor(shape, seq), messageFor(shape, seq)), close: async () => void stream.end() };
}
