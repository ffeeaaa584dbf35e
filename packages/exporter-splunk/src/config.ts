import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigurationError } from '@dynamo-logging/core';
import { nonEmpty, readBoolean, readString, resolveEndpoint, toDeliveryOptions } from '@dynamo-logging/core/delivery';
import type { DeliveryOptions, HttpExporterOptions } from '@dynamo-logging/core/delivery';
import type { EncodeSettings } from './encode';

/**
 * Options of `SplunkHecLogRecordExporter` and `createSplunkContainer`: HEC's own, plus every delivery option
 * (`HttpExporterOptions`, see core's README). Code options beat `DYN_SPLUNK_*` env, env beats defaults.
 */
export interface SplunkExporterOptions extends HttpExporterOptions {
  /**
   * HEC base URL, e.g. `https://splunk.example.com:8088` (env `DYN_SPLUNK_HEC_URL`). A path ending in
   * `/services/collector` or `/services/collector/event` is accepted; anything before it is kept as a prefix (proxies).
   */
  readonly endpoint?: string;
  /** HEC token (env `DYN_SPLUNK_HEC_TOKEN`). Never printed. */
  readonly token?: string;
  /** Default index; omitted means the token's default index (env `DYN_SPLUNK_INDEX`). */
  readonly index?: string;
  /** Default source (env `DYN_SPLUNK_SOURCE`); omitted means HEC's default (`http:<token name>`). */
  readonly source?: string;
  /** Default sourcetype (env `DYN_SPLUNK_SOURCETYPE`); omitted means the token's default. */
  readonly sourcetype?: string;
  /** Event `host`; wins over the `host.name` attribute (record, then resource), which wins over `os.hostname()`. */
  readonly host?: string;
  /** Attribute keys (record or resource) copied into the indexed `fields`, besides the fixed ones. */
  readonly indexedFields?: readonly string[];
  /** Largest uncompressed request body in bytes; default 1 MiB. */
  readonly maxContentLength?: number;
  /** Indexer acknowledgment (env `DYN_SPLUNK_ACK`, truthy = 1/true/on/yes). Default false. */
  readonly ack?: boolean;
  /** How often pending ackIds are polled; default 1000 ms. */
  readonly ackPollIntervalMillis?: number;
  /** A request whose ackId is not acknowledged within this time is sent again; default 60000 ms. */
  readonly ackTimeoutMillis?: number;
  /** Channel GUID (`X-Splunk-Request-Channel`); default a random UUID per exporter. */
  readonly channel?: string;
  /** GET `/services/collector/health` before the first send; default false. */
  readonly healthCheck?: boolean;
}

/** @deprecated Use `SplunkExporterOptions`: the same options under the name every exporter's follow. */
export type SplunkHecOptions = SplunkExporterOptions;

/** The merged, validated configuration: what the encoder needs, and the rest. */
export interface ResolvedSplunkConfig extends EncodeSettings {
  /** What the delivery layer is given: endpoint, token header and every delivery option (`toDeliveryOptions`). */
  readonly delivery: DeliveryOptions;
  /** Origin plus any path prefix before `/services/collector`, without a trailing slash. */
  readonly endpoint: string;
  readonly ackPath: string;
  readonly healthPath: string;
  readonly token: string;
  readonly ack: boolean;
  readonly ackPollIntervalMillis: number;
  readonly ackTimeoutMillis: number;
  readonly healthCheck: boolean;
}

export const DEFAULT_MAX_CONTENT_LENGTH = 1024 * 1024;
const DEFAULT_ACK_POLL_MILLIS = 1000;
const DEFAULT_ACK_TIMEOUT_MILLIS = 60_000;
// Each request waiting for its ack holds a slot until acknowledged, so ack mode needs more slots to keep throughput.
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_ACK_CONCURRENCY = 16;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLLECTOR_SUFFIX = /\/services\/collector(?:\/event(?:\/1\.0)?)?\/?$/;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ConfigurationError(`${name} must be a positive number, got ${String(value)}`);
  return value;
}

/** Merges code options, then `DYN_SPLUNK_*` env, then defaults, field by field; throws `ConfigurationError` naming the option or variable. */
export function resolveConfig(options: SplunkExporterOptions = {}): ResolvedSplunkConfig {
  const env = options.env ?? process.env;
  // Userinfo in the URL is dropped: HEC authenticates by token only, and the URL handed on never carries it.
  const { url, basePath, source } = resolveEndpoint({
    what: 'Splunk HEC endpoint', option: 'endpoint', value: options.endpoint, variable: 'DYN_SPLUNK_HEC_URL', env, example: 'https://splunk:8088',
  });
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigurationError(`${source} must not carry a query string or fragment (HEC query-string auth is not used)`);
  }
  const prefix = basePath.replace(COLLECTOR_SUFFIX, '').replace(/\/+$/, '');
  const endpoint = `${url.protocol}//${url.host}${prefix}`;
  const token = nonEmpty(options.token) ?? readString(env, 'DYN_SPLUNK_HEC_TOKEN');
  if (token === undefined) {
    throw new ConfigurationError('Splunk HEC token is missing: pass `token` or set DYN_SPLUNK_HEC_TOKEN');
  }
  if (/\s/.test(token)) throw new ConfigurationError('Splunk HEC token (`token` / DYN_SPLUNK_HEC_TOKEN) must not contain whitespace');
  const channel = options.channel ?? randomUUID();
  if (!GUID.test(channel)) throw new ConfigurationError('`channel` must be a GUID such as 0f6f1c2e-8a4b-4c1d-9e2f-3a4b5c6d7e8f');
  // A value that is neither truthy nor falsy ("maybe") is reported, not read silently as false.
  const ack = options.ack ?? readBoolean(env, 'DYN_SPLUNK_ACK', false) ?? false;
  const indexedFields = options.indexedFields ?? [];
  for (const key of indexedFields) {
    if (typeof key !== 'string' || key === '') throw new ConfigurationError('`indexedFields` entries must be non-empty strings');
  }
  const delivery = toDeliveryOptions(options, {
    endpoint,
    headers: { Authorization: `Splunk ${token}` },
    defaults: { maxConcurrentRequests: ack ? DEFAULT_ACK_CONCURRENCY : DEFAULT_CONCURRENCY },
  });
  return {
    delivery,
    endpoint,
    eventPath: `${prefix}/services/collector/event`,
    ackPath: `${prefix}/services/collector/ack`,
    healthPath: `${prefix}/services/collector/health`,
    token,
    index: nonEmpty(options.index) ?? readString(env, 'DYN_SPLUNK_INDEX'),
    source: nonEmpty(options.source) ?? readString(env, 'DYN_SPLUNK_SOURCE'),
    sourcetype: nonEmpty(options.sourcetype) ?? readString(env, 'DYN_SPLUNK_SOURCETYPE'),
    host: nonEmpty(options.host),
    defaultHost: hostname(),
    indexedFields,
    maxContentLength: positive('maxContentLength', options.maxContentLength, DEFAULT_MAX_CONTENT_LENGTH),
    ack,
    ackPollIntervalMillis: positive('ackPollIntervalMillis', options.ackPollIntervalMillis, DEFAULT_ACK_POLL_MILLIS),
    ackTimeoutMillis: positive('ackTimeoutMillis', options.ackTimeoutMillis, DEFAULT_ACK_TIMEOUT_MILLIS),
    channel,
    healthCheck: options.healthCheck ?? false,
  };
}

/** The token as it may appear in diagnostics: its last four characters at most. */
export function maskToken(token: string): string {
  return token.length >= 16 ? '****' + token.slice(-4) : '****';
}
