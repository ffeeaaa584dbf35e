/**
 * The floor under every OpenTelemetry-SDK-based exporter: contender-dynamo.ts's
 * sdk-logs provider pipeline with the kit's counting exporter (no encoding, no I/O).
 */
import { logChunked, report, startMeter } from '@dynamo-logging/bench-kit';
import { startFloor } from '@dynamo-logging/bench-kit/floor';
import { attributes, BATCH, MESSAGE, RECORDS, RESOURCE, type ContenderResult } from './common';

async function main(): Promise<void> {
  const floor = startFloor(RESOURCE, BATCH);
  const read = startMeter();
  await logChunked((seq) => floor.emit(MESSAGE, attributes(seq)), 0, RECORDS);
  const delivered = await floor.drain(RECORDS, 10_000);
  report({ name: 'sdk-logs floor (no-op exporter)', records: RECORDS, ...read(), delivered } satisfies ContenderResult);
  process.exit(0);
}

void main();
