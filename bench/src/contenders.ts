import { createRequire } from 'node:module';

/** A logging setup under test: how one line is logged, and how the setup is closed. */
export interface LogSink {
  log(message: string, attributes: Record<string, unknown>): void;
  close(): Promise<void>;
}

const RESOURCE = { 'service.name': 'bench', namespace: 'dynamo', component: 'frontend' };
const LABELS = { service_name: 'bench', namespace: 'dynamo', component: 'frontend' };
const HEC_TOKEN = 'bench000-0000-4000-8000-000000000000';
const require_ = createRequire(__filename);

type Setup = (url: string, delivery: 'worker' | 'inline') => Promise<LogSink>;

/**
 * Every logging setup the benches run, by name; `dynamo-*` are ours with their defaults, the rest are the
 * peers as their docs set them up. Shared by the end-to-end bench and the service bench.
 */
const SETUPS: Record<string, Setup> = {
  none: async () => ({ log: () => undefined, close: async () => undefined }),
  'dynamo-jsonl': (_url, delivery) => dynamo('jsonl', '', delivery),
  'dynamo-loki': (url, delivery) => dynamo('loki', url, delivery),
  'dynamo-splunk': (url, delivery) => dynamo('splunk', url, delivery),
  'dynamo-elastic': (url, delivery) => dynamo('elastic', url, delivery),
  'otlp-stock': otlpStock,
  pino: pinoToStderr,
  'pino-loki': pinoLoki,
  'winston-loki': winstonLoki,
  'splunk-logging': splunkLogging,
  'pino-elasticsearch': pinoElasticsearch,
};

/** The setup named `name`; `<ours>-inline` (dynamo-loki-inline...) is one of ours with `delivery: 'inline'`. */
export function startSink(name: string, url: string): Promise<LogSink> {
  const inline = name.startsWith('dynamo-') && name.endsWith('-inline');
  const setup = SETUPS[inline ? name.slice(0, -'-inline'.length) : name];
  if (setup === undefined) throw new Error(`unknown setup ${name}`);
  return setup(url, inline ? 'inline' : 'worker');
}

/** Which backend each setup ships to, for the tables. */
export function backendOf(name: string): string {
  const base = name.replace(/-inline$/, '');
  if (base === 'dynamo-jsonl' || base === 'pino') return 'stderr';
  if (base === 'otlp-stock') return 'otlp';
  if (base.endsWith('loki')) return 'loki';
  if (base.includes('splunk')) return 'splunk';
  if (base.includes('elastic')) return 'elastic';
  return '';
}

async function dynamo(backend: 'jsonl' | 'loki' | 'splunk' | 'elastic', url: string, delivery: 'worker' | 'inline'): Promise<LogSink> {
  const common = { env: {}, resource: RESOURCE, registerGlobal: false, exitHooks: false, delivery };
  let container;
  if (backend === 'jsonl') {
    const { LogContainer } = await import('@dynamo-logging/core');
    container = LogContainer.start(common);
  } else if (backend === 'loki') {
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
  return { log: (message, attributes) => logger.info(message, attributes), close: () => container.shutdown() };
}

async function otlpStock(url: string): Promise<LogSink> {
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
    log: (message, attributes) => logger.emit({ severityNumber: 9, severityText: 'INFO', body: message, attributes: attributes as never }),
    close: () => provider.shutdown(),
  };
}

async function pinoToStderr(): Promise<LogSink> {
  const { default: pino } = await import('pino');
  const logger = pino({ base: RESOURCE }, pino.destination(2));
  return { log: (message, attributes) => logger.info(attributes, message), close: async () => undefined };
}

async function pinoLoki(url: string): Promise<LogSink> {
  const { default: pino } = await import('pino');
  const transport = pino.transport({ target: 'pino-loki', options: { host: url, batching: { interval: 0.1, maxBufferSize: 0 }, labels: LABELS } });
  const logger = pino({ base: null }, transport).child({ target: 'dynamo.http' });
  return { log: (message, attributes) => logger.info(attributes, message), close: async () => void transport.end() };
}

async function winstonLoki(url: string): Promise<LogSink> {
  const winston = await import('winston');
  const { default: LokiTransport } = await import('winston-loki');
  const transport = new LokiTransport({ host: url, json: false, batching: true, interval: 0.1, labels: LABELS, onConnectionError: () => undefined });
  const logger = winston.createLogger({ transports: [transport] });
  return { log: (message, attributes) => logger.info(message, attributes), close: async () => void transport.close?.() };
}

async function splunkLogging(url: string): Promise<LogSink> {
  const SplunkLogger = require_('splunk-logging').Logger as new (config: Record<string, unknown>) => { send(payload: unknown): void; flush(cb?: () => void): void; error: (err: unknown) => void };
  const target = new URL(url);
  const logger = new SplunkLogger({ token: HEC_TOKEN, url: `${target.protocol}//${target.host}`, batchInterval: 100, maxBatchCount: 1000, maxBatchSize: 1024 * 1024 });
  logger.error = () => undefined;
  const metadata = { source: 'bench', sourcetype: 'dynamo:jsonl', index: 'main' };
  return {
    log: (message, attributes) => logger.send({ message: { message, ...attributes }, severity: 'info', metadata }),
    close: () => new Promise<void>((resolve) => logger.flush(() => resolve())),
  };
}

async function pinoElasticsearch(url: string): Promise<LogSink> {
  const { default: pino } = await import('pino');
  const pinoElastic = require_('pino-elasticsearch') as (options: Record<string, unknown>) => NodeJS.WritableStream & { on(event: string, fn: () => void): void };
  const stream = pinoElastic({ node: url, index: 'logs-bench', esVersion: 8, flushBytes: 1_000_000, flushInterval: 200 });
  stream.on('error', () => undefined);
  const logger = pino({ base: RESOURCE, name: 'dynamo.http' }, stream);
  return { log: (message, attributes) => logger.info(attributes, message), close: async () => void stream.end() };
}
