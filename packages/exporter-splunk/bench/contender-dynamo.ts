import { logChunked, report, startMeter } from '@dynamo-logging/bench-kit';
import { LogContainer, SeverityNumber } from '@dynamo-logging/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { SplunkHecLogRecordExporter } from '../src/index';
import { BATCH, RESOURCE, TOKEN, attributesFor, messageFor, type ContenderResult } from './common';

/**
 * Our contender, `container`: LogContainer (enforcement processors + BatchLogRecordProcessor) +
 * SplunkHecLogRecordExporter; or `sdk`: the same exporter behind a bare sdk-logs pipeline (no LogContainer
 * processors), what the exporter itself costs.
 */
async function main(): Promise<void> {
  const [variant, url, countText] = process.argv.slice(2);
  const total = Number(countText);
  const exporter = new SplunkHecLogRecordExporter(
    { endpoint: url!, token: TOKEN, index: 'main', source: 'bench', sourcetype: 'dynamo:jsonl', maxBatchRecords: 4000 },
    {},
  );
  let log: (i: number) => void;
  let flush: () => Promise<void>;
  let close: () => Promise<void>;
  if (variant === 'container') {
    // What createSplunkContainer does, keeping a handle on the exporter (see the flush note below).
    const container = LogContainer.start({ exporter, resource: RESOURCE, batch: BATCH, registerGlobal: false, exitHooks: false, env: {} });
    const logger = container.createLogger('dynamo.http');
    log = (i) => logger.info(messageFor(i), attributesFor(i));
    flush = () => container.exportLogs();
    close = () => container.shutdown();
  } else {
    const provider = new LoggerProvider({ resource: resourceFromAttributes(RESOURCE), processors: [new BatchLogRecordProcessor({ exporter, ...BATCH })] });
    const logger = provider.getLogger('dynamo.http');
    log = (i) => logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: messageFor(i), attributes: attributesFor(i) });
    flush = () => provider.forceFlush();
    close = () => provider.shutdown();
  }

  const read = startMeter();
  await logChunked(log, 0, total);
  await flush();
  // The SDK batch processor's forceFlush can return while its last batch is being handed over, before the
  // exporter has it; flushing the exporter once more waits for that batch's acknowledgment too.
  await exporter.forceFlush();
  const reading = read();
  const stats = exporter.stats();
  const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
  const name = variant === 'container' ? 'dynamo exporter-splunk' : 'exporter-splunk, bare sdk-logs';
  report({ name, records: total, acked: stats.exported, ...reading, errors: dropped } satisfies ContenderResult);
  await close();
}

void main();
