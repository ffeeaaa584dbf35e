/**
 * `node --conditions=source --import tsx bench/pipeline-floor.ts`: CPU per
 * record of the logging path alone (LogContainer -> BatchLogRecordProcessor)
 * with an exporter that only acknowledges, and with one that also formats the
 * Dynamo line: the floor under any exporter on this machine.
 */
import { LogContainer } from '@dynamo-logging/core';
import { formatDynamoLine } from '@dynamo-logging/core/delivery';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

const N = 100_000;

async function measure(name: string, onBatch: (records: ReadableLogRecord[]) => void): Promise<void> {
  const exporter: LogRecordExporter = {
    export: (records, done) => {
      onBatch(records);
      done({ code: 0 });
    },
    shutdown: async () => undefined,
    forceFlush: async () => undefined,
  };
  const container = LogContainer.start({
    exporter, env: {}, registerGlobal: false, exitHooks: false,
    resource: { 'service.name': 'frontend', namespace: 'dynamo', component: 'http' },
    batch: { maxQueueSize: N, maxExportBatchSize: 1024, scheduledDelayMillis: 20 },
  });
  const logger = container.createLogger('dynamo.http');
  const log = (i: number) => logger.info(`bench-${i} Registering new stream`, { request_id: `req-${i}`, x_request_id: `8372eac7-5f43-4d76-beca-${String(i).padStart(12, '0')}`, model: 'llama-3-8b', method: 'POST', uri: '/v1/chat/completions' });
  for (let i = 0; i < 2000; i++) log(i);
  await container.exportLogs();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i += 1000) {
    for (let j = i; j < i + 1000; j++) log(j);
    await new Promise((r) => setImmediate(r));
  }
  await container.exportLogs();
  const cpu = process.cpuUsage(cpu0);
  console.log(`${name.padEnd(36)} ${((cpu.user + cpu.system) / N).toFixed(1)} us/record`);
  await container.shutdown();
}

void (async () => {
  await measure('LogContainer + batch, no-op exporter', () => undefined);
  await measure('... + formatDynamoLine per record', (records) => { for (const r of records) formatDynamoLine(r); });
})();
