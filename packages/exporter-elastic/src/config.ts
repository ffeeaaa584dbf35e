import type { DeliveryOptions, HttpExporterOptions } from '@dynamo-logging/core/delivery';
import { ConfigurationError } from '@dynamo-logging/core';
import { authorizationHeader, hasAuthorization, nonEmpty, readChoice, readInteger, readString, readValid, resolveEndpoint, toDeliveryOptions, verbatim } from '@dynamo-logging/core/delivery';
import { checkIndexName, sanitizeDataset, sanitizeNamespace } from './target-names';

/** `ecs`: Elastic Common Schema fields (default). `otel`: Elastic's OTel-native layout, as the Collector's `mapping: otel`. */
export type ElasticMapping = 'ecs' | 'otel';
/** Date appended to a plain index name from each record's time (UTC): `daily` -> `-2026.11.25`, `monthly` -> `-2026.11`. */
export type IndexDateSuffix = 'none' | 'daily' | 'monthly';

/**
 * Options of the Elasticsearch exporter: its own, plus every delivery option (`HttpExporterOptions`, see core's
 * README). Its own fields also have a `DYN_ELASTIC_*` variable (see README); code beats env beats defaults.
 */
export interface ElasticExporterOptions extends HttpExporterOptions {
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

/** @deprecated Use `ElasticExporterOptions`: the same options under the name every exporter's follow. */
export type ElasticOptions = ElasticExporterOptions;

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

const CREDENTIAL_OPTIONS = { apiKey: 'apiKey', username: 'username', password: 'password', bearerToken: 'bearerToken' };
const CREDENTIAL_VARIABLES = { apiKey: 'DYN_ELASTIC_API_KEY', username: 'DYN_ELASTIC_USERNAME', password: 'DYN_ELASTIC_PASSWORD', bearerToken: 'DYN_ELASTIC_BEARER_TOKEN' };
const USERINFO = { apiKey: 'url userinfo', username: 'url userinfo', password: 'url userinfo', bearerToken: 'url userinfo' };

// Data stream name parts: Elasticsearch refuses these characters (a dataset also may not hold '-', the separator).
const DATASET_FORBIDDEN = /[-\\/*?"<>| ,#:]/;
const NAMESPACE_FORBIDDEN = /[\\/*?"<>| ,#:]/;
const datasetProblem = (value: string): string | undefined =>
  DATASET_FORBIDDEN.test(value) ? 'a name without - \\ / * ? " < > | space , # :' : undefined;
const namespaceProblem = (value: string): string | undefined =>
  NAMESPACE_FORBIDDEN.test(value) ? 'a name without \\ / * ? " < > | space , # :' : undefined;

/** A code option with a rule: a programming error, so it throws naming the option. */
function checked(name: string, value: string | undefined, problem: (value: string) => string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const why = problem(value);
  if (why !== undefined) throw new ConfigurationError(`option ${name} must be ${why}, got ${JSON.stringify(value)}`);
  return value;
}

/** Code options, then `DYN_ELASTIC_*`, then defaults, field by field. Throws `ConfigurationError` naming the option or variable. */
export function resolveElasticConfig(options: ElasticExporterOptions = {}): ResolvedElasticConfig {
  const d = ELASTIC_DEFAULTS;
  const env = options.env ?? process.env;
  const { url, basePath, userinfo } = resolveEndpoint({
    what: 'the Elasticsearch URL', option: 'url', value: options.url, variable: 'DYN_ELASTIC_URL', env, example: 'https://es.example:9200',
  });

  // Code credentials beat env credentials as a whole (never one kind from each), and both beat the URL's userinfo.
  const auth =
    authorizationHeader(
      { apiKey: nonEmpty(options.apiKey), username: nonEmpty(options.username), password: verbatim(options.password), bearerToken: nonEmpty(options.bearerToken) },
      CREDENTIAL_OPTIONS,
    ) ??
    authorizationHeader(
      {
        apiKey: readString(env, 'DYN_ELASTIC_API_KEY'),
        username: readString(env, 'DYN_ELASTIC_USERNAME'),
        password: verbatim(env['DYN_ELASTIC_PASSWORD']),
        bearerToken: readString(env, 'DYN_ELASTIC_BEARER_TOKEN'),
      },
      CREDENTIAL_VARIABLES,
    ) ??
    (userinfo !== undefined ? authorizationHeader(userinfo, USERINFO, { passwordOptional: true }) : undefined);
  // A caller's own Authorization header wins over every resolved credential.
  const own: Record<string, string> = {};
  if (auth !== undefined && !hasAuthorization(options.headers)) own['authorization'] = auth;

  const mapping = options.mapping ?? readChoice(env, 'DYN_ELASTIC_MAPPING', ['ecs', 'otel'] as const, d.mapping) ?? d.mapping;
  if (mapping !== 'ecs' && mapping !== 'otel') throw new ConfigurationError(`option mapping must be ecs|otel, got ${JSON.stringify(mapping)}`);

  const datasetRaw =
    checked('dataset', nonEmpty(options.dataset), datasetProblem) ?? readValid(env, 'DYN_ELASTIC_DATASET', datasetProblem, d.dataset) ?? d.dataset;
  const namespaceRaw =
    checked('namespace', nonEmpty(options.namespace), namespaceProblem) ?? readValid(env, 'DYN_ELASTIC_NAMESPACE', namespaceProblem, d.namespace) ?? d.namespace;
  // Data stream names are lower case; the Collector lower-cases too.
  const dataset = sanitizeDataset(datasetRaw);
  const namespace = sanitizeNamespace(namespaceRaw);

  const indexRaw = nonEmpty(options.index) ?? readString(env, 'DYN_ELASTIC_INDEX');
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

  const delivery = toDeliveryOptions(options, { endpoint: url.toString(), headers: own, defaults: { maxResponseBytes: d.maxResponseBytes } });
  return {
    delivery,
    basePath,
    mapping,
    target,
    dataset,
    compatibleWith,
    maxBodyBytes,
    templateName,
  };
}
