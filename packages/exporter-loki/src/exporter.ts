import { extname, join } from 'node:path';
import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { resolveDeliveryMode, startDelivery, type InnerExporter } from '@dynamo-logging/core';
import { resolveConfig, type LokiExporterOptions } from './config';
import { LokiInlineExporter, type LokiExporterStats } from './inline-exporter';

export type { LokiExporterStats } from './inline-exporter';

/**
 * Ships records to Grafana Loki's push API. By default the work after the
 * batch processor (the Dynamo line, protobuf, snappy, HTTP, retries, queues)
 * runs on a worker thread this exporter owns; `delivery: 'inline'` keeps it
 * on the event loop. Options are checked here, on the caller's thread, so a
 * bad one throws `ConfigurationError` at construction either way.
 */
export class LokiLogRecordExporter implements LogRecordExporter {
  private readonly impl: InnerExporter;

  constructor(options: LokiExporterOptions = {}) {
    resolveConfig(options);
    this.impl = startDelivery({
      name: 'loki',
      mode: resolveDeliveryMode(options.delivery, options.env ?? process.env),
      module: join(__dirname, 'worker-factory' + extname(__filename)),
      factory: 'createLokiExporter',
      options,
      inline: () => new LokiInlineExporter(options),
      ...(options.meterProvider !== undefined ? { meterProvider: options.meterProvider } : {}),
      ...(options.flushTimeoutMillis !== undefined ? { flushTimeoutMillis: options.flushTimeoutMillis } : {}),
      durable: options.queue?.directory !== undefined,
    });
  }

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.impl.export(records, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.impl.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.impl.shutdown();
  }

  stats(): LokiExporterStats {
    return this.impl.stats!() as LokiExporterStats;
  }

  /** At process.exit(): hands `records` to the worker and waits, blocking, for delivery up to the exit deadline. */
  exportSync(records: ReadableLogRecord[]): boolean {
    return this.impl.exportSync?.(records) ?? false;
  }
}
