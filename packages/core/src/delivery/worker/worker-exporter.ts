import { extname, join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { diag, type MeterProvider } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { DeliveryRequestError, DynamoLoggingError, type DeliveryRequestErrorCode } from '../../errors';
import type { DeliveryStats } from '../types';
import { MetricsReplayer } from './forwarded-metrics';
import { HandoffEncoder, type HandoffBatch } from './handoff';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';
import { mergeStats } from './merge-stats';

/** An exporter that can run on either side: what the worker builds, and the main-thread fallback. */
export type InnerExporter = LogRecordExporter & {
  stats?(): DeliveryStats;
  exportSync?(records: ReadableLogRecord[]): boolean;
  /** Numeric `stats()` fields that are levels (a limit in force), not counts: after a fallback they are not summed. */
  readonly levelStats?: readonly string[];
};

export interface WorkerExporterOptions {
  /** `loki`, `splunk`, `elastic`: in diagnostics. */
  readonly name: string;
  /** Absolute path of the module the worker loads, and the export it calls with `(options, meterProvider, env)`. */
  readonly module: string;
  readonly factory: string;
  /** Structured-cloneable options for that factory, and the environment it reads, if apart from them. */
  readonly options: unknown;
  readonly env?: Record<string, string | undefined>;
  /** The same exporter on the main thread, built only when the worker cannot start or dies. */
  readonly inline: () => InnerExporter;
  /** Where the worker's `dynamo_logging_*` metrics are replayed; default the global MeterProvider. */
  readonly meterProvider?: MeterProvider;
  /** The exporter's own flush deadline; shutdown waits this long plus a margin for the worker. */
  readonly flushTimeoutMillis: number;
  /** How long process.exit() is held while the worker delivers what is queued; default 5000 ms. */
  readonly exitTimeoutMillis?: number;
  /** Records queued in the worker survive its death (on-disk queue): not counted as lost then. */
  readonly durable?: boolean;
}

interface PendingBatch {
  readonly records: ReadableLogRecord[];
  readonly done: (result: ExportResult) => void;
}

interface PendingCall {
  readonly kind: 'flush' | 'shutdown' | 'call';
  readonly method?: string;
  readonly args?: unknown[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

const SHUTDOWN_MARGIN_MS = 2000;
/** Records handed to the worker and not yet acknowledged, beyond which export() waits for its acknowledgment. */
const HANDOFF_MAX_RECORDS = 32_768;
const IGNORE = (): void => undefined;
const DEFAULT_EXIT_TIMEOUT_MS = 5000;
const WORKER_ENTRY = join(__dirname, 'worker-entry' + extname(__filename));

function startThread(init: WorkerInit, port: MessagePort): Worker {
  const options = { workerData: init, transferList: [port] };
  // Run from TypeScript source (this repository's tests and benches), a worker does not inherit the
  // parent's loader hooks: it registers tsx itself. Published builds load the compiled entry directly.
  if (WORKER_ENTRY.endsWith('.ts')) return new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER_ENTRY)});`, { ...options, eval: true });
  return new Worker(WORKER_ENTRY, options);
}

/**
 * The main thread's side of delivery on a worker thread. `export()` turns a
 * batch into its compact handoff form and posts it, once per batch; the worker
 * runs the backend's exporter (encoding, compression, HTTP, retries, queues)
 * and acknowledges each batch once it is queued there (durably, with the disk
 * queue), which is when the batch processor hears SUCCESS.
 *
 * Counters and metrics come back with every reply. If the worker cannot
 * start or dies, that is reported and counted, and delivery goes on from the
 * main thread with `inline()`: unacknowledged batches are handed to it.
 */
export class WorkerExporter implements LogRecordExporter {
  private readonly options: WorkerExporterOptions;
  private readonly encoder = new HandoffEncoder();
  private readonly replayer: MetricsReplayer;
  private readonly batches = new Map<number, PendingBatch>();
  private readonly calls = new Map<number, PendingCall>();
  private readonly localDrops: Record<string, number> = {};
  private thread: Worker | undefined;
  private port: MessagePort | undefined;
  private fallback: InnerExporter | undefined;
  private lastStats: DeliveryStats | undefined;
  private nextId = 1;
  private outstanding = 0;
  private stopped = false;
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: WorkerExporterOptions) {
    this.options = options;
    this.replayer = new MetricsReplayer(options.meterProvider);
    try {
      const { port1, port2 } = new MessageChannel();
      const init: WorkerInit = { module: options.module, factory: options.factory, options: options.options, ...(options.env ? { env: options.env } : {}), port: port2 };
      this.thread = startThread(init, port2);
      this.port = port1;
      port1.on('message', (msg: FromWorker) => this.onMessage(msg));
      this.thread.on('error', (err) => this.fail(`the delivery worker failed: ${err.message}`));
      this.thread.on('exit', (code) => {
        if (!this.stopped) this.fail(`the delivery worker exited (code ${code})`);
      });
      this.idle();
    } catch (err) {
      this.fail(`the delivery worker could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The backend this exporter ships to (`jsonl`, `loki`, ...). */
  get backend(): string {
    return this.options.name;
  }

  /** The worker thread, for tests that need to end it as a crash would. */
  get worker(): Worker | undefined {
    return this.thread;
  }

  /** True once delivery runs on the main thread (the worker could not start or died). */
  get inlineFallback(): boolean {
    return this.fallback !== undefined;
  }

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      this.drop('shutdown', records.length);
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter is shut down') });
      return;
    }
    if (this.fallback !== undefined) {
      this.fallback.export(records, resultCallback);
      return;
    }
    const id = this.nextId++;
    const sendable = this.post((batch) => ({ t: 'batch', id, batch }), records);
    if (sendable === undefined) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('records could not be handed to the delivery worker') });
      return;
    }
    // The batch processor exports one batch at a time and waits for its answer. Waiting for the worker's
    // acknowledgment would tie the event loop's logging rate to the worker's turn-around, and the batch
    // queue would overflow while the worker is busy encoding: so a batch is answered as soon as it is
    // handed over, while the handoff has room. Past that bound, and with the disk queue (whose records
    // must be durable before SUCCESS), the answer waits for the worker.
    const early = !this.options.durable && this.handoffDepth() + sendable.length <= HANDOFF_MAX_RECORDS;
    this.batches.set(id, { records: sendable, done: early ? IGNORE : resultCallback });
    this.busy();
    if (early) resultCallback({ code: ExportResultCode.SUCCESS });
  }

  forceFlush(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.fallback !== undefined) return this.fallback.forceFlush();
    return this.request({ kind: 'flush' }).then(() => undefined);
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.shutdownOnce();
    return this.shutdownPromise;
  }

  /** Calls a method of the exporter in the worker (e.g. Elastic's ensureIndexTemplate); arguments and result must be cloneable. */
  call<T>(method: string, ...args: unknown[]): Promise<T> {
    if (this.fallback !== undefined) return Promise.resolve().then(() => this.callFallback(method, args)) as Promise<T>;
    return this.request({ kind: 'call', method, args }) as Promise<T>;
  }

  /**
   * process.exit(): no event loop is left to wait on, so the main thread
   * blocks (Atomics.wait) while the worker takes `records` and delivers what
   * it can within the exit deadline. What is still queued then is counted.
   */
  exportSync(records: ReadableLogRecord[]): boolean {
    if (this.stopped) return false;
    if (this.fallback !== undefined) return this.fallback.exportSync?.(records) ?? false;
    const port = this.port;
    if (port === undefined) return false;
    const timeout = this.options.exitTimeoutMillis ?? DEFAULT_EXIT_TIMEOUT_MS;
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const id = this.nextId++;
    if (this.post((batch) => ({ t: 'drain', id, batch, deadline: Date.now() + timeout, flag }), records) === undefined) return false;
    Atomics.wait(flag, 0, 0, timeout + 250);
    // The replies (counters, diagnostics, acknowledgments) are read here, synchronously.
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) this.onMessage(m.message as FromWorker);
    const left = (this.lastStats?.queueDepth ?? 0) + this.handoffDepth();
    if (left > 0 && !this.options.durable) {
      this.drop('exit', left);
      diag.warn(`dynamo-logging ${this.options.name}: ${left} log record(s) not delivered within ${timeout} ms of process.exit()`);
    }
    this.stopped = true;
    return true;
  }

  stats(): DeliveryStats {
    const base = mergeStats(this.lastStats, this.fallback?.stats?.(), this.localDrops, this.fallback?.levelStats);
    return { ...base, queueDepth: base.queueDepth + this.handoffDepth() };
  }

  // --- internals

  /** Encodes and posts; records the worker could not be given (uncloneable values) are dropped and counted. */
  private post(message: (batch: HandoffBatch) => ToWorker, records: ReadableLogRecord[]): ReadableLogRecord[] | undefined {
    const port = this.port;
    if (port === undefined) return undefined;
    try {
      port.postMessage(message(this.encoder.encode(records)));
      return records;
    } catch {
      // Some value cannot be cloned (a bridge handed over a function or a host object): find and drop just those.
      const kept = records.filter((record) => {
        try {
          structuredClone(this.encoder.encode([record]));
          return true;
        } catch {
          return false;
        }
      });
      this.drop('unserializable', records.length - kept.length);
      diag.warn(`dynamo-logging ${this.options.name}: ${records.length - kept.length} log record(s) hold values that cannot be passed to the delivery worker; dropped (reason unserializable)`);
      try {
        port.postMessage(message(this.encoder.encode(kept)));
        return kept;
      } catch {
        this.drop('unserializable', kept.length);
        return undefined;
      }
    }
  }

  private request(call: Omit<PendingCall, 'resolve' | 'reject'>): Promise<unknown> {
    const port = this.port;
    if (port === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.calls.set(id, { ...call, resolve, reject });
      this.busy();
      const message: ToWorker =
        call.kind === 'call' ? { t: 'call', id, method: call.method!, args: call.args ?? [] } : call.kind === 'flush' ? { t: 'flush', id } : { t: 'shutdown', id };
      port.postMessage(message);
    });
  }

  private onMessage(msg: FromWorker): void {
    switch (msg.t) {
      case 'ready':
        return;
      case 'init-error':
        this.fail(`the delivery worker could not build the exporter: ${msg.message}`);
        return;
      case 'diag':
        diag[msg.level](msg.message);
        return;
      case 'metrics':
        this.replayer.apply(msg.ops);
        return;
      case 'stats':
        this.lastStats = msg.stats as DeliveryStats;
        return;
      case 'ack': {
        if (msg.stats !== undefined) this.lastStats = msg.stats as DeliveryStats;
        const batch = this.batches.get(msg.id);
        if (batch === undefined) return;
        this.batches.delete(msg.id);
        this.idle();
        batch.done(msg.ok ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error: new Error(msg.error ?? 'export failed') });
        return;
      }
      case 'done': {
        if (msg.stats !== undefined) this.lastStats = msg.stats as DeliveryStats;
        const call = this.calls.get(msg.id);
        if (call === undefined) return;
        this.calls.delete(msg.id);
        this.idle();
        if (msg.ok) call.resolve(msg.value);
        else call.reject(errorFromWorker(msg.error ?? `${call.kind} failed`, msg.code, msg.statusCode));
        return;
      }
    }
  }

  /** The worker is gone: say so, count what it held, and deliver from this thread from now on. */
  private fail(reason: string): void {
    if (this.fallback !== undefined || this.stopped) return;
    diag.error(`dynamo-logging ${this.options.name}: ${reason}; delivering from the main thread from now on`);
    const heldInWorker = this.lastStats?.queueDepth ?? 0;
    if (heldInWorker > 0 && !this.options.durable) this.drop('worker_failed', heldInWorker);
    this.port?.close();
    this.port = undefined;
    const thread = this.thread;
    this.thread = undefined;
    if (thread !== undefined) void thread.terminate().catch(() => undefined);
    try {
      this.fallback = this.options.inline();
    } catch (err) {
      diag.error(`dynamo-logging ${this.options.name}: the main-thread exporter could not be built either: ${err instanceof Error ? err.message : String(err)}`);
      this.stopped = true;
    }
    // Batches the worker never acknowledged are handed to the fallback; calls are replayed on it.
    const batches = [...this.batches.values()];
    this.batches.clear();
    const calls = [...this.calls.values()];
    this.calls.clear();
    this.outstanding = 0;
    for (const { records, done } of batches) this.export(records, done);
    for (const call of calls) {
      Promise.resolve()
        .then(() => (call.kind === 'flush' ? this.forceFlush() : call.kind === 'shutdown' ? this.fallback?.shutdown() : this.callFallback(call.method!, call.args ?? [])))
        .then(call.resolve, call.reject);
    }
  }

  private callFallback(method: string, args: unknown[]): unknown {
    const fn = (this.fallback as unknown as Record<string, unknown> | undefined)?.[method];
    if (typeof fn !== 'function') throw new Error(`the exporter has no method ${method}`);
    return (fn as (...a: unknown[]) => unknown).apply(this.fallback, args);
  }

  private async shutdownOnce(): Promise<void> {
    if (this.fallback !== undefined) {
      this.stopped = true;
      await this.fallback.shutdown();
      this.replayer.close();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.flushTimeoutMillis + SHUTDOWN_MARGIN_MS);
    });
    try {
      await Promise.race([this.request({ kind: 'shutdown' }).catch((err: unknown) => diag.warn(`dynamo-logging ${this.options.name}: shutdown in the delivery worker failed: ${err instanceof Error ? err.message : String(err)}`)), deadline]);
    } finally {
      clearTimeout(timer);
    }
    if (this.fallback !== undefined) return; // the worker died during shutdown; the fallback took over
    this.stopped = true;
    const left = this.handoffDepth();
    for (const { done } of this.batches.values()) done({ code: ExportResultCode.FAILED, error: new Error('exporter shut down') });
    this.batches.clear();
    if (left > 0) this.drop('shutdown', left);
    this.port?.close();
    this.port = undefined;
    await this.thread?.terminate().catch(() => undefined);
    this.replayer.close();
  }

  private handoffDepth(): number {
    let n = 0;
    for (const { records } of this.batches.values()) n += records.length;
    return n;
  }

  private drop(reason: string, count: number): void {
    if (count <= 0) return;
    this.localDrops[reason] = (this.localDrops[reason] ?? 0) + count;
    this.replayer.recordDropped(this.options.name, reason, count);
  }

  /** The worker keeps the process alive only while an answer is awaited: idle, it must not hold exit back. */
  private busy(): void {
    if (this.outstanding++ === 0) {
      this.thread?.ref();
      this.port?.ref();
    }
  }

  private idle(): void {
    if (this.outstanding > 0) this.outstanding--;
    if (this.outstanding === 0) {
      this.thread?.unref();
      this.port?.unref();
    }
  }
}

/** The worker's error on this side, with its class and code when it was one of the library's own. */
function errorFromWorker(message: string, code: string | undefined, statusCode: number | undefined): Error {
  if (code === undefined) return new Error(message);
  if (code.startsWith('DYN_LOGGING_REQUEST_')) {
    return new DeliveryRequestError(code as DeliveryRequestErrorCode, message, statusCode !== undefined ? { statusCode } : undefined);
  }
  return new DynamoLoggingError(code, message);
}
