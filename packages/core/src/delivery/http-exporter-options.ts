import type { DeliveryOptions } from './types';
import type { DeliveryMode } from './worker/start-delivery';
import { resolveDeliveryConfig } from './config';

/**
 * The options every HTTP exporter (Loki, Splunk, Elastic) takes besides its own: every delivery option but the
 * endpoint, which each backend names, reads and checks itself (`resolveEndpoint`); where the work runs; and the
 * environment to read. An exporter's options interface extends this, so a field added to `DeliveryOptions`
 * (and to `DELIVERY_OPTION_KEYS`, which the compiler keeps complete) is an option of all three.
 */
export interface HttpExporterOptions extends Omit<DeliveryOptions, 'endpoint'> {
  /**
   * `worker` (default): encoding, compression and HTTP run on a worker thread the exporter owns, so the event
   * loop only hands each batch over. `inline`: all of it on the event loop. Env: `DYN_LOGGING_DELIVERY`.
   */
  readonly delivery?: DeliveryMode;
  /** The environment to read (`DYN_*` variables); default `process.env`. Pass `{}` to ignore the environment. */
  readonly env?: NodeJS.ProcessEnv;
}

export type DeliveryOptionKey = Exclude<keyof DeliveryOptions, 'endpoint'>;

/** Every delivery option an exporter forwards, as data: what `toDeliveryOptions` copies and what tests iterate. */
export const DELIVERY_OPTION_KEYS = [
  'headers',
  'compression',
  'compressionLevel',
  'timeoutMillis',
  'maxConcurrentRequests',
  'maxBatchRecords',
  'maxResponseBytes',
  'retry',
  'queue',
  'tls',
  'flushTimeoutMillis',
  'meterProvider',
] as const satisfies readonly DeliveryOptionKey[];

// Fails to compile when DeliveryOptions gains a field the list above lacks: the list cannot fall behind.
type Unlisted = Exclude<DeliveryOptionKey, (typeof DELIVERY_OPTION_KEYS)[number]>;
const everyKeyListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyKeyListed;

/** What a backend resolved for itself. */
export interface BackendDelivery {
  /** The endpoint, without userinfo. */
  readonly endpoint: string;
  /** Headers the backend computed (auth, tenant); they win over the caller's `headers` of the same name. */
  readonly headers?: Record<string, string>;
  /** Where the backend's default differs from the delivery layer's (Elastic's larger reply cap, say); options still win. */
  readonly defaults?: Partial<Omit<DeliveryOptions, 'endpoint' | 'headers'>>;
}

/**
 * The one forward of an exporter's options to the delivery layer: every delivery option the caller set, over
 * the backend's defaults, plus its endpoint and headers. Only `DELIVERY_OPTION_KEYS` are copied, since a
 * container's options (resource, level...) pass through exporters too. The result is checked here, on the
 * caller's thread, so a bad delivery option is a `ConfigurationError` at construction, as a bad backend option is.
 */
export function toDeliveryOptions(options: HttpExporterOptions, backend: BackendDelivery): DeliveryOptions {
  const out: Record<string, unknown> = { ...backend.defaults };
  for (const key of DELIVERY_OPTION_KEYS) {
    if (options[key] !== undefined) out[key] = options[key];
  }
  out['endpoint'] = backend.endpoint;
  if (options.headers !== undefined || backend.headers !== undefined) out['headers'] = { ...options.headers, ...backend.headers };
  const delivery = out as unknown as DeliveryOptions;
  resolveDeliveryConfig(delivery);
  return delivery;
}
