import { SeverityNumber } from '@dynamo-logging/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { SplunkHecLogRecordExporter } from '../src/index';
import { BURST, TOKEN, attributesFor, messageFor, report } from './common';

// The exporter behind a bare sdk-logs pipeline (no LogContainer processors): what the exporter itself costs.
async function main(): Promise<void> {
  const [url, countText] = process.argv.slice(2);
  const total = Number(countText);
  const exporter = new SplunkHecLogRecordExporter(
    { endpoint: url!, token: TOKEN, index: 'main', source: 'bench', sourcetype: 'dynamo:jsonl', maxBatchRecords: 4000 },
    {},
  );
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench', namespace: 'dynamo', component: 'http' }),
    processors: [new BatchLogRecordProcessor({ exporter, maxExportBatchSize: 2000, maxQueueSize: 200_000, scheduledDelayMillis: 20 })],
  });
  const logger = provider.getLogger('dynamo.http');

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < total; ) {
    const end = Math.min(total, i + BURST);
    for (; i < end; i++) logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: messageFor(i), attributes: attributesFor(i) });
    await new Promise((r) => setImmediate(r));
  }
  await provider.forceFlush();
  // See contender-dynamo.ts: the batch processor's flush can miss the batch it is handing over.
  await exporter.forceFlush();
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const stats = exporter.stats();
  const dropped = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
  report({ name: 'exporter-splunk, bare sdk-logs', records: total, acked: stats.exported, elapsedMs, cpuMicros: cpu.user + cpu.system, maxRssKb: process.resourceUsage().maxRSS, errors: dropped });
  await provider.shutdown();
}

void main();
