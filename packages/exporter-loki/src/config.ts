import { ConfigurationError } from '@dynamo-logging/core';
import { readBoolean, readChoice, reportBadEnv } from '@dynamo-logging/core/delivery';
import type { DeliveryMode } from '@dynamo-logging/core';
import type { QueueOptions, RetryOptions, TlsOptions } from '@dynamo-logging/core/delivery';
import type { MeterProvider } from '@opentelemetry/api';
import type { TimeWindow } from './time-window';

/** Options of `LokiLogRecordExporter` and `createLokiContainer`. Code options beat env, env beats defaults. */
export interface LokiExporterOptions {
  /** Loki base URL (`http://loki:3100`) or the full push URL. Env: `DYN_LOKI_URL`. */
  readonly endpoint?: string;
  /**
   * `worker` (default): encoding, compression and HTTP run on a worker thread the exporter owns, so the
   * service's event loop only hands each batch over. `inline`: all of it on the event loop. Env: `DYN_LOGGING_DELIVERY`.
   */
  readonly delivery?: DeliveryMode;
  /** Static labels added to every stream. Env: `DYN_LOKI_LABELS` as `k=v,k2=v2`. */
  readonly labels?: Record<string, string>;
  /** Sent as `X-Scope-OrgID`. Env: `DYN_LOKI_TENANT_ID`. */
  readonly tenantId?: string;
  /** Basic auth. Env: `DYN_LOKI_USERNAME`, `DYN_LOKI_PASSWORD`. */
  readonly username?: string;
  readonly password?: string;
  /** `Authorization: Bearer`. Env: `DYN_LOKI_BEARER_TOKEN`. Exclusive with basic auth. */
  readonly bearerToken?: string;
  /** Extra request headers (treated as secrets in diagnostics). */
  readonly headers?: Record<string, string>;
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
  /** Delivery settings handed to core's delivery layer. */
  readonly timeoutMillis?: number;
  /** Pushes in flight at once; default 1, so a stream's entries reach Loki in order (see README). */
  readonly maxConcurrentRequests?: number;
  /** Records per push request taken from the delivery queue (core default 1000). */
  readonly maxBatchRecords?: number;
  readonly retry?: RetryOptions;
  readonly queue?: QueueOptions;
  readonly tls?: TlsOptions;
  readonly flushTimeoutMillis?: number;
  readonly meterProvider?: MeterProvider;
  /** The environment to read; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
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

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
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

/** Splits the endpoint into a credential-free URL and the push path, keeping any proxy prefix. */
function resolveEndpoint(raw: string, source: string): { endpoint: string; pushPath: string; userinfo?: { username: string; password: string } } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The raw value may hold credentials: name the option, not the value.
    throw new ConfigurationError(`${source} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(`${source} must be an http(s) URL, got protocol ${url.protocol}`);
  }
  const userinfo = url.username !== '' || url.password !== ''
    ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  url.username = '';
  url.password = '';
  const base = url.pathname.replace(/\/+$/, '');
  const pushPath = base.endsWith(PUSH_PATH) ? base : base + PUSH_PATH;
  url.pathname = pushPath;
  return { endpoint: url.toString(), pushPath, ...(userinfo ? { userinfo } : {}) };
}

export function resolveConfig(options: LokiExporterOptions = {}): ResolvedLokiConfig {
  const env = options.env ?? process.env;
  const endpointSource = options.endpoint !== undefined ? 'endpoint' : 'DYN_LOKI_URL';
  const rawEndpoint = nonEmpty(options.endpoint) ?? nonEmpty(env.DYN_LOKI_URL);
  if (rawEndpoint === undefined) {
    throw new ConfigurationError('Loki endpoint missing: set the `endpoint` option or DYN_LOKI_URL (e.g. http://loki:3100)');
  }
  const { endpoint, pushPath, userinfo } = resolveEndpoint(rawEndpoint, endpointSource);

  const tenantId = options.tenantId ?? nonEmpty(env.DYN_LOKI_TENANT_ID);
  const username = options.username ?? nonEmpty(env.DYN_LOKI_USERNAME) ?? userinfo?.username;
  const password = options.password ?? env.DYN_LOKI_PASSWORD ?? userinfo?.password;
  const bearerToken = options.bearerToken ?? nonEmpty(env.DYN_LOKI_BEARER_TOKEN);
  if (bearerToken !== undefined && username !== undefined) {
    throw new ConfigurationError('Loki auth: set either basic auth (username/password, DYN_LOKI_USERNAME) or a bearer token (bearerToken, DYN_LOKI_BEARER_TOKEN), not both');
  }
  if (password !== undefined && password !== '' && username === undefined) {
    throw new ConfigurationError('Loki auth: a password (DYN_LOKI_PASSWORD) needs a username (username option or DYN_LOKI_USERNAME)');
  }

  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (tenantId !== undefined) headers['X-Scope-OrgID'] = tenantId;
  if (username !== undefined) {
    headers.Authorization = 'Basic ' + Buffer.from(`${username}:${password ?? ''}`, 'utf8').toString('base64');
  } else if (bearerToken !== undefined) {
    headers.Authorization = 'Bearer ' + bearerToken;
  }

  const envLabels = nonEmpty(env.DYN_LOKI_LABELS);
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

  return {
    endpoint,
    pushPath,
    headers,
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
