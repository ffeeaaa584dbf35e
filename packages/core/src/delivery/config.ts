import { ConfigurationError } from '../errors';
import { hasAuthorization } from './credentials';
import { parseHttpUrl } from './endpoint';
import type { Compression, DeliveryOptions, TlsOptions } from './types';

/** Every default of the delivery layer, in one place (undici's retry interceptor does the same). */
export const DELIVERY_DEFAULTS = {
  compression: 'gzip' as Compression,
  // Level 1: about half the CPU of zlib's default 6 on log batches for a few percent more bytes;
  // the logging process's CPU is what a service owner pays for.
  compressionLevel: 1,
  timeoutMillis: 10_000,
  maxConcurrentRequests: 4,
  maxResponseBytes: 64 * 1024,
  maxBatchRecords: 1000,
  flushTimeoutMillis: 30_000,
  retry: {
    enabled: true,
    initialIntervalMillis: 1000,
    maxIntervalMillis: 30_000,
    maxElapsedTimeMillis: 300_000,
    multiplier: 2,
  },
  queue: {
    maxRecords: 100_000,
    maxBytes: 64 * 1024 * 1024,
    openTimeoutMillis: 5000,
    diskRetryMillis: 30_000,
    writeTimeoutMillis: 10_000,
  },
} as const;

function gzipLevel(level: number): number {
  if (!Number.isInteger(level) || level < 1 || level > 9) {
    throw new ConfigurationError(`delivery option compressionLevel must be an integer from 1 to 9, got ${String(level)}`);
  }
  return level;
}

export interface ResolvedDeliveryConfig {
  /** The endpoint without userinfo: the only form ever printed. */
  readonly url: URL;
  readonly displayUrl: string;
  readonly headers: Record<string, string>;
  /** Header values, basic credentials and userinfo: masked in every diagnostic. */
  readonly secrets: string[];
  readonly compression: Compression;
  readonly compressionLevel: number;
  readonly timeoutMillis: number;
  readonly maxConcurrentRequests: number;
  readonly maxResponseBytes: number;
  readonly maxBatchRecords: number;
  readonly flushTimeoutMillis: number;
  readonly retry: {
    readonly enabled: boolean;
    readonly initialIntervalMillis: number;
    readonly maxIntervalMillis: number;
    readonly maxElapsedTimeMillis: number;
    readonly multiplier: number;
  };
  readonly queue: { readonly maxRecords: number; readonly maxBytes: number; readonly directory: string | undefined; readonly openTimeoutMillis: number; readonly diskRetryMillis: number; readonly writeTimeoutMillis: number };
  readonly tls: TlsOptions;
}

// A fraction would floor to 0 workers (nothing is ever sent) or a 0-record queue.
function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigurationError(`delivery option ${name} must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}

function positive(name: string, value: number, allowZero = false): number {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConfigurationError(`delivery option ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${String(value)}`);
  }
  return value;
}

/** Resolves code options over defaults, field by field. Throws `ConfigurationError` (never with a credential in it). */
export function resolveDeliveryConfig(options: DeliveryOptions): ResolvedDeliveryConfig {
  const d = DELIVERY_DEFAULTS;
  if (typeof options?.endpoint !== 'string' || options.endpoint === '') {
    throw new ConfigurationError('delivery option endpoint is required (an http:// or https:// URL)');
  }
  const url = parseHttpUrl(options.endpoint, 'delivery option endpoint');
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const secrets = Object.values(headers).filter((v) => typeof v === 'string' && v.length > 0);
  if (url.username !== '' || url.password !== '') {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    const basic = Buffer.from(`${user}:${pass}`).toString('base64');
    if (!hasAuthorization(headers)) headers['authorization'] = `Basic ${basic}`;
    // The user name alone is not masked: it is often a common word ("elastic") that would garble every line.
    secrets.push(basic, `Basic ${basic}`, `${user}:${pass}`, `${url.username}:${url.password}`);
    if (pass !== '') secrets.push(pass, url.password);
    url.username = '';
    url.password = '';
  }
  const compression = options.compression ?? d.compression;
  if (compression !== 'gzip' && compression !== 'none') {
    throw new ConfigurationError(`delivery option compression must be 'gzip' or 'none', got ${String(compression)}`);
  }
  const retry = options.retry ?? {};
  const queue = options.queue ?? {};
  return {
    url,
    displayUrl: url.toString(),
    headers,
    secrets,
    compression,
    compressionLevel: gzipLevel(options.compressionLevel ?? d.compressionLevel),
    timeoutMillis: positive('timeoutMillis', options.timeoutMillis ?? d.timeoutMillis),
    maxConcurrentRequests: positiveInteger('maxConcurrentRequests', options.maxConcurrentRequests ?? d.maxConcurrentRequests),
    maxResponseBytes: positive('maxResponseBytes', options.maxResponseBytes ?? d.maxResponseBytes),
    maxBatchRecords: positiveInteger('maxBatchRecords', options.maxBatchRecords ?? d.maxBatchRecords),
    flushTimeoutMillis: positive('flushTimeoutMillis', options.flushTimeoutMillis ?? d.flushTimeoutMillis, true),
    retry: {
      enabled: retry.enabled ?? d.retry.enabled,
      initialIntervalMillis: positive('retry.initialIntervalMillis', retry.initialIntervalMillis ?? d.retry.initialIntervalMillis),
      maxIntervalMillis: positive('retry.maxIntervalMillis', retry.maxIntervalMillis ?? d.retry.maxIntervalMillis),
      maxElapsedTimeMillis: positive('retry.maxElapsedTimeMillis', retry.maxElapsedTimeMillis ?? d.retry.maxElapsedTimeMillis, true),
      multiplier: positive('retry.multiplier', retry.multiplier ?? d.retry.multiplier),
    },
    queue: {
      maxRecords: positiveInteger('queue.maxRecords', queue.maxRecords ?? d.queue.maxRecords),
      maxBytes: positive('queue.maxBytes', queue.maxBytes ?? d.queue.maxBytes),
      directory: queue.directory,
      openTimeoutMillis: positive('queue.openTimeoutMillis', queue.openTimeoutMillis ?? d.queue.openTimeoutMillis),
      diskRetryMillis: positive('queue.diskRetryMillis', queue.diskRetryMillis ?? d.queue.diskRetryMillis),
      writeTimeoutMillis: positive('queue.writeTimeoutMillis', queue.writeTimeoutMillis ?? d.queue.writeTimeoutMillis),
    },
    tls: options.tls ?? {},
  };
}
