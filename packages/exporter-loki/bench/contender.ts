/**
 * One benchmark contender in its own process: logs N records with the same
 * message and 5 attributes through the named library, then waits for the
 * parent to report that its receiver has counted all N, and reports wall
 * time, CPU time (process.cpuUsage: all threads, so pino's worker counts)
 * and peak RSS from the first log call to that acknowledgment.
 */
import { logChunked, startMeter } from '@dynamo-logging/bench-kit';
import { attrs, BATCH, DELAY_MS, messageFor, RESOURCE as resource, WARMUP, warmThenGo } from './workload';

const [name, url, countText] = process.argv.slice(2) as [string, string, string];
const N = Number(countText);

type Log = (i: number, prefix?: string) => void;

async function setup(): Promise<{ log: Log; close: () => Promise<void> }> {
  if (name === 'dynamo-loki' || name === 'dynamo-loki-gzip') {
    const { createLokiContainer } = await import('../src/index.js');
    const container = createLokiContainer({
      endpoint: url, env: {}, resource, registerGlobal: false, exitHooks: false,
      batch: { maxQueueSize: N, maxExportBatchSize: BATCH, scheduledDelayMillis: DELAY_MS },
      maxBatchRecords: BATCH, maxConcurrentRequests: 4,
      compression: name === 'dynamo-loki-gzip' ? 'gzip' : 'none',
    });
    const logger = container.createLogger('dynamo.http');
    return { log: (i, prefix) => logger.info(messageFor(i, prefix), attrs(i)), close: () => container.shutdown() };
  }
  if (name === 'dynamo-loki-sdk') {
    // The same exporter behind a bare sdk-logs pipeline: no semconv enforcement, no redaction.
    const { LokiLogRecordExporter } = await import('../src/index.js');
    const { LoggerProvider, BatchLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
    const { resourceFromAttributes } = await import('@opentelemetry/resources');
    const exporter = new LokiLogRecordExporter({ endpoint: url, env: {}, maxBatchRecords: BATCH, maxConcurrentRequests: 4 });
    const provider = new LoggerProvider({
      resource: resourceFromAttributes(resource),
      processors: [new BatchLogRecordProcessor({ exporter, maxQueueSize: N, maxExportBatchSize: BATCH, scheduledDelayMillis: DELAY_MS })],
    });
    const logger = provider.getLogger('dynamo.http');
    return {
      log: (i, prefix) => logger.emit({ body: messageFor(i, prefix), severityNumber: 9, severityText: 'INFO', attributes: attrs(i) }),
      close: () => provider.shutdown(),
    };
  }
  if (name === 'pino-loki') {
    const { default: pino } = await import('pino');
    const transport = pino.transport({
      target: 'pino-loki',
      options: { host: url, batching: { interval: 0.1, maxBufferSize: 0 }, labels: { service_name: 'frontend', namespace: 'dynamo', component: 'http' }, silenceErrors: false },
    });
    const logger = pino({ base: null }, transport).child({ target: 'dynamo.http' });
    return { log: (i, prefix) => logger.info(attrs(i), messageFor(i, prefix)), close: async () => void transport.end() };
  }
  if (name === 'winston-loki') {
    const winston = await import('winston');
    const { default: LokiTransport } = await import('winston-loki');
    const transport = new LokiTransport({
      host: url, json: false, batching: true, interval: 0.1, labels: { service_name: 'frontend', namespace: 'dynamo', component: 'http' },
      onConnectionError: (err: unknown) => process.stderr.write(`winston-loki: ${String(err)}\n`),
    });
    const logger = winston.createLogger({ transports: [transport] });
    return { log: (i, prefix) => logger.info(messageFor(i, prefix), attrs(i)), close: async () => { transport.close?.(); } };
  }
  throw new Error(`unknown contender ${name}`);
}

async function main(): Promise<void> {
  const { log, close } = await setup();
  // Same warm-up for every contender: module loading and JIT stay out of the measurement.
  await logChunked((i) => log(i, 'warmup'), 0, WARMUP);
  await new Promise((r) => setTimeout(r, 1500));
  await warmThenGo();
  const done = new Promise<{ lost: boolean }>((resolve) => process.on('message', (m: { done?: boolean; lost?: boolean }) => m.done && resolve({ lost: Boolean(m.lost) })));
  const read = startMeter();
  await logChunked((i) => log(i), 0, N);
  process.send!({ logged: true });
  const { lost } = await done;
  const { elapsedMs, cpuMicros, maxRssKb } = read();
  process.send!({ result: { name, wallMs: elapsedMs, cpuMs: cpuMicros / 1000, maxRssMb: maxRssKb / 1024, lost } });
  await close();
  setTimeout(() => process.exit(0), 200).unref();
}

void main();
