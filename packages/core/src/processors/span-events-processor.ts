import {
  context as contextApi,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type HrTime,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { SeverityNumber, type OtelLogger as Logger, type OtelLoggerProvider as LoggerProvider, globalLoggerProvider } from '../otel-line';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { isTruthy } from '../config/env';
import { messageText } from '../jsonl/format-line';
import { levelKey } from './level-key';

/** The parts of an SDK span read here; structural, so core needs no sdk-trace import. */
interface SdkSpanView {
  readonly name: string;
  spanContext(): SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly duration: HrTime;
  readonly status: { readonly code: SpanStatusCode };
  readonly instrumentationScope?: { readonly name: string };
}

export interface SpanEventsOptions {
  /** Logger provider the lines go through (the container's); default the global one. */
  readonly loggerProvider?: LoggerProvider;
  /** Write the lines; default `DYN_LOGGING_SPAN_EVENTS` truthy (`1/true/on/yes`). */
  readonly enabled?: boolean;
  /** The environment read for `DYN_LOGGING_SPAN_EVENTS`; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Whether `DYN_LOGGING_SPAN_EVENTS` asks for span lines. */
export function spanEventsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return isTruthy(env['DYN_LOGGING_SPAN_EVENTS']);
}

function hrToMicros(time: HrTime): number {
  return time[0] * 1_000_000 + Math.floor(time[1] / 1000);
}

/**
 * Writes Dynamo's span lifecycle lines for every span of the TracerProvider it
 * is registered on: `SPAN_FIRST_ENTRY` when a span starts and `SPAN_CLOSED`
 * when it ends, the latter with `time.busy_us`, `time.idle_us` and
 * `time.duration_us` (Dynamo's field names, lib/runtime/src/logging.rs). The
 * target is the tracer's name, as Rust uses the span's target. JS spans are
 * not entered and exited like Rust's, so the whole duration counts as busy
 * and `time.idle_us` is 0. Implements sdk-trace's `SpanProcessor`.
 */
export class SpanEventsProcessor {
  private readonly enabled: boolean;
  private readonly provider: LoggerProvider | undefined;
  private readonly loggers = new Map<string, Logger>();
  /** The context a span started in (request ids live there), for its closing line; weak so unended spans do not leak. */
  private readonly startContexts = new WeakMap<object, Context>();

  constructor(options: SpanEventsOptions = {}) {
    this.enabled = options.enabled ?? spanEventsEnabled(options.env);
    this.provider = options.loggerProvider;
  }

  onStart(span: Span, parentContext: Context): void {
    if (!this.enabled) return;
    const view = span as unknown as SdkSpanView;
    const ctx = trace.setSpan(parentContext ?? ROOT_CONTEXT, span);
    this.startContexts.set(span, ctx);
    this.emit(view, ctx, 'SPAN_FIRST_ENTRY', view.startTime, {});
  }

  onEnd(span: SdkSpanView): void {
    if (!this.enabled) return;
    const ctx = this.startContexts.get(span) ?? trace.setSpan(ROOT_CONTEXT, span as unknown as Span);
    this.startContexts.delete(span);
    const duration = Math.max(0, hrToMicros(span.duration));
    const extra: Attributes = {
      'time.busy_us': duration,
      'time.idle_us': 0,
      'time.duration_us': duration,
    };
    if (span.status.code === SpanStatusCode.ERROR) extra['otel.status_code'] = 'ERROR';
    this.emit(span, ctx, 'SPAN_CLOSED', span.endTime, extra);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  private emit(span: SdkSpanView, ctx: Context, message: string, time: HrTime, extra: Attributes): void {
    try {
      const target = span.instrumentationScope?.name || 'span_event';
      let logger = this.loggers.get(target);
      if (logger === undefined) {
        logger = (this.provider ?? globalLoggerProvider()).getLogger(target);
        if (this.loggers.size < 256) this.loggers.set(target, logger);
      }
      const attributes: Attributes = { ...span.attributes, ...extra, span_name: span.name };
      const parent = span.parentSpanContext?.spanId;
      if (parent !== undefined) attributes['parent_id'] = parent;
      logger.emit({
        timestamp: time,
        severityNumber: SeverityNumber.INFO,
        severityText: 'INFO',
        body: message,
        attributes,
        context: ctx,
      });
    } catch {
      // A span lifecycle line must never break the traced code.
    }
  }
}

export interface ExceptionEventsOptions {
  /** Also set the span's status to ERROR; default false (the span's owner decides). */
  readonly setStatus?: boolean;
}

/**
 * Records every error-level log on the active span as an `exception` event
 * (`exception.type`, `exception.message`, `exception.stacktrace`), so a trace
 * viewer shows the error where it happened. Register it after redaction: the
 * event carries the record's (redacted) text.
 */
export class ExceptionEventsProcessor implements LogRecordProcessor {
  constructor(private readonly options: ExceptionEventsOptions = {}) {}

  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    if (levelKey(record) !== 'error') return;
    const span = trace.getSpan(context ?? contextApi.active());
    if (span === undefined || !span.isRecording()) return;
    const attributes = record.attributes as Record<string, unknown>;
    const message = attributes['exception.message'] ?? messageText(record.body);
    const event: Attributes = { 'exception.message': String(message) };
    const type = attributes['exception.type'];
    if (type !== undefined) event['exception.type'] = String(type);
    const stack = attributes['exception.stacktrace'];
    if (stack !== undefined) event['exception.stacktrace'] = String(stack);
    span.addEvent('exception', event, record.hrTime);
    if (this.options.setStatus) span.setStatus({ code: SpanStatusCode.ERROR, message: String(message) });
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
