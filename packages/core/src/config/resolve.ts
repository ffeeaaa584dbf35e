import type { AttributeValue } from '@opentelemetry/api';
import type { ContainerOptions, UnknownKeyPolicy } from '../container-options';
import { checkContainerOptions, checkInteger } from './check-option';
import { readBoolean, readChoice, readInteger } from './env';
import { LevelFilter } from './levels';
import { reportMissingResource, resolveResourceAttributes } from './resource';
import { resolveDeliveryMode, type DeliveryMode } from '../delivery/worker/start-delivery';

export const BACKENDS = ['jsonl', 'otlp', 'loki', 'splunk', 'elastic'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type ConsoleFormat = 'jsonl' | 'readable';

export interface BatchSettings {
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
}

export interface ResolvedConfig {
  readonly resource: Record<string, AttributeValue>;
  readonly missingResource: readonly string[];
  readonly levels: LevelFilter;
  readonly batch: BatchSettings;
  readonly consoleFormat: ConsoleFormat;
  readonly localTime: boolean;
  readonly ansi: boolean;
  readonly backend: BackendName;
  readonly unknownKeys: UnknownKeyPolicy;
  readonly attributeCountLimit: number | undefined;
  readonly attributeValueLengthLimit: number | undefined;
  readonly spanEvents: boolean;
  /** Where the default console exporter and the exporters built from env do their work. */
  readonly delivery: DeliveryMode;
}

/**
 * Defaults differ from the OTel SDK's on purpose: a larger queue so a burst of
 * logging between two event-loop turns is not dropped, and a short delay so
 * console lines appear promptly.
 */
const DEFAULT_BATCH: BatchSettings = {
  maxQueueSize: 16_384,
  maxExportBatchSize: 1_024,
  scheduledDelayMillis: 200,
  exportTimeoutMillis: 30_000,
};

/** Every setting in one place: code options, then env, then defaults, per field. */
export function resolveConfig(options: ContainerOptions, isTty: boolean): ResolvedConfig {
  checkContainerOptions(options);
  const env = options.env ?? process.env;
  const levelSource = options.level !== undefined ? 'level option' : 'DYN_LOG';
  const resource = resolveResourceAttributes(options.resource, env);
  const missingResource = reportMissingResource(resource);

  const b = options.batch;
  const batch: BatchSettings = {
    maxQueueSize: checkInteger('batch.maxQueueSize', b?.maxQueueSize, 1) ?? readInteger(env, 'OTEL_BLRP_MAX_QUEUE_SIZE', DEFAULT_BATCH.maxQueueSize, 1) ?? DEFAULT_BATCH.maxQueueSize,
    maxExportBatchSize:
      checkInteger('batch.maxExportBatchSize', b?.maxExportBatchSize, 1) ??
      readInteger(env, 'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE', DEFAULT_BATCH.maxExportBatchSize, 1) ??
      DEFAULT_BATCH.maxExportBatchSize,
    scheduledDelayMillis:
      checkInteger('batch.scheduledDelayMillis', b?.scheduledDelayMillis, 0) ??
      readInteger(env, 'OTEL_BLRP_SCHEDULE_DELAY', DEFAULT_BATCH.scheduledDelayMillis) ??
      DEFAULT_BATCH.scheduledDelayMillis,
    exportTimeoutMillis:
      checkInteger('batch.exportTimeoutMillis', b?.exportTimeoutMillis, 1) ??
      readInteger(env, 'OTEL_BLRP_EXPORT_TIMEOUT', DEFAULT_BATCH.exportTimeoutMillis, 1) ??
      DEFAULT_BATCH.exportTimeoutMillis,
  };

  const explicitFormat = readChoice<ConsoleFormat>(env, 'DYN_LOGGING_CONSOLE_FORMAT', ['jsonl', 'readable'], undefined);
  const jsonlFlag = readBoolean(env, 'DYN_LOGGING_JSONL', false);
  const consoleFormat: ConsoleFormat = explicitFormat ?? (jsonlFlag === true ? 'jsonl' : jsonlFlag === false ? 'readable' : isTty ? 'readable' : 'jsonl');

  return {
    resource,
    missingResource,
    levels: LevelFilter.parse(options.level ?? env['DYN_LOG'], levelSource),
    batch,
    consoleFormat,
    localTime: readBoolean(env, 'DYN_LOG_USE_LOCAL_TZ', false) ?? false,
    ansi: !(readBoolean(env, 'DYN_SDK_DISABLE_ANSI_LOGGING', false) ?? false),
    backend: readChoice<BackendName>(env, 'DYN_LOGGING_BACKEND', BACKENDS, 'jsonl') ?? 'jsonl',
    unknownKeys: options.unknownKeys ?? readChoice<UnknownKeyPolicy>(env, 'DYN_LOGGING_UNKNOWN_KEYS', ['keep', 'warn', 'drop'], 'keep') ?? 'keep',
    attributeCountLimit: readInteger(env, 'OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', undefined, 1),
    attributeValueLengthLimit: readInteger(env, 'OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', undefined, 1),
    spanEvents: readBoolean(env, 'DYN_LOGGING_SPAN_EVENTS', false) ?? false,
    delivery: resolveDeliveryMode(options.delivery, env),
  };
}
