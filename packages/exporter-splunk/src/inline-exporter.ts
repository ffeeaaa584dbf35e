import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { DELIVERY_DEFAULTS, DeliveryExporter, REAL_CLOCK } from '@dynamo-logging/core/delivery';
import type { DeliveryClock, DeliveryInternals } from '@dynamo-logging/core/delivery';
import type { DeliveryStats } from '@dynamo-logging/core';
import { SplunkHecBackend } from './backend';
import { resolveConfig } from './config';
import type { SplunkExporterOptions } from './config';

const ABANDON_MARGIN_MS = 100;

/** The delivery counters: HEC adds none of its own (acknowledged records count in `exported`). Named like Loki's and Elastic's. */
export type SplunkExporterStats = DeliveryStats;

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
  private readonly clock: DeliveryClock;
  /** The channel GUID this exporter sends on (`X-Splunk-Request-Channel`). */
  readonly channel: string;

  /** `internals` is for tests (a clock whose waits cost no real time), not a user option. */
  constructor(options: SplunkExporterOptions = {}, /** @internal */ internals: DeliveryInternals = {}) {
    const config = resolveConfig(options);
    this.channel = config.channel;
    this.clock = internals.clock ?? REAL_CLOCK;
    this.backend = new SplunkHecBackend(config, this.clock);
    this.flushTimeoutMillis = config.delivery.flushTimeoutMillis ?? DELIVERY_DEFAULTS.flushTimeoutMillis;
    this.delivery = new DeliveryExporter(this.backend, config.delivery, internals);
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
    const abandon = (): void => this.backend.abandonAcks();
    const after = this.flushTimeoutMillis + ABANDON_MARGIN_MS;
    const timer = this.clock.setTimeout(abandon, after);
    try {
      await this.delivery.shutdown();
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  stats(): SplunkExporterStats {
    return this.delivery.stats();
  }
}
