import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { SeverityNumber } from '../src/otel-line';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import pino from 'pino';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LogContainer, type ContainerOptions } from '@dynamo-logging/core';
import { nowHrTime } from '../src/clock';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';

/**
 * One contender per process (run by index.ts): prints one JSON result line.
 * Every contender logs the same message with the same five attributes, and
 * yields to the event loop every YIELD_EVERY calls, as a service would, so
 * the batch processors export instead of overflowing.
 */
export const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 200_000);
const YIELD_EVERY = 1_000;
const DISABLED_CALLS = 50_000_000;

class DroppingExporter implements LogRecordExporter {
  exported = 0;
  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    this.exported += records.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

// A different request id on every record (from a pool built before timing), as in a real service.
const REQUEST_IDS = Array.from({ length: 4096 }, () => randomUUID());
/**
 * `constant`: one message, flat attributes, no span (the flattering shape).
 * `mixed`: the message changes per record, attributes of several types with a nested object, inside an active span.
 */
const SHAPE = (process.argv[3] ?? 'constant') as 'constant' | 'mixed';
const attrs: (i: number) => Record<string, string | number | boolean | Record<string, number | boolean>> =
  SHAPE === 'constant'
    ? (i) => ({ model: 'llama-3-8b', request_id: REQUEST_IDS[i & 4095]!, input_tokens: i, method: 'POST', uri: '/v1/chat/completions' })
    : (i) => ({ model: i % 3 === 0 ? 'llama-3-8b' : 'llama-3-70b', input_tokens: 100 + (i % 4000), stream: (i & 1) === 0, x_request_id: REQUEST_IDS[i & 4095]!, usage: { prompt: i % 100, completion: i % 37, cached: i % 5 === 0 } });
const message: (i: number) => string = SHAPE === 'constant' ? () => 'chat completion served' : (i) => `request ${REQUEST_IDS[i & 4095]!.slice(0, 8)} finished in ${i % 977} ms`;

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracer = new TracerProvider().getTracer('bench');

/** Runs `body` inside an active span for the mixed shape, as a request handler would. */
function inShape(body: () => void): void {
  if (SHAPE === 'constant') return body();
  const span = tracer.startSpan('http-request');
  context.with(trace.setSpan(context.active(), span), body);
  span.end();
}

/** Logs records from..to in chunks of YIELD_EVERY, each chunk in one event-loop turn (and one span, for `mixed`). */
async function logChunks(log: (i: number) => void, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += YIELD_EVERY) {
    const end = Math.min(to, i + YIELD_EVERY);
    inShape(() => {
      for (let j = i; j < end; j++) log(j);
    });
    await yieldToLoop();
  }
}

async function timeLoop(log: (i: number) => void, flush: () => Promise<void>): Promise<number> {
  await logChunks(log, 0, 20_000);
  await flush();
  const start = process.hrtime.bigint();
  await logChunks(log, 0, RECORDS);
  await flush();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function timeDisabled(call: () => void): number {
  for (let i = 0; i < 1_000_000; i++) call();
  const start = process.hrtime.bigint();
  for (let i = 0; i < DISABLED_CALLS; i++) call();
  return Number(process.hrtime.bigint() - start) / DISABLED_CALLS;
}

function containerOptions(exporter: LogRecordExporter, extra: Partial<ContainerOptions> = {}): ContainerOptions {
  return {
    exporter,
    resource: { 'service.name': 'bench', namespace: 'dynamo', component: 'bench' },
    level: 'info',
    exitHooks: false,
    registerGlobal: false,
    env: {},
    batch: { maxQueueSize: 16_384, maxExportBatchSize: 1_024, scheduledDelayMillis: 200 },
    ...extra,
  };
}

async function run(name: string): Promise<Record<string, number | string>> {
  switch (name) {
    case 'dynamo':
    case 'dynamo-no-redaction': {
      const exporter = new DroppingExporter();
      const container = LogContainer.start(containerOptions(exporter, name === 'dynamo' ? {} : { redaction: false }));
      const logger = container.createLogger('dynamo.bench');
      const seconds = await timeLoop((i) => logger.info(message(i), attrs(i)), () => container.exportLogs());
      const disabledNs = timeDisabled(() => logger.debug('not logged', { model: 'x' }));
      const dropped = container.stats().batchQueueDropped;
      await container.shutdown();
      return { name, seconds, perSec: RECORDS / seconds, disabledNs, exported: exporter.exported, dropped };
    }
    case 'otel-sdk': {
      const exporter = new DroppingExporter();
      const provider = new LoggerProvider({
        processors: [new BatchLogRecordProcessor({ exporter, maxQueueSize: 16_384, maxExportBatchSize: 1_024, scheduledDelayMillis: 200 })],
      });
      const logger = provider.getLogger('dynamo.bench');
      const seconds = await timeLoop(
        (i) => logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: message(i), attributes: attrs(i) }),
        () => provider.forceFlush(),
      );
      const disabledNs = timeDisabled(() => undefined);
      await provider.shutdown();
      return { name, seconds, perSec: RECORDS / seconds, disabledNs, exported: exporter.exported, dropped: 0 };
    }
    case 'plain-records': {
      // What the emit path costs without the SDK's record: a plain ReadableLogRecord-shaped object per call,
      // batched by 1024 and handed to the same dropping exporter. Not a product path: the gap to `otel-sdk`
      // is what LogRecordImpl, attribute validation and the batch processor cost.
      const exporter = new DroppingExporter();
      const resource = resourceFromAttributes({});
      const scope = { name: 'dynamo.bench' };
      let batch: ReadableLogRecord[] = [];
      const emit = (body: string, attributes: ReturnType<typeof attrs>): void => {
        const time = nowHrTime();
        batch.push({ hrTime: time, hrTimeObserved: time, severityNumber: SeverityNumber.INFO, severityText: 'INFO', body, attributes, resource, instrumentationScope: scope, droppedAttributesCount: 0 });
        if (batch.length >= 1_024) {
          const full = batch;
          batch = [];
          exporter.export(full, () => undefined);
        }
      };
      const flush = (): Promise<void> => {
        exporter.export(batch, () => undefined);
        batch = [];
        return Promise.resolve();
      };
      const seconds = await timeLoop((i) => emit(message(i), attrs(i)), flush);
      return { name, seconds, perSec: RECORDS / seconds, disabledNs: timeDisabled(() => undefined), exported: exporter.exported, dropped: 0 };
    }
    case 'pino': {
      const file = await open('/dev/null', 'w');
      const logger = pino({ level: 'info', base: undefined }, pino.destination({ fd: file.fd, sync: true }));
      const seconds = await timeLoop((i) => logger.info(attrs(i), message(i)), () => Promise.resolve());
      const disabledNs = timeDisabled(() => logger.debug({ model: 'x' }, 'not logged'));
      await file.close();
      return { name, seconds, perSec: RECORDS / seconds, disabledNs, exported: RECORDS, dropped: 0 };
    }
    default:
      throw new Error(`unknown contender ${name}`);
  }
}

if (require.main === module) {
  run(process.argv[2] ?? '').then(
    (result) => process.stdout.write(JSON.stringify(result) + '\n'),
    (err: unknown) => {
      process.stderr.write(String(err) + '\n');
      process.exit(1);
    },
  );
}
