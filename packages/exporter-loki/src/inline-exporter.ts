import { diag } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { DeliveryExporter } from '@dynamo-logging/core/delivery';
import type { DeliveryStats } from '@dynamo-logging/core';
import type { DeliveryBackend, DeliveryInternals, DeliveryResponse, EncodedRequest, Outcome } from '@dynamo-logging/core/delivery';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { classifyLokiResponse } from './classify';
import { resolveConfig } from './config';
import type { LokiExporterOptions, ResolvedLokiConfig } from './config';
import { exceedsBytes } from './entry';
import { LokiEncoder } from './encode';
import { loadSnappy } from './snappy-codec';
import { outsideWindow } from './time-window';
import type { SnappyCompress } from './snappy-codec';

/** Delivery counters plus the lines this exporter cut at `maxLineSize`. */
export interface LokiExporterStats extends DeliveryStats {
  readonly truncated: number;
  /** Old records sent with a new time (`oldRecords: 'restamp'`). */
  readonly restamped: number;
}

/**
 * Largest body we hand to one push. Loki's gRPC limit between distributor and
 * ingester defaults to 4 MiB and a push is forwarded whole, so a body beyond
 * it is split by the delivery layer before sending.
 */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Ships records to Grafana Loki's push API on the thread it is built on: the
 * delivery worker by default (see exporter.ts), the event loop with
 * `delivery: 'inline'`. Only what is particular to Loki lives here (encoding,
 * response classification); queueing, retry, splitting, TLS and counters are
 * core's `DeliveryExporter`.
 */
export class LokiInlineExporter implements LogRecordExporter {
  private readonly config: ResolvedLokiConfig;
  private readonly encoder: LokiEncoder;
  private readonly delivery: DeliveryExporter;

  /** `internals` is for tests (a clock whose waits cost no real time), not a user option. */
  constructor(options: LokiExporterOptions = {}, /** @internal */ internals: DeliveryInternals = {}) {
    let config = resolveConfig(options);
    let compress: SnappyCompress | undefined;
    if (config.format === 'protobuf') {
      const snappy = loadSnappy();
      if ('compress' in snappy) {
        compress = snappy.compress;
      } else {
        // Lines still reach Loki, in its other push format; `compression` keeps its explicit value, else JSON's gzip.
        config = resolveConfig({ ...options, format: 'json' });
        diag.warn(`Loki exporter: snappy cannot load here (${snappy.error}); sending JSON${config.compression === 'gzip' ? ' with gzip' : ''} instead of protobuf. Install snappy's prebuilt binary for this platform to use protobuf.`);
      }
    }
    this.config = config;
    this.encoder = new LokiEncoder(this.config, compress);
    const encoder = this.encoder;
    const backend: DeliveryBackend = {
      name: 'loki',
      maxBodyBytes: MAX_BODY_BYTES,
      // A stream's pushes go in order: Loki refuses entries behind its newest (unordered_writes: false) or far behind.
      ordered: true,
      encode: (records: ReadableLogRecord[]): EncodedRequest[] => encoder.encode(records),
      classify: (response: DeliveryResponse, request: EncodedRequest): Outcome =>
        classifyLokiResponse(response, request, (record) => encoder.line(record).length),
    };
    this.delivery = new DeliveryExporter(backend, this.config.delivery, internals);
  }

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    records = this.dropOutsideWindow(records);
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
    return { ...this.delivery.stats(), truncated: this.encoder.truncatedCount(), restamped: this.encoder.restampedTotal() };
  }

  /** Leaves out, and counts once per reason, what Loki would refuse for its time; the batch itself when all is in the window. */
  private dropOutsideWindow(records: ReadableLogRecord[]): ReadableLogRecord[] {
    const now = Date.now();
    const window = this.config.timeWindow;
    let kept: ReadableLogRecord[] | undefined;
    let tooOld = 0;
    let tooNew = 0;
    for (let i = 0; i < records.length; i++) {
      const reason = outsideWindow(records[i]!, now, window);
      if (reason === undefined) {
        kept?.push(records[i]!);
        continue;
      }
      kept ??= records.slice(0, i);
      if (reason === 'too_old') tooOld++;
      else tooNew++;
    }
    if (tooOld > 0) this.delivery.countDropped(tooOld, 'too_old', `older than rejectOldSamplesMaxAgeMillis (${window.maxAgeMillis} ms), which Loki refuses`);
    if (tooNew > 0) this.delivery.countDropped(tooNew, 'too_new', `more than creationGracePeriodMillis (${window.gracePeriodMillis} ms) in the future, which Loki refuses`);
    return kept ?? records;
  }

  /** Formats each line once; kept lines are reused by the encoder. */
  private dropTooLong(records: ReadableLogRecord[]): ReadableLogRecord[] {
    const kept: ReadableLogRecord[] = [];
    for (const record of records) {
      const line = this.encoder.line(record);
      if (exceedsBytes(line, this.config.maxLineSize)) {
        this.delivery.countDropped(1, 'line_too_long', `line longer than maxLineSize (${this.config.maxLineSize} bytes)`);
        continue;
      }
      this.encoder.preformatted.set(record, line);
      kept.push(record);
    }
    return kept;
  }
}
