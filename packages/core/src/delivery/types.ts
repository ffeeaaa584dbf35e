import type { IncomingHttpHeaders } from 'node:http';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

/**
 * The contract between the shared delivery layer and a backend exporter.
 *
 * A backend says only what is particular to it: how records become request
 * bodies (`encode`) and what a response means for the records it carried
 * (`classify`). Queueing, compression, timeouts, splitting, retry with backoff,
 * counting and flushing are done once, by `DeliveryExporter`.
 *
 * Records handed to a backend may have been read back from the on-disk queue:
 * use only `hrTime`, `hrTimeObserved`, `severityNumber`, `severityText`, `body`,
 * `attributes`, `resource.attributes`, `instrumentationScope` and `spanContext`.
 */

/** One HTTP request a backend wants sent, and the records it carries. */
export interface EncodedRequest {
  /** Records in body order; per-item results index into this array. */
  readonly records: ReadableLogRecord[];
  /** The body, uncompressed unless `compression` is `'none'` because the encoder compressed it itself (Loki's snappy). */
  readonly body: Uint8Array;
  /** Request headers particular to this body (Content-Type, ...). Static auth headers belong in `DeliveryOptions.headers`. */
  readonly headers?: Record<string, string>;
  /** Path joined to the endpoint's origin; default: the endpoint URL as configured. */
  readonly path?: string;
  /** Overrides `DeliveryOptions.compression` for this request. */
  readonly compression?: Compression;
  /** Opaque state the encoder wants back in `classify` (document ids, event offsets...). */
  readonly context?: unknown;
}

export type Compression = 'gzip' | 'none';

/** What the server answered. The body is capped (see `DeliveryOptions.maxResponseBytes`). */
export interface DeliveryResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A group of records that will never be delivered, and why. */
export interface DroppedRecords {
  readonly records: ReadableLogRecord[];
  /** Short stable reason used as the counter key, e.g. `rejected`, `out_of_order`, `mapping_error`. */
  readonly reason: string;
  /** The server's own words, for the one diagnostic line. Must not contain credentials. */
  readonly detail?: string;
}

/** Records to send again after a backoff. */
export interface RetriedRecords {
  readonly records: ReadableLogRecord[];
  readonly reason: string;
  /** Server-requested delay (Retry-After); the layer waits at least this long. */
  readonly afterMs?: number;
  /**
   * Keep retrying past `retry.maxElapsedTimeMillis`, bounded only by the queue
   * (e.g. an invalid Splunk token while an operator fixes it).
   */
  readonly untilDelivered?: boolean;
}

/**
 * What a response means for the records of its request. Records that appear in
 * neither `retry` nor `drop` count as delivered.
 */
export interface Outcome {
  readonly retry?: RetriedRecords;
  readonly drop?: readonly DroppedRecords[];
}

/** A request the backend itself makes (health checks, Splunk ack polling), with the exporter's TLS, auth and keep-alive. */
export interface TransportRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'HEAD';
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array;
  readonly compression?: Compression;
}

export interface DeliveryTransport {
  send(request: TransportRequest): Promise<DeliveryResponse>;
}

export interface DeliveryBackend {
  /** `loki`, `splunk`, `elastic`: used in diagnostics and as the `backend` metric attribute. */
  readonly name: string;
  /**
   * Largest body (uncompressed bytes) the server accepts. A larger request is
   * split in halves and re-encoded; a single record that is still larger is
   * dropped with reason `too_large`.
   */
  readonly maxBodyBytes?: number;
  /**
   * The server refuses a record older than what it already holds of the same stream (Loki). Then one request is in
   * flight at a time unless `maxConcurrentRequests` is set, a request that must be retried (or split after a 413)
   * holds back the requests after it, and a retry sends its records in the order they were queued.
   */
  readonly ordered?: boolean;
  encode(records: ReadableLogRecord[]): EncodedRequest[];
  classify(response: DeliveryResponse, request: EncodedRequest, transport: DeliveryTransport): Outcome | Promise<Outcome>;
  /** Called once before the first request (Splunk's health check). A rejection is reported and sending goes on. */
  start?(transport: DeliveryTransport): Promise<void>;
  /** Called by `DeliveryExporter.shutdown()` after the queue has drained. */
  shutdown?(): Promise<void>;
  /**
   * Called once the layer no longer reads `request.body` (its request was
   * answered or failed), so the encoder can reuse the body's memory
   * (`BodyPool`). Records are not released: outcomes may hold them.
   */
  release?(request: EncodedRequest): void;
}

export interface RetryOptions {
  /** Default true. */
  readonly enabled?: boolean;
  /** First backoff ceiling; default 1000 ms. */
  readonly initialIntervalMillis?: number;
  /** Cap on one backoff; default 30000 ms. */
  readonly maxIntervalMillis?: number;
  /** Give up on a record after this long (reason `retries_exhausted`); default 300000 ms. */
  readonly maxElapsedTimeMillis?: number;
  /** Default 2. */
  readonly multiplier?: number;
}

export interface QueueOptions {
  /** Bound on queued records; default 100000. New records beyond it are dropped with reason `queue_full`. */
  readonly maxRecords?: number;
  /** Bound on queued bytes (serialized size), memory or disk; default 64 MiB. */
  readonly maxBytes?: number;
  /** Opt-in on-disk queue: records are durable here before `export` reports success. */
  readonly directory?: string;
  /**
   * How long opening the on-disk queue may take (a hung network mount, a path
   * where mkdir never returns) before records go to the memory queue; default 5000 ms.
   */
  readonly openTimeoutMillis?: number;
  /** After a write error (ENOSPC, EIO), records go to memory and the disk is tried again after this long; default 30000 ms. */
  readonly diskRetryMillis?: number;
  /** How long one write (with its fdatasync) may take before its records go to memory and the disk counts as failed; default 10000 ms. */
  readonly writeTimeoutMillis?: number;
}

export interface TlsOptions {
  readonly ca?: string | Buffer | Array<string | Buffer>;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  readonly servername?: string;
  /** Turns certificate verification off; logs a warning. Never the default. */
  readonly insecureSkipVerify?: boolean;
}

export interface DeliveryOptions {
  /** Base URL. Userinfo (`https://user:pass@host`) becomes basic auth and is never printed. */
  readonly endpoint: string;
  /** Static headers (auth, tenancy). Values are treated as secrets in every diagnostic. */
  readonly headers?: Record<string, string>;
  /** Default `gzip`. */
  readonly compression?: Compression;
  /** gzip level 1 (fastest, the default) to 9 (smallest). */
  readonly compressionLevel?: number;
  /** Per-request timeout; default 10000 ms. */
  readonly timeoutMillis?: number;
  /** Requests in flight at once; default 4. */
  readonly maxConcurrentRequests?: number;
  /** Most records taken from the queue for one send (then split by `maxBodyBytes`); default 1000. */
  readonly maxBatchRecords?: number;
  /** Response bodies are read up to this size; default 64 KiB. */
  readonly maxResponseBytes?: number;
  readonly retry?: RetryOptions;
  readonly queue?: QueueOptions;
  readonly tls?: TlsOptions;
  /** Deadline for `forceFlush()` and `shutdown()`; default 30000 ms. */
  readonly flushTimeoutMillis?: number;
  /** Where `dynamo_logging_*` metrics go; default the global MeterProvider (a no-op unless one is set). */
  readonly meterProvider?: import('@opentelemetry/api').MeterProvider;
}

/** Counters, readable from code with `exporter.stats()`. */
export interface DeliveryStats {
  /** Records the backend acknowledged. */
  readonly exported: number;
  /** Records given up, by reason (`queue_full`, `too_large`, `rejected`, `retries_exhausted`, `shutdown`, `disk_corrupt`, backend reasons...). */
  readonly dropped: Readonly<Record<string, number>>;
  /** Records sent again. */
  readonly retried: number;
  /** Requests by status class: `2xx`, `3xx`, `4xx`, `5xx`, `network` (no response). */
  readonly requests: Readonly<Record<string, number>>;
  /** Body bytes on the wire, and before compression. */
  readonly bytesSent: number;
  readonly bytesUncompressed: number;
  /** Records and bytes waiting now. */
  readonly queueDepth: number;
  readonly queueBytes: number;
  /** Times the on-disk queue failed (or did not open in time) and records went to the memory queue instead. */
  readonly diskFallbacks: number;
  /** Request latency (send to response) in milliseconds. */
  readonly exportLatencyMs: { readonly count: number; readonly sum: number; readonly max: number };
}
