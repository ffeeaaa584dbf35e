import { SeverityNumber } from '@dynamo-logging/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { LogContainer } from '@dynamo-logging/core';
import { ElasticLogRecordExporter } from '@dynamo-logging/exporter-elastic';
import { logChunked, report, startMeter } from '@dynamo-logging/bench-kit';
import { attributes, BATCH as batch, MESSAGE, RECORDS, RESOURCE as resource, type ContenderResult } from './common';

const url = process.env['BENCH_URL'] as string;
const variant = process.argv[2] ?? 'container';
// BENCH_COMPRESSION=none measures the exporter without gzip.
const tuning = { maxBatchRecords: Number(process.env['BENCH_BATCH'] ?? 1000), ...(process.env['BENCH_COMPRESSION'] === 'none' ? { compression: 'none' as const } : {}) };

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
  const read = startMeter();
  await logChunked(log, 0, RECORDS);
  await flush();
  const reading = read();
  report({ name: variant === 'container' ? 'dynamo (LogContainer)' : 'dynamo (sdk-logs provider)', records: RECORDS, ...reading, delivered: delivered() } satisfies ContenderResult);
  process.exit(0);
}

void main();
