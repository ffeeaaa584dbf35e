import { SeverityNumber } from '@dynamo-logging/core';
import type { LogAttributes as AnyValueMap } from '@dynamo-logging/core';
import { context, trace } from '@opentelemetry/api';
import type { SpanContext } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

export interface RecordSpec {
  readonly message?: unknown;
  readonly severity?: SeverityNumber;
  readonly severityText?: string;
  readonly attributes?: AnyValueMap;
  /** [seconds, nanoseconds] */
  readonly time?: [number, number];
  readonly target?: string;
  readonly spanContext?: SpanContext;
}

/**
 * Real sdk-logs records (not hand-built objects), made through a
 * LoggerProvider whose resource is `resource`.
 */
export function makeRecords(resource: Record<string, string>, specs: RecordSpec[]): ReadableLogRecord[] {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes(resource), processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
  for (const spec of specs) {
    const logger = provider.getLogger(spec.target ?? 'dynamo.test');
    const ctx = spec.spanContext ? trace.setSpanContext(context.active(), spec.spanContext) : context.active();
    logger.emit({
      body: (spec.message ?? 'hello') as string,
      severityNumber: spec.severity ?? SeverityNumber.INFO,
      severityText: spec.severityText ?? 'INFO',
      attributes: spec.attributes ?? {},
      ...(spec.time ? { timestamp: spec.time } : {}),
      context: ctx,
    });
  }
  return memory.getFinishedLogRecords();
}

/** hrTime for "now minus ms" with a given sub-millisecond part. */
export function hrAgo(ms: number, extraNanos = 0): [number, number] {
  const totalMs = Date.now() - ms;
  const seconds = Math.floor(totalMs / 1000);
  return [seconds, (totalMs - seconds * 1000) * 1e6 + extraNanos];
}
