import { diag } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { DeliveryExporter } from '@dynamo-logging/core';
import type { DeliveryBackend, DeliveryResponse, DeliveryStats, EncodedRequest, Outcome } from '@dynamo-logging/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { classifyLokiResponse } from './classify';
import { resolveConfig } from './config';
import type { LokiExporterOptions, ResolvedLokiConfig } from './config';
import { exceedsBytes } from './entry';
import { LokiEncoder } from './encode';

/** Delivery counters plus the lines this exporter cut at `maxLineSize`. */
export interface LokiExporterStats extends DeliveryStats {
  readonly truncated: number;
}

/**
 * Largest body we hand to one push. Loki's gRPC limit between distributor and
 * ingester defaults to 4 MiB and a push is forwarded whole, so a body beyond
 * it is split by the delivery layer before sending.
 */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Ships records to Grafana Loki's push API. Only what is particular to Loki
 * lives here (encoding, response classification); queueing, retry, splitting,
 * TLS and counters are core's `DeliveryExporter`.
 */
export class LokiLogRecordExporter implements LogRecordExporter {
  private readonly config: ResolvedLokiConfig;
  private readonly encoder: LokiEncoder;
  private readonly delivery: DeliveryExporter;
  /** Lines dropped before queueing (`lineTooLong: 'drop'`); the layer never sees them. */
  private tooLong = 0;

  constructor(options: LokiExporterOptions = {}) {
    this.config = resolveConfig(options);
    this.encoder = new LokiEncoder(this.config);
    const encoder = this.encoder;
    const backend: DeliveryBackend = {
      name: 'loki',
      maxBodyBytes: MAX_BODY_BYTES,
      encode: (records: ReadableLogRecord[]): EncodedRequest[] => encoder.encode(records),
      classify: (response: DeliveryResponse, request: EncodedRequest): Outcome =>
        classifyLokiResponse(response, request, (record) => encoder.line(record).length),
    };
    this.delivery = new DeliveryExporter(backend, {
      endpoint: this.config.endpoint,
      headers: this.config.headers,
      compression: this.config.compression,
      ...(options.timeoutMillis !== undefined ? { timeoutMillis: options.timeoutMillis } : {}),
      ...(options.maxConcurrentRequests !== undefined ? { maxConcurrentRequests: options.maxConcurrentRequests } : {}),
      ...(options.maxBatchRecords !== undefined ? { maxBatchRecords: options.maxBatchRecords } : {}),
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.queue !== undefined ? { queue: options.queue } : {}),
      ...(options.tls !== undefined ? { tls: options.tls } : {}),
      ...(options.flushTimeoutMillis !== undefined ? { flushTimeoutMillis: options.flushTimeoutMillis } : {}),
      ...(options.meterProvider !== undefined ? { meterProvider: options.meterProvider } : {}),
    });
  }

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    if (this.config.lineTooLong === 'drop') records = this.dropTooLong(records);
    if (records.length === 0) {
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    this.delivery.export(records, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.delivery.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.delivery.shutdown();
  }

  stats(): LokiExporterStats {
    const base = this.delivery.stats();
    const dropped = this.tooLong > 0 ? { ...base.dropped, line_too_long: (base.dropped['line_too_long'] ?? 0) + this.tooLong } : base.dropped;
    return { ...base, dropped, truncated: this.encoder.truncatedCount() };
  }

  /** Formats each line once; kept lines are reused by the encoder. */
  private dropTooLong(records: ReadableLogRecord[]): ReadableLogRecord[] {
    const kept: ReadableLogRecord[] = [];
    for (const record of records) {
      const line = this.encoder.line(record);
      if (exceedsBytes(line, this.config.maxLineSize)) {
        if (this.tooLong++ === 0) diag.warn(`Loki line longer than maxLineSize (${this.config.maxLineSize} bytes) dropped; further drops are counted in stats().dropped.line_too_long`);
        continue;
      }
      this.encoder.preformatted.set(record, line);
      kept.push(record);
    }
    return kept;
  }
}
