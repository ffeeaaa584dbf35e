import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context as contextApi,
  isSpanContextValid,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { extractRequestContext, getRequestIds, setRequestIds } from './request-context';

export interface RequestContextOptions {
  /**
   * Tracer for the request's server span (a child of the incoming
   * `traceparent`). Default: the global TracerProvider's, when one is
   * registered; otherwise a non-recording span with a fresh span id whose
   * parent is the caller's span, so logs still get `span_id` and `parent_id`.
   */
  readonly tracer?: Tracer;
  /** Span name; default `http-request`, as Dynamo's frontend names it. */
  readonly spanName?: string;
  /** Give requests without a valid `request-id` a fresh UUID, as Dynamo's inference endpoints do. Default false. */
  readonly generateRequestId?: boolean;
}

const TRACER_NAME = '@dynamo-logging/core';

function randomSpanId(): string {
  let id = randomBytes(8).toString('hex');
  while (id === '0000000000000000') id = randomBytes(8).toString('hex');
  return id;
}

function randomTraceId(): string {
  let id = randomBytes(16).toString('hex');
  while (/^0+$/.test(id)) id = randomBytes(16).toString('hex');
  return id;
}

/** A request's Context and its span; `owned` is false when the span belongs to someone else (do not end it). */
export interface StartedRequest {
  readonly context: Context;
  readonly span: Span;
  readonly owned: boolean;
}

/** The request's Context with its span started; the caller ends the span if `owned`. */
export function startRequestContext(req: IncomingMessage, options: RequestContextOptions = {}): StartedRequest {
  const base = contextApi.active();
  const extracted = extractRequestContext(req.headers, base);
  const current = trace.getSpan(base);
  const currentContext = current?.spanContext();
  // @opentelemetry/instrumentation-http (or another framework) already made this request's
  // server span active: keep it, add only the request ids.
  if (current !== undefined && currentContext !== undefined && isSpanContextValid(currentContext) && currentContext.isRemote !== true && current.isRecording()) {
    const ids = getRequestIds(extracted);
    const ctx = ids === undefined ? base : setRequestIds(base, {
      ...ids,
      requestId: ids.requestId ?? (options.generateRequestId ? randomUUID() : undefined),
    });
    return { context: ctx, span: current, owned: false };
  }
  const remote = trace.getSpanContext(extracted);
  const incoming = remote !== undefined && isSpanContextValid(remote) && remote.isRemote === true ? remote : undefined;
  const tracer = options.tracer ?? trace.getTracer(TRACER_NAME);
  const spanName = options.spanName ?? 'http-request';
  const span = tracer.startSpan(
    spanName,
    {
      kind: SpanKind.SERVER,
      attributes: { method: req.method ?? '', uri: req.url ?? '' },
    },
    extracted,
  );
  let active = span;
  const own = span.spanContext();
  // The no-op tracer hands back the parent's own span context (or an invalid
  // one): give the request a span of its own, as Rust's DistributedTraceIdLayer does.
  if (!isSpanContextValid(own) || (incoming !== undefined && own.spanId === incoming.spanId)) {
    active = trace.wrapSpanContext({
      traceId: incoming?.traceId ?? randomTraceId(),
      spanId: randomSpanId(),
      traceFlags: incoming?.traceFlags ?? TraceFlags.NONE,
      ...(incoming?.traceState !== undefined ? { traceState: incoming.traceState } : {}),
    });
  }
  const ids = getRequestIds(extracted) ?? {};
  let ctx = trace.setSpan(extracted, active);
  ctx = setRequestIds(ctx, {
    ...ids,
    requestId: ids.requestId ?? (options.generateRequestId ? randomUUID() : undefined),
    spanId: active.spanContext().spanId,
    parentSpanId: incoming?.spanId,
    spanName: active === span ? undefined : spanName,
  });
  return { context: ctx, span: active, owned: true };
}

/**
 * Runs `fn` with the request's trace context and request ids active, so every
 * record logged inside carries `trace_id`, `span_id`, `parent_id`,
 * `tracestate`, `x_request_id`, `request_id`. The span ends when `fn`
 * returns or its promise settles; status ERROR if it threw.
 */
export function withRequestContext<T>(req: IncomingMessage, fn: () => T, options: RequestContextOptions = {}): T {
  const { context: ctx, span, owned } = startRequestContext(req, options);
  let result: T;
  try {
    result = contextApi.with(ctx, fn);
  } catch (error) {
    if (owned) endSpan(span, error);
    throw error;
  }
  if (!owned) return result;
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    (result as unknown as PromiseLike<unknown>).then(
      () => endSpan(span),
      (error: unknown) => endSpan(span, error),
    );
  } else {
    endSpan(span);
  }
  return result;
}

type Handler<Req extends IncomingMessage, Res extends ServerResponse> = (req: Req, res: Res) => unknown;

/**
 * Wraps a `node:http` request listener: each request runs in its own
 * request context; the server span ends when the response is finished or the
 * connection closes, with status ERROR on a 5xx or a thrown error.
 */
export function requestContextHandler<Req extends IncomingMessage, Res extends ServerResponse>(
  handler: Handler<Req, Res>,
  options: RequestContextOptions = {},
): (req: Req, res: Res) => void {
  return (req, res) => {
    const { context: ctx, span, owned } = startRequestContext(req, options);
    let ended = !owned;
    const finish = (error?: unknown): void => {
      if (ended) return;
      ended = true;
      if (res.statusCode !== undefined && span.isRecording()) span.setAttribute('http.response.status_code', res.statusCode);
      endSpan(span, error, res.statusCode >= 500);
    };
    res.once('finish', () => finish());
    res.once('close', () => finish());
    try {
      const result = contextApi.with(ctx, () => handler(req, res));
      if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, (error: unknown) => finish(error));
      }
    } catch (error) {
      finish(error);
      throw error;
    }
  };
}

function endSpan(span: Span, error?: unknown, serverError = false): void {
  if (error !== undefined && error !== null) {
    if (error instanceof Error) span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  } else if (serverError) {
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
