import { context as contextApi, createContextKey, trace, type Context, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * The request identifiers Dynamo's Rust frontend carries next to the W3C trace
 * context (lib/runtime/src/logging.rs `extract_trace_parent`): `x-request-id`
 * (free form) and `request-id` (a UUID; the deprecated `x-dynamo-request-id`
 * is read only when `request-id` is absent).
 */
export interface RequestIds {
  /** `x-request-id`, as sent by the client (bounded length). */
  readonly xRequestId?: string;
  /** `request-id` (or the deprecated `x-dynamo-request-id`), a UUID. */
  readonly requestId?: string;
  /**
   * The caller's span id when the request's own span is not an SDK span that
   * knows its parent (no TracerProvider registered): logs still get `parent_id`.
   */
  readonly parentSpanId?: string;
  /** The span the ids belong to; `parentSpanId` and `spanName` apply only to records of that span. */
  readonly spanId?: string;
  /** The request span's name, for the non-recording span that cannot tell it. */
  readonly spanName?: string;
}

/** Header carrier accepted by `extractRequestContext`: `IncomingHttpHeaders`, a `Headers`, or a plain map. */
export type HeaderCarrier =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | { get(name: string): string | null };

/** Counters of header values that were present but unusable. */
export interface RequestContextStats {
  /** `traceparent` headers that failed W3C validation (the request then starts a new trace). */
  readonly invalidTraceparent: number;
  /** `request-id` / `x-dynamo-request-id` values that are not UUIDs (ignored). */
  readonly invalidRequestId: number;
  /** `x-request-id` values longer than the bound (truncated). */
  readonly truncatedXRequestId: number;
}

const REQUEST_IDS_KEY = createContextKey('dynamo-logging.request-ids');

/** Longer `x-request-id` values are cut: the header is free form and would otherwise become an unbounded attribute. */
export const MAX_X_REQUEST_ID_LENGTH = 256;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Rust's `uuid::Uuid::parse_str` also accepts the simple (32 hex) and braced/urn forms; logs keep the text as sent. */
const UUID_SIMPLE = /^[0-9a-fA-F]{32}$/;
const UUID_BRACED = /^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/;
const UUID_URN = /^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/i;

const propagator = new W3CTraceContextPropagator();
const counters = { invalidTraceparent: 0, invalidRequestId: 0, truncatedXRequestId: 0 };

export function isUuid(value: string): boolean {
  return UUID.test(value) || UUID_SIMPLE.test(value) || UUID_BRACED.test(value) || UUID_URN.test(value);
}

/** Reads one header, case-insensitively, first value of a repeated one. */
export function headerValue(headers: HeaderCarrier, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const value = (headers as { get(name: string): string | null }).get(name);
    return value ?? undefined;
  }
  const map = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  let value = map[name];
  if (value === undefined) {
    for (const key of Object.keys(map)) {
      if (key.length === name.length && key.toLowerCase() === name) {
        value = map[key];
        break;
      }
    }
  }
  if (Array.isArray(value)) return value[0];
  return typeof value === 'string' ? value : undefined;
}

/** `tracestate` may legally be split over several header lines; the propagator joins them. */
function headerValues(headers: HeaderCarrier, name: string): string | string[] | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') return headerValue(headers, name);
  const map = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  for (const key of Object.keys(map)) {
    if (key.toLowerCase() !== name) continue;
    const value = map[key];
    return Array.isArray(value) ? [...value] : (value as string | undefined);
  }
  return undefined;
}

const getter: TextMapGetter<HeaderCarrier> = {
  keys: (carrier) => (typeof (carrier as { get?: unknown }).get === 'function' ? [] : Object.keys(carrier)),
  get: (carrier, key) => headerValues(carrier, key),
};

/**
 * The W3C trace context and Dynamo request ids of an incoming request, as a
 * Context (on top of `base`, default the active one). Invalid values are
 * ignored and counted, never thrown: a request with a bad header still gets
 * served and logged.
 *
 * Traceparent rules are the W3C ones as `W3CTraceContextPropagator` applies
 * them: version `ff` and upper-case hex are invalid, all-zero ids are invalid,
 * version `00` must have exactly four fields, later versions may carry more.
 */
export function extractRequestContext(headers: HeaderCarrier, base: Context = contextApi.active()): Context {
  let ctx = base;
  const traceparent = headerValue(headers, 'traceparent');
  if (traceparent !== undefined && traceparent.trim() !== '') {
    const extracted = propagator.extract(base, headers, getter);
    if (trace.getSpanContext(extracted) !== trace.getSpanContext(base)) ctx = extracted;
    else counters.invalidTraceparent++;
  }

  let xRequestId = headerValue(headers, 'x-request-id');
  if (xRequestId !== undefined) {
    if (xRequestId.length > MAX_X_REQUEST_ID_LENGTH) {
      xRequestId = xRequestId.slice(0, MAX_X_REQUEST_ID_LENGTH);
      counters.truncatedXRequestId++;
    }
    if (xRequestId.length === 0) xRequestId = undefined;
  }

  // Rust: headers.get("request-id").or_else(|| headers.get("x-dynamo-request-id")).filter(is uuid):
  // a present but invalid `request-id` is not replaced by the deprecated header.
  let requestId = headerValue(headers, 'request-id') ?? headerValue(headers, 'x-dynamo-request-id');
  if (requestId !== undefined && !isUuid(requestId.trim())) {
    counters.invalidRequestId++;
    requestId = undefined;
  }

  if (xRequestId !== undefined || requestId !== undefined) {
    ctx = setRequestIds(ctx, { ...getRequestIds(ctx), xRequestId, requestId: requestId?.trim() });
  }
  return ctx;
}

/** The request ids stored on a Context, if any. */
export function getRequestIds(ctx: Context = contextApi.active()): RequestIds | undefined {
  return ctx.getValue(REQUEST_IDS_KEY) as RequestIds | undefined;
}

/** A Context carrying `ids` (undefined members removed). */
export function setRequestIds(ctx: Context, ids: RequestIds): Context {
  const clean: { -readonly [K in keyof RequestIds]: RequestIds[K] } = {};
  if (ids.xRequestId !== undefined) clean.xRequestId = ids.xRequestId;
  if (ids.requestId !== undefined) clean.requestId = ids.requestId;
  if (ids.parentSpanId !== undefined) clean.parentSpanId = ids.parentSpanId;
  if (ids.spanId !== undefined) clean.spanId = ids.spanId;
  if (ids.spanName !== undefined) clean.spanName = ids.spanName;
  return ctx.setValue(REQUEST_IDS_KEY, clean);
}

/**
 * Writes the outgoing headers of a downstream call made on behalf of the
 * current request: `traceparent`, `tracestate`, `x-request-id`, `request-id`
 * (what Rust's `inject_trace_headers_into_map` sends). Returns `headers`.
 */
export function injectRequestContext<T extends Record<string, unknown>>(
  headers: T,
  ctx: Context = contextApi.active(),
): T {
  const record = headers as Record<string, unknown>;
  propagator.inject(ctx, record, {
    set: (carrier, key, value) => {
      (carrier as Record<string, unknown>)[key] = value;
    },
  });
  const ids = getRequestIds(ctx);
  if (ids?.xRequestId !== undefined) record['x-request-id'] = ids.xRequestId;
  if (ids?.requestId !== undefined) record['request-id'] = ids.requestId;
  return headers;
}

/** Counts of invalid header values seen since start (or the last reset). */
export function requestContextStats(): RequestContextStats {
  return { ...counters };
}

/** Zeroes the counters (tests). */
export function resetRequestContextStats(): void {
  counters.invalidTraceparent = 0;
  counters.invalidRequestId = 0;
  counters.truncatedXRequestId = 0;
}
