/**
 * The floor under every OpenTelemetry-SDK-based exporter, in its own process
 * like the other contenders: contender.ts's bare sdk-logs pipeline
 * (dynamo-loki-sdk) with an exporter that only counts and acknowledges (no
 * encoding, no I/O). Whatever an exporter does is paid on top of this, so the
 * CPU target (<= 0.5x the peer's) is only meaningful against what this leaves
 * of it. It sends nothing, so it ends its own window and reports its own count.
 */
import { performance } from 'node:perf_hooks';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

const [, , countText] = process.argv.slice(2) as [string, string, string];
const N = Number(countText);
const CHUNK = 1000;

type Log = (i: number, prefix?: string) => void;
const WARMUP = 2000;
// The batch tuning of contender.ts's dynamo-loki-sdk.
const BATCH = Number(process.env.BENCH_BATCH ?? 1024);
const DELAY_MS = Number(process.env.BENCH_DELAY ?? 20);

// contender.ts's record content (it has no shared helper to import it from).
function attrs(i: number) {
  return { request_id: `req-${i}`, x_request_id: `8372eac7-5f43-4d76-beca-${String(i).padStart(12, '0')}`, model: 'llama-3-8b', method: 'POST', uri: '/v1/chat/completions' };
}

class CountingExporter implements LogRecordExporter {
  counted = 0;
  private target = Infinity;
  private reached: () => void = () => undefined;

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.counted += records.length;
    if (this.counted >= this.target) this.reached();
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** Resolves once `total` records have been counted, or after `timeoutMs` (a shortfall then shows as lost). */
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

function setup(): { log: Log; exporter: CountingExporter; provider: LoggerProvider } {
  const resource = { 'service.name': 'frontend', namespace: 'dynamo', component: 'http' };
  const exporter = new CountingExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes(resource),
    processors: [new BatchLogRecordProcessor({ exporter, maxQueueSize: N, maxExportBatchSize: BATCH, scheduledDelayMillis: DELAY_MS })],
  });
  const logger = provider.getLogger('dynamo.http');
  return {
    log: (i, prefix) => logger.emit({ body: `${prefix ?? 'bench'}-${i} Registering new stream`, severityNumber: 9, severityText: 'INFO', attributes: attrs(i) }),
    exporter,
    provider,
  };
}

async function main(): Promise<void> {
  const { log, exporter, provider } = setup();
  // The same warm-up as contender.ts; the warm-up records are then flushed and not counted.
  for (let i = 0; i < WARMUP; i++) log(i, 'warmup');
  await new Promise((r) => setTimeout(r, 1500));
  await provider.forceFlush();
  exporter.counted = 0;
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send!({ warm: true });
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i += CHUNK) {
    const end = Math.min(N, i + CHUNK);
    for (let j = i; j < end; j++) log(j);
    // Let I/O run between chunks, as a service's event loop would.
    await new Promise((r) => setImmediate(r));
  }
  const logged = performance.now();
  await provider.forceFlush();
  await exporter.countedAll(N, 15_000);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const maxRssKb = process.resourceUsage().maxRSS;
  const delivered = exporter.counted;
  process.send!({ result: { name: 'sdk-logs floor (no-op exporter)', wallMs: t1 - t0, logCallMs: logged - t0, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: maxRssKb / 1024, lost: delivered < N, delivered } });
  await provider.shutdown();
  setTimeout(() => process.exit(0), 200).unref();
}

void main();
