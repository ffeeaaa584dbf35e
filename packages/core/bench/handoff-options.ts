/**
 * `node packages/core/dist/bench/handoff-options.js`: what each way of handing a batch
 * to a worker thread costs per record, on batches of the mixed workload as the
 * batch processor delivers them (1,024 records, nested attributes, in a span).
 * Main-thread side: structured clone of the SDK records, of flat tuples (what
 * the delivery worker uses), JSON text (what a SharedArrayBuffer ring such as
 * thread-stream would carry), v8.serialize; worker side: the matching decode.
 */
import { performance } from 'node:perf_hooks';
import { MessageChannel } from 'node:worker_threads';
import { deserialize, serialize } from 'node:v8';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { LogContainer } from '@dynamo-logging/core';
import { randomUUID } from 'node:crypto';
import { HandoffEncoder } from '../src/delivery/worker/handoff';

const IDS = Array.from({ length: 4096 }, () => randomUUID());
const message = (i: number): string => `request ${IDS[i & 4095]!.slice(0, 8)} finished in ${i % 977} ms`;
const attributes = (i: number) => ({ model: i % 3 === 0 ? 'llama-3-8b' : 'llama-3-70b', input_tokens: 100 + (i % 4000), stream: (i & 1) === 0, x_request_id: IDS[i & 4095]!, usage: { prompt: i % 100, completion: i % 37, cached: i % 5 === 0 } });

const RECORDS = 20_480;
const REPS = Number(process.env['BENCH_REPS'] ?? 10);

class KeepingExporter implements LogRecordExporter {
  readonly batches: ReadableLogRecord[][] = [];
  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    this.batches.push(records);
    done({ code: ExportResultCode.SUCCESS });
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A record as a plain object with the fields a backend reads (class instances do not survive a clone). */
function plain(r: ReadableLogRecord): Record<string, unknown> {
  return { hrTime: r.hrTime, hrTimeObserved: r.hrTimeObserved, severityNumber: r.severityNumber, severityText: r.severityText, body: r.body, attributes: r.attributes, resource: r.resource.attributes, scope: r.instrumentationScope.name, spanContext: r.spanContext && { traceId: r.spanContext.traceId, spanId: r.spanContext.spanId, traceFlags: r.spanContext.traceFlags } };
}

function usPerRecord(work: () => void): number {
  for (let i = 0; i < 3; i++) work();
  const t0 = performance.now();
  for (let i = 0; i < REPS; i++) work();
  return ((performance.now() - t0) * 1000) / (REPS * RECORDS);
}

async function main(): Promise<void> {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const tracer = new TracerProvider().getTracer('bench');
  const exporter = new KeepingExporter();
  const container = LogContainer.start({
    exporter, env: {}, exitHooks: false, registerGlobal: false,
    resource: { 'service.name': 'bench', namespace: 'dynamo', component: 'frontend' },
    batch: { maxQueueSize: RECORDS * 2, maxExportBatchSize: 1024 },
  });
  const log = container.createLogger('dynamo.http');
  const span = tracer.startSpan('http-request');
  context.with(trace.setSpan(context.active(), span), () => {
    for (let i = 0; i < RECORDS; i++) log.info(message(i), attributes(i));
  });
  span.end();
  await container.exportLogs();
  const batches = exporter.batches;
  const encoder = new HandoffEncoder();
  const tuples = batches.map((b) => encoder.encode(b));
  const { port1, port2 } = new MessageChannel();
  const json = tuples.map((t) => JSON.stringify(t));
  const v8 = tuples.map((t) => serialize(t));
  const rows: Array<[string, number]> = [
    ['postMessage of the records as objects', usPerRecord(() => batches.forEach((b) => port1.postMessage(b.map(plain))))],
    ['postMessage of flat tuples (used)', usPerRecord(() => batches.forEach((b) => port1.postMessage(encoder.encode(b))))],
    ['JSON text of tuples (ring buffer form)', usPerRecord(() => batches.forEach((b) => Buffer.from(JSON.stringify(encoder.encode(b)))))],
    ['v8.serialize of tuples', usPerRecord(() => batches.forEach((b) => serialize(encoder.encode(b))))],
    ['worker side: JSON.parse', usPerRecord(() => json.forEach((t) => JSON.parse(t)))],
    ['worker side: v8.deserialize (= structured clone read)', usPerRecord(() => v8.forEach((t) => deserialize(t)))],
  ];
  port1.close();
  port2.close();
  console.log(`handoff options, ${RECORDS} mixed records in batches of 1,024, ${REPS} reps; node ${process.version}, ${new Date().toISOString()}\n`);
  console.log('| option | µs/record |');
  console.log('|---|---:|');
  for (const [name, us] of rows) console.log(`| ${name} | ${us.toFixed(2)} |`);
  await container.shutdown();
}

void main();
