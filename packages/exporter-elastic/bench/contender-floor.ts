/**
 * The floor under every OpenTelemetry-SDK-based exporter: contender-dynamo.ts's
 * sdk-logs provider pipeline with an exporter that only counts and acknowledges
 * (no encoding, no I/O). Whatever an exporter does is paid on top of this, so
 * the CPU target (<= 0.5x the peer's) is only meaningful against what this
 * leaves of it.
 */
import { SeverityNumber } from '@dynamo-logging/core';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { attributes, CHUNK, MESSAGE, RECORDS, report, yieldToLoop } from './common';

const resource = { 'service.name': 'bench', namespace: 'dynamo', component: 'frontend' };
// BENCH_BATCH sets the batch processor's export size, as for contender-dynamo.ts.
const batchSize = Number(process.env['BENCH_BATCH'] ?? 1000);
const batch = { maxExportBatchSize: batchSize, scheduledDelayMillis: 200, maxQueueSize: 20_000 };

class CountingExporter implements LogRecordExporter {
  counted = 0;
  private target = Infinity;
  private reached: () => void = () => undefined;

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.counted += records.length;
    if (this.counted >= this.target) this.reached();
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** Resolves once `total` records have been counted, or after `timeoutMs` (a shortfall then shows as undelivered). */
  countedAll(total: number, timeoutMs: number): Promise<void> {
    if (this.counted >= total) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.target = total;
      this.reached = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}

async function main(): Promise<void> {
  const exporter = new CountingExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes(resource), processors: [new BatchLogRecordProcessor({ exporter, ...batch })] });
  const logger = provider.getLogger('dynamo.http');
  const log = (seq: number) => logger.emit({ body: MESSAGE, severityNumber: SeverityNumber.INFO, severityText: 'INFO', attributes: attributes(seq) });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let seq = 0; seq < RECORDS; seq++) {
    log(seq);
    if (seq % CHUNK === CHUNK - 1) await yieldToLoop();
  }
  await provider.forceFlush();
  await exporter.countedAll(RECORDS, 10_000);
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  report({
    name: 'sdk-logs floor (no-op exporter)',
    records: RECORDS,
    elapsedMs,
    cpuMicros: cpu.user + cpu.system,
    maxRssKb: process.resourceUsage().maxRSS,
    delivered: exporter.counted,
  });
  process.exit(0);
}

void main();
