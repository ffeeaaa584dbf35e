import { ConfigurationError } from '@dynamo-logging/core';
import { authorizationHeader, nonEmpty, readBoolean, readChoice, readString, reportBadEnv, resolveEndpoint, toDeliveryOptions, verbatim } from '@dynamo-logging/core/delivery';
import type { DeliveryOptions, HttpExporterOptions } from '@dynamo-logging/core/delivery';
import type { TimeWindow } from './time-window';

/**
 * Options of `LokiLogRecordExporter` and `createLokiContainer`: Loki's own, plus every delivery option
 * (`HttpExporterOptions`, see core's README). Code options beat env, env beats defaults.
 */
export interface LokiExporterOptions extends HttpExporterOptions {
  /** Loki base URL (`http://loki:3100`) or the full push URL. Env: `DYN_LOKI_URL`. */
  readonly endpoint?: string;
  /** Static labels added to every stream. Env: `DYN_LOKI_LABELS` as `k=v,k2=v2`. */
  readonly labels?: Record<string, string>;
  /** Sent as `X-Scope-OrgID`. Env: `DYN_LOKI_TENANT_ID`. */
  readonly tenantId?: string;
  /** Basic auth. Env: `DYN_LOKI_USERNAME`, `DYN_LOKI_PASSWORD`. */
  readonly username?: string;
  readonly password?: string;
  /** `Authorization: Bearer`. Env: `DYN_LOKI_BEARER_TOKEN`. Exclusive with basic auth. */
  readonly bearerToken?: string;
  /** `protobuf` (snappy, default) or `json` (gzip). Env: `DYN_LOKI_FORMAT`. */
  readonly format?: LokiFormat;
  /**
   * HTTP `Content-Encoding` on top of the body: `none` (protobuf default: the
   * body is already snappy) or `gzip` (JSON default; over snappy it trades
   * some CPU for about half the bytes, and Loki accepts it). Env: `DYN_LOKI_COMPRESSION`.
   */
  readonly compression?: 'none' | 'gzip';
  /** `jsonl`: the Dynamo JSONL line (default); `message`: the message only, attributes in structured metadata. Env: `DYN_LOKI_LINE`. */
  readonly line?: LokiLineMode;
  /** Print local time in the JSONL line. Env: `DYN_LOG_USE_LOCAL_TZ`. */
  readonly localTime?: boolean;
  /** Loki's `max_line_size`; default 262144 bytes. */
  readonly maxLineSize?: number;
  /** What to do with a longer line: `truncate` with a marker (default) or `drop`; both counted. */
  readonly lineTooLong?: 'truncate' | 'drop';
  /**
   * Records older than `oldRecordMaxAgeMillis` (a backlog replayed after an outage): `drop` (default) sends them as
   * they are, and Loki refuses them (`too_far_behind`, `greater_than_max_sample_age`), counted by its reason;
   * `restamp` sends them with the time they are sent, the original time kept in the line and in the structured
   * metadata `original_timestamp`, so they are stored. Env: `DYN_LOKI_OLD_RECORDS`.
   */
  readonly oldRecords?: 'drop' | 'restamp';
  /** Age past which `oldRecords` applies; default 3,600,000 ms: half of Loki's default `max_chunk_age`, its out-of-order window. */
  readonly oldRecordMaxAgeMillis?: number;
  /**
   * Loki's `reject_old_samples_max_age`; default 604,800,000 ms (7 days). An older record is dropped before sending
   * and counted as `too_old`, as Loki would refuse it; with `oldRecords: 'restamp'` it is restamped instead.
   */
  readonly rejectOldSamplesMaxAgeMillis?: number;
  /** Loki's `creation_grace_period`; default 600,000 ms. A record further in the future is dropped as `too_new`. */
  readonly creationGracePeriodMillis?: number;
  /** Loki's `max_label_names_per_series`; default 15. */
  readonly maxLabelNames?: number;
  /** Loki's `max_label_value_length`; default 2048 bytes. */
  readonly maxLabelValueLength?: number;
  /** Add the lowercase Dynamo level as the `level` label; default true. */
  readonly levelLabel?: boolean;
  /** Record attribute keys copied to structured metadata in `jsonl` line mode; default the request and instance ids. */
  readonly structuredMetadataKeys?: readonly string[];
}

export type LokiFormat = 'protobuf' | 'json';
export type LokiLineMode = 'jsonl' | 'message';

export const PUSH_PATH = '/loki/api/v1/push';

/**
 * High-cardinality keys that must never be labels; in `jsonl` mode they are
 * also in the line, and structured metadata makes them filterable without a
 * line parser. Trace ids come from the span context and are always added.
 */
export const DEFAULT_STRUCTURED_METADATA_KEYS: readonly string[] = [
  'request_id', 'x_request_id', 'instance_id', 'span_name', 'parent_id', 'prefill_worker_id', 'decode_worker_id',
];

/** Everything the encoder and exporter need, resolved once. */
export interface ResolvedLokiConfig {
  /** What the delivery layer is given: endpoint, headers and every delivery option (`toDeliveryOptions`). */
  readonly delivery: DeliveryOptions;
  /** Full push URL (userinfo removed). */
  readonly endpoint: string;
  readonly pushPath: string;
  readonly headers: Record<string, string>;
  readonly staticLabels: Record<string, string>;
  readonly format: LokiFormat;
  readonly compression: 'none' | 'gzip';
  readonly line: LokiLineMode;
  readonly localTime: boolean;
  /** `formatDynamoLine` options, one object for every record. */
  readonly lineOptions: { readonly localTime: boolean };
  readonly maxLineSize: number;
  readonly lineTooLong: 'truncate' | 'drop';
  readonly oldRecords: 'drop' | 'restamp';
  readonly oldRecordMaxAgeMillis: number;
  /** The times Loki accepts; records outside are dropped before sending. */
  readonly timeWindow: TimeWindow;
  readonly maxLabelNames: number;
  readonly maxLabelValueLength: number;
  readonly levelLabel: boolean;
  readonly structuredMetadataKeys: readonly string[];
}

/** DYN_LOKI_LABELS: a malformed pair is reported and skipped, the others kept (the env policy). */
function parseEnvLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) {
      reportBadEnv('DYN_LOKI_LABELS', part.trim(), 'k=v pairs separated by commas', 'the other pairs');
      continue;
    }
    labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return labels;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], source: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigurationError(`${source} must be one of ${allowed.join(', ')}, got "${value}"`);
}

function positiveInt(value: number | undefined, source: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value <= 0) throw new ConfigurationError(`${source} must be a positive integer, got ${value}`);
  return value;
}

/** Code options, then `DYN_LOKI_*`, then defaults, field by field; throws `ConfigurationError` naming the option or variable. */
export function resolveConfig(options: LokiExporterOptions = {}): ResolvedLokiConfig {
  const env = options.env ?? process.env;
  const { url, basePath, userinfo } = resolveEndpoint({
    what: 'Loki endpoint', option: 'endpoint', value: options.endpoint, variable: 'DYN_LOKI_URL', env, example: 'http://loki:3100',
  });
  // A base URL or the full push URL; anything before the push path is a proxy prefix, kept.
  const pushPath = basePath.endsWith(PUSH_PATH) ? basePath : basePath + PUSH_PATH;
  url.pathname = pushPath;
  const endpoint = url.toString();

  // One source merged field by field (code, env, then the URL's userinfo), so a user name in code can take its password from env.
  const authorization = authorizationHeader(
    {
      username: nonEmpty(options.username) ?? readString(env, 'DYN_LOKI_USERNAME') ?? userinfo?.username,
      password: verbatim(options.password) ?? verbatim(env['DYN_LOKI_PASSWORD']) ?? userinfo?.password,
      bearerToken: nonEmpty(options.bearerToken) ?? readString(env, 'DYN_LOKI_BEARER_TOKEN'),
    },
    { username: 'username or DYN_LOKI_USERNAME', password: 'password or DYN_LOKI_PASSWORD', bearerToken: 'bearerToken or DYN_LOKI_BEARER_TOKEN' },
    { passwordOptional: true },
  );
  const tenantId = nonEmpty(options.tenantId) ?? readString(env, 'DYN_LOKI_TENANT_ID');
  const own: Record<string, string> = {};
  if (tenantId !== undefined) own['X-Scope-OrgID'] = tenantId;
  if (authorization !== undefined) own['Authorization'] = authorization;

  const envLabels = readString(env, 'DYN_LOKI_LABELS');
  const staticLabels = options.labels ?? (envLabels !== undefined ? parseEnvLabels(envLabels) : {});

  const format = options.format ?? readChoice(env, 'DYN_LOKI_FORMAT', ['protobuf', 'json'] as const, undefined) ?? 'protobuf';
  oneOf(format, ['protobuf', 'json'] as const, 'format');
  const compression = options.compression ?? readChoice(env, 'DYN_LOKI_COMPRESSION', ['none', 'gzip'] as const, undefined) ?? (format === 'json' ? 'gzip' : 'none');
  oneOf(compression, ['none', 'gzip'] as const, 'compression');
  const line = options.line ?? readChoice(env, 'DYN_LOKI_LINE', ['jsonl', 'message'] as const, undefined) ?? 'jsonl';
  oneOf(line, ['jsonl', 'message'] as const, 'line');
  const lineTooLong = options.lineTooLong ?? 'truncate';
  oneOf(lineTooLong, ['truncate', 'drop'] as const, 'lineTooLong');
  const localTime = options.localTime ?? readBoolean(env, 'DYN_LOG_USE_LOCAL_TZ', false) ?? false;
  const oldRecords = options.oldRecords ?? readChoice(env, 'DYN_LOKI_OLD_RECORDS', ['drop', 'restamp'] as const, 'drop') ?? 'drop';
  oneOf(oldRecords, ['drop', 'restamp'] as const, 'oldRecords');

  const delivery = toDeliveryOptions(options, { endpoint, headers: own, defaults: { compression } });
  return {
    delivery,
    endpoint,
    pushPath,
    headers: delivery.headers ?? {},
    staticLabels,
    format,
    compression,
    line,
    localTime,
    lineOptions: { localTime },
    maxLineSize: positiveInt(options.maxLineSize, 'maxLineSize') ?? 262144,
    lineTooLong,
    oldRecords,
    oldRecordMaxAgeMillis: positiveInt(options.oldRecordMaxAgeMillis, 'oldRecordMaxAgeMillis') ?? 3_600_000,
    timeWindow: {
      // A restamped record is sent with the time it is sent, so no age is too old.
      maxAgeMillis: oldRecords === 'restamp' ? Number.POSITIVE_INFINITY : positiveInt(options.rejectOldSamplesMaxAgeMillis, 'rejectOldSamplesMaxAgeMillis') ?? 604_800_000,
      gracePeriodMillis: positiveInt(options.creationGracePeriodMillis, 'creationGracePeriodMillis') ?? 600_000,
    },
    maxLabelNames: positiveInt(options.maxLabelNames, 'maxLabelNames') ?? 15,
    maxLabelValueLength: positiveInt(options.maxLabelValueLength, 'maxLabelValueLength') ?? 2048,
    levelLabel: options.levelLabel ?? true,
    structuredMetadataKeys: options.structuredMetadataKeys ?? DEFAULT_STRUCTURED_METADATA_KEYS,
  };
}
