/**
 * The service under load in `npm run bench:service`: a small node:http
 * frontend that logs four lines per request, inside the request's span, with
 * the logging setup named on the command line. Prints its port on stdout.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { HEC_TOKEN } from './contenders';

type Log = (message: string, attributes: Record<string, unknown>) => void;

const [name = 'none', url = ''] = process.argv.slice(2);
// `<setup>-inline`: one of ours with delivery on the event loop instead of its worker thread.
const inline = name.endsWith('-inline');
const setup = inline ? name.slice(0, -'-inline'.length) : name;
const RESOURCE = { 'service.name': 'bench-frontend', namespace: 'dynamo', component: 'frontend' };
const LABELS = { service_name: 'bench-frontend', namespace: 'dynamo', component: 'frontend' };
const require_ = createRequire(__filename);

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracerProvider = new TracerProvider();
trace.setGlobalTracerProvider(tracerProvider);
const tracer = trace.getTracer('bench-frontend');

async function logger(): Promise<Log> {
  const common = { env: {}, resource: RESOURCE, registerGlobal: false, exitHooks: false, ...(inline ? { delivery: 'inline' as const } : {}) };
  const facade = (container: { createLogger(name: string): { info(m: string, a: Record<string, unknown>): void } }): Log => {
    const log = container.createLogger('dynamo.http');
    return (m, a) => log.info(m, a);
  };
  switch (setup) {
    case 'none':
      return () => undefined;
    case 'dynamo-jsonl': {
      const { LogContainer } = await import('@dynamo-logging/core');
      return facade(LogContainer.start(common));
    }
    case 'dynamo-loki': {
      const { createLokiContainer } = await import('@dynamo-logging/exporter-loki');
      return facade(createLokiContainer({ endpoint: url, ...common }));
    }
    case 'dynamo-splunk': {
      const { createSplunkContainer } = await import('@dynamo-logging/exporter-splunk');
      return facade(createSplunkContainer({ endpoint: url, token: HEC_TOKEN, ...common }));
    }
    case 'dynamo-elastic': {
      const { createElasticContainer } = await import('@dynamo-logging/exporter-elastic');
      return facade(createElasticContainer({ url, ...common }));
    }
    case 'pino': {
      const { default: pino } = await import('pino');
      const log = pino({ base: RESOURCE }, pino.destination(2));
      return (m, a) => log.info(a, m);
    }
    case 'pino-loki': {
      const { default: pino } = await import('pino');
      const transport = pino.transport({ target: 'pino-loki', options: { host: url, batching: { interval: 0.1, maxBufferSize: 0 }, labels: LABELS } });
      const log = pino({ base: null }, transport);
      return (m, a) => log.info(a, m);
    }
    case 'winston-loki': {
      const winston = await import('winston');
      const { default: LokiTransport } = await import('winston-loki');
      const log = winston.createLogger({ transports: [new LokiTransport({ host: url, json: false, batching: true, interval: 0.1, labels: LABELS, onConnectionError: () => undefined })] });
      return (m, a) => log.info(m, a);
    }
    case 'splunk-logging': {
      const SplunkLogger = require_('splunk-logging').Logger as new (config: Record<string, unknown>) => { send(payload: unknown): void; error: (err: unknown) => void };
      const target = new URL(url);
      const log = new SplunkLogger({ token: HEC_TOKEN, url: `${target.protocol}//${target.host}`, batchInterval: 100, maxBatchCount: 1000, maxBatchSize: 1024 * 1024 });
      log.error = () => undefined;
      return (m, a) => log.send({ message: { message: m, ...a }, severity: 'info' });
    }
    case 'pino-elasticsearch': {
      const { default: pino } = await import('pino');
      const pinoElastic = require_('pino-elasticsearch') as (options: Record<string, unknown>) => NodeJS.WritableStream & { on(event: string, fn: () => void): void };
      const stream = pinoElastic({ node: url, index: 'logs-bench', esVersion: 8, flushBytes: 1_000_000, flushInterval: 200 });
      stream.on('error', () => undefined);
      const log = pino({ base: RESOURCE }, stream);
      return (m, a) => log.info(a, m);
    }
    case 'otlp-stock': {
      const { LoggerProvider, BatchLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
      const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-http');
      const { resourceFromAttributes } = await import('@opentelemetry/resources');
      const provider = new LoggerProvider({
        resource: resourceFromAttributes(RESOURCE),
        processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${url}/v1/logs` }), maxQueueSize: 16384, maxExportBatchSize: 1024, scheduledDelayMillis: 200 })],
      });
      const log = provider.getLogger('dynamo.http');
      return (m, a) => log.emit({ severityNumber: 9, severityText: 'INFO', body: m, attributes: a as never });
    }
    default:
      throw new Error(`unknown setup ${setup}`);
  }
}

let seq = 0;

async function main(): Promise<void> {
  const log = await logger();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const span = tracer.startSpan('http-request');
    context.with(trace.setSpan(context.active(), span), () => {
      const n = seq++;
      const requestId = `req-${process.pid}-${n}`;
      log(`request ${n} received`, { method: req.method, uri: req.url, x_request_id: requestId });
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', context.bind(context.active(), () => {
        let model = 'unknown';
        try {
          model = String((JSON.parse(raw) as { model?: unknown }).model ?? 'unknown');
        } catch {
          // the load generator always sends JSON
        }
        log(`routing request ${n} to a decode worker`, { model, input_tokens: raw.length, stream: (n & 1) === 0, worker: `decode-${n % 4}` });
        log('first token', { ttft_ms: 12.5 + (n % 7), usage: { prompt: raw.length, completion: 16 + (n % 32), cached: n % 5 === 0 } });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ model, choices: [{ message: { role: 'assistant', content: 'ok' } }] }));
        log(`request ${n} completed`, { status_code: 200, output_tokens: 16 + (n % 32), 'request.outcome': 'success' });
        span.end();
      }));
    });
  };
  const server = createServer(handle);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.once('SIGTERM', () => process.exit(0));
}

void main();
