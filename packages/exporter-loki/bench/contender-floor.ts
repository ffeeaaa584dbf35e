/**
 * The floor under every OpenTelemetry-SDK-based exporter, in its own process
 * like the other contenders: contender.ts's bare sdk-logs pipeline
 * (dynamo-loki-sdk) with the kit's counting exporter (no encoding, no I/O).
 * It sends nothing, so it ends its own window and reports its own count.
 */
import { logChunked, startMeter } from '@dynamo-logging/bench-kit';
import { startFloor } from '@dynamo-logging/bench-kit/floor';
import { attrs, BATCH, DELAY_MS, messageFor, RESOURCE, WARMUP, warmThenGo } from './workload';

const N = Number(process.argv[4]);

async function main(): Promise<void> {
  const floor = startFloor(RESOURCE, { maxQueueSize: N, maxExportBatchSize: BATCH, scheduledDelayMillis: DELAY_MS });
  // The same warm-up as contender.ts; the warm-up records are then flushed and not counted.
  await logChunked((i) => floor.emit(messageFor(i, 'warmup'), attrs(i)), 0, WARMUP);
  await new Promise((r) => setTimeout(r, 1500));
  await floor.provider.forceFlush();
  floor.exporter.counted = 0;
  await warmThenGo();
  const read = startMeter();
  await logChunked((i) => floor.emit(messageFor(i), attrs(i)), 0, N);
  const delivered = await floor.drain(N, 15_000);
  const { elapsedMs, cpuMicros, maxRssKb } = read();
  process.send!({ result: { name: 'sdk-logs floor (no-op exporter)', wallMs: elapsedMs, cpuMs: cpuMicros / 1000, maxRssMb: maxRssKb / 1024, lost: delivered < N, delivered } });
  await floor.provider.shutdown();
  setTimeout(() => process.exit(0), 200).unref();
}

void main();
