import { SeverityNumber } from '@dynamo-logging/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { LogContainer } from '@dynamo-logging/core';
import { ElasticLogRecordExporter } from '@dynamo-logging/exporter-elastic';
import { attributes, CHUNK, MESSAGE, RECORDS, report, yieldToLoop } from './common';

const url = process.env['BENCH_URL'] as string;
const variant = process.argv[2] ?? 'container';
const resource = { 'service.name': 'bench', namespace: 'dynamo', component: 'frontend' };
// BENCH_COMPRESSION=none measures the exporter without gzip.
const tuning = { maxBatchRecords: Number(process.env['BENCH_BATCH'] ?? 1000), ...(process.env['BENCH_COMPRESSION'] === 'none' ? { compression: 'none' as const } : {}) };
// BENCH_BATCH sets the batch processor's export size (and the exporter's records per request).
const batchSize = Number(process.env['BENCH_BATCH'] ?? 1000);
const batch = { maxExportBatchSize: batchSize, scheduledDelayMillis: 200, maxQueueSize: 20_000 };

async function main(): Promise<void> {
  let log: (seq: number) => void;
  let flush: () => Promise<void>;
  let delivered: () => number;
  if (variant === 'container') {
    // What createElasticContainer does, keeping the exporter handle: LogContainer.exportLogs()
    // returns once the batch processor has handed records over, not once they are delivered.
    const exporter = new ElasticLogRecordExporter({ url, ...tuning }, {});
    const container = LogContainer.start({ resource, batch, exporter, exitHooks: false, registerGlobal: false, env: {} });
    const logger = container.createLogger('dynamo.http');
    log = (seq) => logger.info(MESSAGE, attributes(seq));
    flush = async () => {
      await container.exportLogs();
      await exporter.forceFlush();
    };
    delivered = () => container.stats().exporter?.exported ?? -1;
  } else {
    const exporter = new ElasticLogRecordExporter({ url, ...tuning }, {});
    const provider = new LoggerProvider({ resource: resourceFromAttributes(resource), processors: [new BatchLogRecordProcessor({ exporter, ...batch })] });
    const logger = provider.getLogger('dynamo.http');
    log = (seq) => logger.emit({ body: MESSAGE, severityNumber: SeverityNumber.INFO, severityText: 'INFO', attributes: attributes(seq) });
    flush = async () => {
      await provider.forceFlush();
      await exporter.forceFlush();
    };
    delivered = () => exporter.stats().exported;
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let seq = 0; seq < RECORDS; seq++) {
    log(seq);
    if (seq % CHUNK === CHUNK - 1) await yieldToLoop();
  }
  await flush();
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  report({
    name: variant === 'container' ? 'dynamo (LogContainer)' : 'dynamo (sdk-logs provider)',
    records: RECORDS,
    elapsedMs,
    cpuMicros: cpu.user + cpu.system,
    maxRssKb: process.resourceUsage().maxRSS,
    delivered: delivered(),
  });
  process.exit(0);
}

void main();
