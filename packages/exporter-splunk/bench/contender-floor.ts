// The floor under every OpenTelemetry-SDK-based exporter: contender-sdk.ts's pipeline with an exporter that only
// counts and acknowledges (no encoding, no I/O). Whatever an exporter does is paid on top of this, so the CPU
// target (<= 0.5x the peer's) is only meaningful against what this leaves of it.
import { SeverityNumber } from '@dynamo-logging/core';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BURST, attributesFor, messageFor, report } from './common';

class CountingExporter implements LogRecordExporter {
  counted = 0;
  private target = Infinity;
  private reached: () => void = () => undefined;

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.counted += records.length;
    if (this.counted >= this.target) this.reached();
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** Resolves once `total` records have been counted, or after `timeoutMs` (a shortfall then shows as unacked). */
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
  const [, countText] = process.argv.slice(2);
  const total = Number(countText);
  const exporter = new CountingExporter();
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
  await exporter.countedAll(total, 10_000);
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  report({ name: 'sdk-logs floor (no-op exporter)', records: total, acked: exporter.counted, elapsedMs, cpuMicros: cpu.user + cpu.system, maxRssKb: process.resourceUsage().maxRSS, errors: total - exporter.counted });
  await provider.shutdown();
}

void main();
