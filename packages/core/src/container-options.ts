import type { AttributeValue } from '@opentelemetry/api';
import type { BatchLogRecordProcessorOptions, LogRecordExporter, LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { QueueOptions } from './delivery/types';

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
  /** Register the provider as the global one (so OTel bridges land here); default true. */
  readonly registerGlobal?: boolean;
  /** Flush on `beforeExit`, `SIGTERM`, `SIGINT`; default true. */
  readonly exitHooks?: boolean;
  /** The environment to read; default `process.env`. Tests pass their own. */
  readonly env?: NodeJS.ProcessEnv;
}
