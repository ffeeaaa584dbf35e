import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { DELIVERY_DEFAULTS, DeliveryExporter } from '@dynamo-logging/core/delivery';
import type { DeliveryStats } from '@dynamo-logging/core';
import { SplunkHecBackend } from './backend';
import { resolveConfig } from './config';
import type { SplunkHecOptions } from './config';

const ABANDON_MARGIN_MS = 100;

/**
 * Ships log records to Splunk's HTTP Event Collector on the thread it is built
 * on (the delivery worker by default, see exporter.ts): gzip batches of
 * concatenated events, HEC's replies mapped code by code, optional indexer
 * acknowledgment for at-least-once delivery. Queueing, retries and counters
 * are core's delivery layer.
 */
export class SplunkInlineExporter implements LogRecordExporter {
  private readonly delivery: DeliveryExporter;
  private readonly backend: SplunkHecBackend;
  private readonly flushTimeoutMillis: number;
  /** The channel GUID this exporter sends on (`X-Splunk-Request-Channel`). */
  readonly channel: string;

  /** `env` fills what `options` leave out (`DYN_SPLUNK_*`); pass `{}` to ignore the environment. */
  constructor(options: SplunkHecOptions = {}, env: NodeJS.ProcessEnv = process.env) {
    const config = resolveConfig(options, env);
    this.channel = config.channel;
    this.backend = new SplunkHecBackend(config);
    this.flushTimeoutMillis = config.flushTimeoutMillis ?? DELIVERY_DEFAULTS.flushTimeoutMillis;
    this.delivery = new DeliveryExporter(this.backend, {
      endpoint: config.endpoint,
      headers: { Authorization: `Splunk ${config.token}` },
      compression: config.compression,
      ...(config.compressionLevel !== undefined ? { compressionLevel: config.compressionLevel } : {}),
      maxConcurrentRequests: config.maxConcurrentRequests,
      ...(config.timeoutMillis !== undefined ? { timeoutMillis: config.timeoutMillis } : {}),
      ...(config.maxBatchRecords !== undefined ? { maxBatchRecords: config.maxBatchRecords } : {}),
      ...(config.retry !== undefined ? { retry: config.retry } : {}),
      ...(config.queue !== undefined ? { queue: config.queue } : {}),
      ...(config.tls !== undefined ? { tls: config.tls } : {}),
      ...(config.flushTimeoutMillis !== undefined ? { flushTimeoutMillis: config.flushTimeoutMillis } : {}),
      ...(config.meterProvider !== undefined ? { meterProvider: config.meterProvider } : {}),
    });
  }

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.delivery.export(records, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.delivery.forceFlush();
  }

  async shutdown(): Promise<void> {
    // After its flush deadline the delivery layer still waits for requests in flight, and one waiting for an
    // acknowledgment would hold shutdown until ackTimeoutMillis: just past the deadline (so nothing is resent), stop
    // waiting for acks.
    const timer = setTimeout(() => this.backend.abandonAcks(), this.flushTimeoutMillis + ABANDON_MARGIN_MS);
    timer.unref();
    try {
      await this.delivery.shutdown();
    } finally {
      clearTimeout(timer);
    }
  }

  stats(): DeliveryStats {
    return this.delivery.stats();
  }
}
