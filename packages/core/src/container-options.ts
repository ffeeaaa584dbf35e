import type { AttributeValue } from '@opentelemetry/api';
import type { BatchLogRecordProcessorOptions, LogRecordExporter, LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { QueueOptions } from './delivery/types';
import type { DeliveryMode } from './delivery/worker/start-delivery';
import type { RedactionOptions } from './processors/redaction-processor';
import type { SamplingOptions } from './processors/sampling-processor';
import type { SpanBufferingOptions } from './processors/span-buffering-processor';

/** What an attribute outside the semconv registry does at enforcement. */
export type UnknownKeyPolicy = 'keep' | 'warn' | 'drop';

/**
 * Options of `LogContainer.start()`. Every `create<Backend>Container()` takes
 * these plus its backend's own. Code options beat env, env beats defaults.
 */
export interface ContainerOptions {
  /** Resource attributes: `service.name`, `namespace`, `component`, ... (env: `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`). */
  readonly resource?: Record<string, AttributeValue>;
  /** A level (`info`) or `DYN_LOG` directives (`info,dynamo.http=debug`). Env: `DYN_LOG`. Default `info`. */
  readonly level?: string;
  /** Where records go; default the Dynamo JSONL exporter on stderr (or `DYN_LOGGING_BACKEND`'s with `fromEnv`). */
  readonly exporter?: LogRecordExporter;
  /** Extra processors, run after enforcement and before the batch processor. */
  readonly processors?: LogRecordProcessor[];
  /** `BatchLogRecordProcessor` settings (env: `OTEL_BLRP_*`). */
  readonly batch?: Omit<BatchLogRecordProcessorOptions, 'exporter'>;
  /** The delivery layer's queue, handed to HTTP exporters the container creates. */
  readonly queue?: QueueOptions;
  /** Unknown-attribute policy of the `SemanticConventionProcessor`; default `keep`. */
  readonly unknownKeys?: UnknownKeyPolicy;
  /** Masking of sensitive keys and secret-shaped values; on by default, `false` turns it off. */
  readonly redaction?: RedactionOptions | false;
  /** Per-level keep ratios (`{ debug: 0.05, trace: 0.01 }`); warn and above are always kept. Default: keep all. */
  readonly sampling?: SamplingOptions;
  /** Hold debug/trace records of a span and release them only if it fails; `true` for the defaults. Default off. */
  readonly spanBuffering?: SpanBufferingOptions | true;
  /** Write `SPAN_FIRST_ENTRY` / `SPAN_CLOSED` lines (env `DYN_LOGGING_SPAN_EVENTS`); needs `container.spanProcessor()` on the TracerProvider. */
  readonly spanEvents?: boolean;
  /** Also record error logs on the active span as exception events; default false. */
  readonly exceptionEvents?: boolean;
  /** Register the provider as the global one (so OTel bridges land here); default true. */
  readonly registerGlobal?: boolean;
  /** Flush on `beforeExit`, `SIGTERM`, `SIGINT`; default true. */
  readonly exitHooks?: boolean;
  /**
   * `worker` (default): the default console exporter, and every HTTP exporter a container builds, format,
   * compress and send on a worker thread, so the event loop only hands batches over; `inline`: on the event
   * loop. Env: `DYN_LOGGING_DELIVERY`.
   */
  readonly delivery?: DeliveryMode;
  /**
   * When no OTel diag logger is set, the library's own warnings and errors go to stderr as Dynamo
   * lines (target `dynamo_logging`, at most 20 per 10 s); `false` leaves diag alone. A diag logger
   * the user sets always wins. Default true.
   */
  readonly diagnostics?: boolean;
  /** The environment to read; default `process.env`. Tests pass their own. */
  readonly env?: NodeJS.ProcessEnv;
}
