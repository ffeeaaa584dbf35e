// The floor under every OpenTelemetry-SDK-based exporter: contender-dynamo.ts's sdk-logs pipeline (variant sdk) with the kit's counting
// exporter (no encoding, no I/O).
import { logChunked, report, startMeter } from '@dynamo-logging/bench-kit';
import { startFloor } from '@dynamo-logging/bench-kit/floor';
import { BATCH, RESOURCE, attributesFor, messageFor, type ContenderResult } from './common';

async function main(): Promise<void> {
  const [, countText] = process.argv.slice(2);
  const total = Number(countText);
  const floor = startFloor(RESOURCE, BATCH);
  const read = startMeter();
  await logChunked((i) => floor.emit(messageFor(i), attributesFor(i)), 0, total);
  const counted = await floor.drain(total, 10_000);
  report({ name: 'sdk-logs floor (no-op exporter)', records: total, acked: counted, ...read(), errors: total - counted } satisfies ContenderResult);
  await floor.provider.shutdown();
}

void main();
