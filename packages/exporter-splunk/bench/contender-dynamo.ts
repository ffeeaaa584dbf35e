import { LogContainer } from '@dynamo-logging/core';
import { SplunkHecLogRecordExporter } from '../src/index';
import { BURST, TOKEN, attributesFor, messageFor, report } from './common';

// Our contender: LogContainer (enforcement processors + BatchLogRecordProcessor) + SplunkHecLogRecordExporter.
async function main(): Promise<void> {
  const [url, countText] = process.argv.slice(2);
  const total = Number(countText);
  const exporter = new SplunkHecLogRecordExporter(
    { endpoint: url!, token: TOKEN, index: 'main', source: 'bench', sourcetype: 'dynamo:jsonl', maxBatchRecords: 4000 },
    {},
  );
  // What createSplunkContainer does, keeping a handle on the exporter (see the flush note below).
  const container = LogContainer.start({
    exporter,
    resource: { 'service.name': 'bench', namespace: 'dynamo', component: 'http' },
    batch: { maxExportBatchSize: 2000, maxQueueSize: 200_000, scheduledDelayMillis: 20 },
    registerGlobal: false,
    exitHooks: false,
    env: {},
  });
  const logger = container.createLogger('dynamo.http');

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < total; ) {
    const end = Math.min(total, i + BURST);
    for (; i < end; i++) logger.info(messageFor(i), attributesFor(i));
    await new Promise((r) => setImmediate(r));
  }
  await container.exportLogs();
  // The SDK batch processor's forceFlush can return while its last batch is being handed over, before the
  // exporter has it; flushing the exporter once more waits for that batch's acknowledgment too.
  await exporter.forceFlush();
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const stats = exporter.stats();
  const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
  report({ name: 'dynamo exporter-splunk', records: total, acked: stats.exported, elapsedMs, cpuMicros: cpu.user + cpu.system, maxRssKb: process.resourceUsage().maxRSS, errors: dropped });
  await container.shutdown();
}

void main();
