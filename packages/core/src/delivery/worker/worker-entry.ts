/**
 * The delivery worker's main: builds the backend's exporter inside this
 * thread and answers the main thread's `WorkerExporter`. Everything after the
 * handoff happens here: wire encoding, compression, HTTP, retries,
 * acknowledgments, the memory and disk queues and their counters.
 */
import { workerData } from 'node:worker_threads';
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { ForwardingMeterProvider } from './forwarded-metrics';
import { HandoffDecoder } from './handoff';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';

type Exporter = LogRecordExporter & { stats?(): unknown } & Record<string, unknown>;
type Factory = (options: unknown, meterProvider: unknown, env: Record<string, string | undefined> | undefined) => Exporter;

// stats() on the main thread lags the worker by at most this much (replies carry fresh counters at once).
const STATS_INTERVAL_MS = 50;

const init = workerData as WorkerInit;
const port = init.port;
const metricsSink = new ForwardingMeterProvider();

function post(message: FromWorker): void {
  port.postMessage(message);
}

// OTel's diag is per thread: this thread's lines go to the application's logger on the main thread.
const forward =
  (level: 'error' | 'warn' | 'info' | 'debug' | 'verbose') =>
  (message: string, ...args: unknown[]): void => {
    const detail = args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : safeJson(a))).join(' ');
    post({ t: 'diag', level, message: detail === '' ? message : `${message} ${detail}` });
  };
const forwardingLogger: DiagLogger = { error: forward('error'), warn: forward('warn'), info: forward('info'), debug: forward('debug'), verbose: forward('verbose') };
diag.setLogger(forwardingLogger, { logLevel: DiagLogLevel.INFO, suppressOverrideMessage: true });

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A library error's code (and HTTP status) cross the thread with its message, so the caller can still branch on them. */
function errorCode(err: unknown): { code?: string; statusCode?: number } {
  // By shape, not instanceof: the exporter may have loaded another copy of core (source and built, CJS and ESM).
  const { code, statusCode } = (err ?? {}) as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('DYN_LOGGING_')) return {};
  return { code, ...(typeof statusCode === 'number' ? { statusCode } : {}) };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function build(): Exporter | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const factory = (require(init.module) as Record<string, unknown>)[init.factory];
    if (typeof factory !== 'function') throw new Error(`${init.module} has no function ${init.factory}`);
    return (factory as Factory)(init.options, metricsSink.asMeterProvider(), init.env);
  } catch (err) {
    // The main thread takes over; this thread just ends (nothing else holds it open).
    post({ t: 'init-error', message: message(err) });
    port.close();
    return undefined;
  }
}

const built = build();
if (built !== undefined) serve(built);

function serve(exporter: Exporter): void {
  const decoder = new HandoffDecoder();
  let lastStats = '';

  function currentStats(): unknown {
    try {
      return typeof exporter.stats === 'function' ? exporter.stats() : undefined;
    } catch {
      return undefined;
    }
  }

  /** Metric operations first, so that what a reply reports has reached the instruments. */
  function flushMetrics(): void {
    const ops = metricsSink.take();
    if (ops.length > 0) post({ t: 'metrics', ops });
  }

  function reply(message: Extract<FromWorker, { t: 'ack' | 'done' }>): void {
    flushMetrics();
    const stats = currentStats();
    lastStats = safeJson(stats);
    post({ ...message, stats });
  }

  const ticker = setInterval(() => {
    flushMetrics();
    const stats = currentStats();
    const text = safeJson(stats);
    if (text !== lastStats) {
      lastStats = text;
      post({ t: 'stats', stats });
    }
  }, STATS_INTERVAL_MS);

  function settle(id: number, work: () => unknown): void {
    Promise.resolve()
      .then(work)
      .then(
        (value) => reply({ t: 'done', id, ok: true, ...(value !== undefined ? { value } : {}) }),
        (err: unknown) => reply({ t: 'done', id, ok: false, error: message(err), ...errorCode(err) }),
      );
  }

  function exportBatch(id: number, records: ReturnType<HandoffDecoder['decode']>, after?: () => void): void {
    try {
      exporter.export(records, (result) => {
        reply({ t: 'ack', id, ok: result.code === ExportResultCode.SUCCESS, ...(result.error ? { error: message(result.error) } : {}) });
        after?.();
      });
    } catch (err) {
      reply({ t: 'ack', id, ok: false, error: message(err) });
      after?.();
    }
  }

  function drain(msg: Extract<ToWorker, { t: 'drain' }>): void {
    const finish = (): void => {
      clearTimeout(timer);
      reply({ t: 'done', id: msg.id, ok: true });
      Atomics.store(msg.flag, 0, 1);
      Atomics.notify(msg.flag, 0);
    };
    const timer = setTimeout(finish, Math.max(0, msg.deadline - Date.now()));
    const flush = (): void => {
      exporter.forceFlush().then(finish, finish);
    };
    const records = decoder.decode(msg.batch);
    if (records.length > 0) exportBatch(msg.id, records, flush);
    else flush();
  }

  port.on('message', (msg: ToWorker) => {
    switch (msg.t) {
      case 'batch':
        exportBatch(msg.id, decoder.decode(msg.batch));
        break;
      case 'flush':
        settle(msg.id, () => exporter.forceFlush());
        break;
      case 'shutdown':
        settle(msg.id, async () => {
          await exporter.shutdown();
          clearInterval(ticker);
        });
        break;
      case 'call':
        settle(msg.id, () => {
          const method = exporter[msg.method];
          if (typeof method !== 'function') throw new Error(`the exporter has no method ${msg.method}`);
          return (method as (...args: unknown[]) => unknown).apply(exporter, msg.args);
        });
        break;
      case 'drain':
        drain(msg);
        break;
    }
  });
  post({ t: 'ready' });
}
