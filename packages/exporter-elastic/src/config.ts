import type { DeliveryMode } from '@dynamo-logging/core';
import type { DeliveryOptions } from '@dynamo-logging/core/delivery';
import { ConfigurationError } from '@dynamo-logging/core';
import { readChoice, readInteger } from '@dynamo-logging/core/delivery';
import { checkIndexName, sanitizeDataset, sanitizeNamespace } from './target-names';

/** `ecs`: Elastic Common Schema fields (default). `otel`: Elastic's OTel-native layout, as the Collector's `mapping: otel`. */
export type ElasticMapping = 'ecs' | 'otel';
/** Date appended to a plain index name from each record's time (UTC): `daily` -> `-2026.11.25`, `monthly` -> `-2026.11`. */
export type IndexDateSuffix = 'none' | 'daily' | 'monthly';

/** Options of the Elasticsearch exporter. Every field also has a `DYN_ELASTIC_*` variable (see README); code beats env beats defaults. */
export interface ElasticOptions extends Omit<DeliveryOptions, 'endpoint'> {
  /**
   * `worker` (default): documents, gzip, HTTP, retries and queues run on a worker thread the exporter owns;
   * `inline`: on the event loop. Env: `DYN_LOGGING_DELIVERY`.
   */
  readonly delivery?: DeliveryMode;
  /** Elasticsearch (or OpenSearch) base URL, e.g. `https://es.example:9200`. Env: `DYN_ELASTIC_URL`. Required. */
  readonly url?: string;
  /** API key, either Elasticsearch's encoded form (base64 of `id:key`) or `id:key`. Env: `DYN_ELASTIC_API_KEY`. */
  readonly apiKey?: string;
  /** Basic auth. Env: `DYN_ELASTIC_USERNAME`, `DYN_ELASTIC_PASSWORD`. */
  readonly username?: string;
  readonly password?: string;
  /** Bearer token (OAuth2 / service account token). Env: `DYN_ELASTIC_BEARER_TOKEN`. */
  readonly bearerToken?: string;
  /** A plain index (or alias) instead of a data stream. Env: `DYN_ELASTIC_INDEX`. */
  readonly index?: string;
  /** Date suffix for plain-index targets. Env: `DYN_ELASTIC_INDEX_DATE_SUFFIX`. Default `none`. */
  readonly indexDateSuffix?: IndexDateSuffix;
  /** Data stream dataset: `logs-<dataset>-<namespace>`. Env: `DYN_ELASTIC_DATASET`. Default `dynamo`. */
  readonly dataset?: string;
  /** Data stream namespace. Env: `DYN_ELASTIC_NAMESPACE`. Default `default`. */
  readonly namespace?: string;
  /** Document layout. Env: `DYN_ELASTIC_MAPPING`. Default `ecs`. */
  readonly mapping?: ElasticMapping;
  /**
   * Send `compatible-with=N` media types (Elasticsearch only; OpenSearch rejects them). Off by default:
   * plain `application/x-ndjson` is accepted by Elasticsearch 7, 8, 9 and OpenSearch alike.
   * Env: `DYN_ELASTIC_COMPATIBLE_WITH`.
   */
  readonly compatibleWith?: number;
  /** Largest uncompressed bulk body. Default 5 MiB (see README). Env: `DYN_ELASTIC_MAX_BODY_BYTES`. */
  readonly maxBodyBytes?: number;
  /** Name of the composable template `ensureIndexTemplate()` installs. Default `dynamo-logs`. */
  readonly templateName?: string;
}

export const ELASTIC_DEFAULTS = {
  dataset: 'dynamo',
  namespace: 'default',
  mapping: 'ecs' as ElasticMapping,
  indexDateSuffix: 'none' as IndexDateSuffix,
  // The Collector's advice (flush::bytes) is to stay under 5 MB: far below
  // http.max_content_length (100mb) and below common proxy limits.
  maxBodyBytes: 5 * 1024 * 1024,
  templateName: 'dynamo-logs',
  // A bulk reply carries one item per document; even filtered it outgrows
  // the layer's 64 KiB default for large batches.
  maxResponseBytes: 8 * 1024 * 1024,
} as const;

export type ElasticTarget =
  | { readonly kind: 'data_stream'; readonly dataset: string; readonly namespace: string }
  | { readonly kind: 'index'; readonly index: string; readonly dateSuffix: IndexDateSuffix };

export interface ResolvedElasticConfig {
  readonly delivery: DeliveryOptions;
  /** URL path prefix (a proxy mount point), without trailing slash. */
  readonly basePath: string;
  readonly mapping: ElasticMapping;
  readonly target: ElasticTarget;
  /** The dataset written to `event.dataset` (and the data stream's, when the target is one). */
  readonly dataset: string;
  readonly compatibleWith: number | undefined;
  readonly maxBodyBytes: number;
  readonly templateName: string;
}

type Env = NodeJS.ProcessEnv;

function envString(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

/** `id:key` or the encoded form; Elasticsearch wants base64(`id:key`). */
function encodeApiKey(key: string): string {
  return key.includes(':') ? Buffer.from(key, 'utf8').toString('base64') : key;
}

interface AuthSource {
  readonly apiKey?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly bearerToken?: string | undefined;
}

/** One source's credentials as an Authorization value; more than one kind in one source is a mistake worth stopping for. */
function authHeader(source: AuthSource, names: { apiKey: string; username: string; password: string; bearerToken: string }): string | undefined {
  const kinds = [source.apiKey !== undefined, source.username !== undefined || source.password !== undefined, source.bearerToken !== undefined];
  if (kinds.filter(Boolean).length > 1) {
    throw new ConfigurationError(`set only one of ${names.apiKey}, ${names.username}/${names.password}, ${names.bearerToken}`);
  }
  if (source.apiKey !== undefined) return `ApiKey ${encodeApiKey(source.apiKey)}`;
  if (source.bearerToken !== undefined) return `Bearer ${source.bearerToken}`;
  if (source.username !== undefined || source.password !== undefined) {
    if (source.username === undefined) throw new ConfigurationError(`${names.username} is required with ${names.password}`);
    if (source.password === undefined) throw new ConfigurationError(`${names.password} is required with ${names.username}`);
    return `Basic ${Buffer.from(`${source.username}:${source.password}`, 'utf8').toString('base64')}`;
  }
  return undefined;
}

function pick<K extends keyof ElasticOptions>(options: ElasticOptions, keys: readonly K[]): Partial<Pick<ElasticOptions, K>> {
  const out: Partial<Pick<ElasticOptions, K>> = {};
  for (const key of keys) if (options[key] !== undefined) out[key] = options[key];
  return out;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Code options, then `DYN_ELASTIC_*`, then defaults, field by field. Throws `ConfigurationError` naming the option or variable. */
export function resolveElasticConfig(options: ElasticOptions = {}, env: Env = process.env): ResolvedElasticConfig {
  const d = ELASTIC_DEFAULTS;
  const url = nonEmpty(options.url) ?? envString(env, 'DYN_ELASTIC_URL');
  if (url === undefined) throw new ConfigurationError('the Elasticsearch URL is required: set the url option or DYN_ELASTIC_URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not echoed: it may carry userinfo.
    throw new ConfigurationError('the Elasticsearch URL (url option or DYN_ELASTIC_URL) is not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigurationError(`the Elasticsearch URL (url option or DYN_ELASTIC_URL) must use http: or https:, got ${parsed.protocol}`);
  }

  const codeAuth = authHeader(
    { apiKey: nonEmpty(options.apiKey), username: nonEmpty(options.username), password: nonEmpty(options.password), bearerToken: nonEmpty(options.bearerToken) },
    { apiKey: 'apiKey', username: 'username', password: 'password', bearerToken: 'bearerToken' },
  );
  const auth =
    codeAuth ??
    authHeader(
      {
        apiKey: envString(env, 'DYN_ELASTIC_API_KEY'),
        username: envString(env, 'DYN_ELASTIC_USERNAME'),
        password: env['DYN_ELASTIC_PASSWORD'] === undefined || env['DYN_ELASTIC_PASSWORD'] === '' ? undefined : env['DYN_ELASTIC_PASSWORD'],
        bearerToken: envString(env, 'DYN_ELASTIC_BEARER_TOKEN'),
      },
      { apiKey: 'DYN_ELASTIC_API_KEY', username: 'DYN_ELASTIC_USERNAME', password: 'DYN_ELASTIC_PASSWORD', bearerToken: 'DYN_ELASTIC_BEARER_TOKEN' },
    );
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const userAuth = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
  if (auth !== undefined && !userAuth) headers['authorization'] = auth;

  const mapping = options.mapping ?? readChoice(env, 'DYN_ELASTIC_MAPPING', ['ecs', 'otel'] as const, d.mapping) ?? d.mapping;
  if (mapping !== 'ecs' && mapping !== 'otel') throw new ConfigurationError(`option mapping must be ecs|otel, got ${JSON.stringify(mapping)}`);

  const datasetRaw = nonEmpty(options.dataset) ?? envString(env, 'DYN_ELASTIC_DATASET') ?? d.dataset;
  const namespaceRaw = nonEmpty(options.namespace) ?? envString(env, 'DYN_ELASTIC_NAMESPACE') ?? d.namespace;
  if (/[-\\/*?"<>| ,#:]/.test(datasetRaw)) {
    throw new ConfigurationError(`dataset (option dataset or DYN_ELASTIC_DATASET) may not contain - \\ / * ? " < > | space , # : (got ${JSON.stringify(datasetRaw)})`);
  }
  if (/[\\/*?"<>| ,#:]/.test(namespaceRaw)) {
    throw new ConfigurationError(`namespace (option namespace or DYN_ELASTIC_NAMESPACE) may not contain \\ / * ? " < > | space , # : (got ${JSON.stringify(namespaceRaw)})`);
  }
  // Data stream names are lower case; the Collector lower-cases too.
  const dataset = sanitizeDataset(datasetRaw);
  const namespace = sanitizeNamespace(namespaceRaw);

  const indexRaw = nonEmpty(options.index) ?? envString(env, 'DYN_ELASTIC_INDEX');
  const dateSuffix =
    options.indexDateSuffix ??
    readChoice(env, 'DYN_ELASTIC_INDEX_DATE_SUFFIX', ['none', 'daily', 'monthly'] as const, d.indexDateSuffix) ??
    d.indexDateSuffix;
  if (dateSuffix !== 'none' && dateSuffix !== 'daily' && dateSuffix !== 'monthly') {
    throw new ConfigurationError(`option indexDateSuffix must be none|daily|monthly, got ${JSON.stringify(dateSuffix)}`);
  }
  let target: ElasticTarget;
  if (indexRaw !== undefined) {
    const problem = checkIndexName(indexRaw);
    if (problem !== undefined) throw new ConfigurationError(`index (option index or DYN_ELASTIC_INDEX) ${problem}`);
    target = { kind: 'index', index: indexRaw, dateSuffix };
  } else {
    if (options.indexDateSuffix !== undefined && options.indexDateSuffix !== 'none') {
      throw new ConfigurationError('option indexDateSuffix needs option index (data streams roll over by themselves)');
    }
    target = { kind: 'data_stream', dataset, namespace };
  }

  const compatibleWith = options.compatibleWith ?? readInteger(env, 'DYN_ELASTIC_COMPATIBLE_WITH', undefined, 7);
  if (compatibleWith !== undefined && (!Number.isSafeInteger(compatibleWith) || compatibleWith < 7)) {
    throw new ConfigurationError(`option compatibleWith must be an Elasticsearch major version >= 7, got ${String(compatibleWith)}`);
  }
  const maxBodyBytes = options.maxBodyBytes ?? readInteger(env, 'DYN_ELASTIC_MAX_BODY_BYTES', d.maxBodyBytes, 1024) ?? d.maxBodyBytes;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1024) {
    throw new ConfigurationError(`option maxBodyBytes must be an integer >= 1024, got ${String(maxBodyBytes)}`);
  }
  const templateName = nonEmpty(options.templateName) ?? d.templateName;
  const templateProblem = checkIndexName(templateName);
  if (templateProblem !== undefined) throw new ConfigurationError(`option templateName ${templateProblem}`);

  // Only the delivery layer's own fields: a container's options (resource, level...) pass through here too.
  const delivery: DeliveryOptions = {
    endpoint: url,
    headers,
    maxResponseBytes: options.maxResponseBytes ?? d.maxResponseBytes,
    ...pick(options, ['compression', 'compressionLevel', 'timeoutMillis', 'maxConcurrentRequests', 'maxBatchRecords', 'retry', 'queue', 'tls', 'flushTimeoutMillis', 'meterProvider']),
  };
  return {
    delivery,
    basePath: parsed.pathname.replace(/\/+$/, ''),
    mapping,
    target,
    dataset,
    compatibleWith,
    maxBodyBytes,
    templateName,
  };
}
