import { trace, type Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { getRequestIds } from '../context/request-context';

/** The parts of an SDK span this processor reads; API spans do not expose them, SDK spans do. */
interface SpanDetails {
  readonly name?: unknown;
  readonly parentSpanContext?: { readonly spanId?: unknown };
}

/**
 * Adds Dynamo's span fields that the OTel record does not carry by itself:
 * `span_name`, `parent_id` and `tracestate`, read from the span active when the
 * record was emitted, and `x_request_id` / `request_id` from the request
 * context (`withRequestContext`). A processor rather than facade code, so
 * bridged records (pino, winston) get them too.
 */
export class TraceContextProcessor implements LogRecordProcessor {
  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    if (context === undefined) return;
    const ids = getRequestIds(context);
    if (ids !== undefined) {
      if (ids.xRequestId !== undefined && record.attributes['x_request_id'] === undefined) {
        record.setAttribute('x_request_id', ids.xRequestId);
      }
      if (ids.requestId !== undefined && record.attributes['request_id'] === undefined) {
        record.setAttribute('request_id', ids.requestId);
      }
    }
    const span = trace.getSpan(context);
    if (span === undefined) return;
    const spanContext = span.spanContext();
    if (record.spanContext?.spanId !== spanContext.spanId) return;
    const details = span as unknown as SpanDetails;
    const ownIds = ids !== undefined && ids.spanId === spanContext.spanId ? ids : undefined;
    const spanName = typeof details.name === 'string' ? details.name : ownIds?.spanName;
    if (spanName !== undefined && record.attributes['span_name'] === undefined) {
      record.setAttribute('span_name', spanName);
    }
    let parentId = details.parentSpanContext?.spanId;
    // A non-recording request span (no TracerProvider) knows no parent; the request context does.
    if (parentId === undefined) parentId = ownIds?.parentSpanId;
    if (typeof parentId === 'string' && record.attributes['parent_id'] === undefined) {
      record.setAttribute('parent_id', parentId);
    }
    const traceState = spanContext.traceState?.serialize();
    if (traceState) record.setAttribute('tracestate', traceState);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
