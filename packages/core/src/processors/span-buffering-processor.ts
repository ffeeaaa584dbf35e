import { isSpanContextValid, SpanStatusCode, type Context, type SpanContext } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { ConfigurationError } from '../errors';
import { levelKey, type LevelKey } from './level-key';
import { traceRandomness } from './sampling-processor';

/** Options of the `SpanBufferingProcessor`. */
export interface SpanBufferingOptions {
  /** Records held per span; the oldest is dropped (counted) beyond it. Default 1000. */
  readonly maxRecordsPerSpan?: number;
  /** Records held across all spans; new ones are dropped (counted) beyond it. Default 10000. */
  readonly maxRecordsTotal?: number;
  /** A span held longer than this (it never ended, or its end is not reported) is let go. Default 60000. */
  readonly maxSpanAgeMillis?: number;
  /** What happens to the held records of a span that ends well: dropped, or kept for a share of traces. Default `discard`. */
  readonly onSuccess?: 'discard' | { readonly sampleRatio: number };
  /** Levels that are held; default `trace` and `debug`. */
  readonly levels?: readonly LevelKey[];
}

export interface SpanBufferingStats {
  /** Records held right now. */
  readonly held: number;
  /** Spans with held records right now. */
  readonly spans: number;
  /** Held records sent on because their span failed (or was sampled on success). */
  readonly released: number;
  /** Held records let go because their span ended well (`onSuccess: 'discard'` or not sampled). */
  readonly discarded: number;
  /** Held records lost to a bound, by reason. */
  readonly dropped: { readonly perSpanLimit: number; readonly totalLimit: number; readonly expired: number; readonly shutdown: number };
}

/** The parts of an SDK span the companion reads (kept structural so core needs no sdk-trace import). */
interface StartedSpan {
  spanContext(): SpanContext;
  readonly parentSpanContext?: SpanContext;
}
interface EndedSpan extends StartedSpan {
  readonly status: { readonly code: SpanStatusCode };
}

/** A `SpanProcessor` (from sdk-trace) in shape; register it on the TracerProvider. */
export interface SpanEndListener {
  onStart(span: StartedSpan, parentContext: Context): void;
  onEnd(span: EndedSpan): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

interface Held {
  readonly seq: number;
  readonly record: ReadWriteLogRecord;
  readonly context: Context | undefined;
}

interface SpanState {
  readonly traceId: string;
  parentSpanId: string | undefined;
  readonly startedAt: number;
  held: Held[];
  failed: boolean;
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(`spanBuffering.${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/**
 * Holds debug and trace records logged inside a span and sends them on only
 * if the span fails (ends with status ERROR, or an error-level record is
 * logged in it), in their original order and with their original timestamps.
 * Records of a child span that ends well move to its parent, so a request that
 * fails later still shows them. The span ends are learned from the companion
 * `spanProcessor()`, registered on the TracerProvider; spans whose end never
 * comes are let go after `maxSpanAgeMillis`. Bounded per span and in total.
 *
 * A decorator in front of the batch processor: held records are read-only
 * once their `onEmit` returned, and `next` only reads them.
 */
export class SpanBufferingProcessor implements LogRecordProcessor {
  private readonly maxPerSpan: number;
  private readonly maxTotal: number;
  private readonly maxAge: number;
  private readonly successThreshold: number;
  private readonly buffered: ReadonlySet<LevelKey>;
  private readonly spans = new Map<string, SpanState>();
  /** Spans the companion saw start and not yet end, for moving a child's records to its parent. */
  private readonly open = new Map<string, { parent: string | undefined; traceId: string; at: number }>();
  private total = 0;
  private seq = 0;
  private lastSweep = 0;
  private readonly counters = { released: 0, discarded: 0, perSpanLimit: 0, totalLimit: 0, expired: 0, shutdown: 0 };

  constructor(
    private readonly next: LogRecordProcessor,
    options: SpanBufferingOptions = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.maxPerSpan = positiveInt('maxRecordsPerSpan', options.maxRecordsPerSpan, 1000);
    this.maxTotal = positiveInt('maxRecordsTotal', options.maxRecordsTotal, 10_000);
    this.maxAge = positiveInt('maxSpanAgeMillis', options.maxSpanAgeMillis, 60_000);
    const onSuccess = options.onSuccess ?? 'discard';
    let ratio = 0;
    if (onSuccess !== 'discard') {
      ratio = onSuccess.sampleRatio;
      if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1)) {
        throw new ConfigurationError(`spanBuffering.onSuccess.sampleRatio must be between 0 and 1, got ${String(ratio)}`);
      }
    }
    this.successThreshold = ratio * 2 ** 52;
    this.buffered = new Set(options.levels ?? ['trace', 'debug']);
  }

  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    const spanContext = record.spanContext;
    if (spanContext === undefined || !isSpanContextValid(spanContext)) {
      this.next.onEmit(record, context);
      return;
    }
    this.sweep();
    const level = levelKey(record);
    const spanId = spanContext.spanId;
    if (this.buffered.has(level)) {
      let state = this.spans.get(spanId);
      if (state?.failed) {
        this.next.onEmit(record, context);
        return;
      }
      if (this.total >= this.maxTotal) {
        this.counters.totalLimit++;
        return;
      }
      if (state === undefined) {
        const open = this.open.get(spanId);
        state = {
          traceId: spanContext.traceId,
          parentSpanId: open?.parent,
          startedAt: open?.at ?? this.now(),
          held: [],
          failed: false,
        };
        this.spans.set(spanId, state);
      }
      if (state.held.length >= this.maxPerSpan) {
        state.held.shift();
        this.total--;
        this.counters.perSpanLimit++;
      }
      state.held.push({ seq: this.seq++, record, context });
      this.total++;
      return;
    }
    if (level === 'error') this.fail(spanId, spanContext.traceId);
    this.next.onEmit(record, context);
  }

  /** The companion to register on the TracerProvider (`spanProcessors: [...]`) so span ends reach the buffer. */
  spanProcessor(): SpanEndListener {
    return {
      onStart: (span) => {
        const ctx = span.spanContext();
        this.open.set(ctx.spanId, { parent: span.parentSpanContext?.spanId, traceId: ctx.traceId, at: this.now() });
        if (this.open.size > this.maxTotal) this.sweepOpen();
      },
      onEnd: (span) => {
        const ctx = span.spanContext();
        this.open.delete(ctx.spanId);
        this.spanEnded(ctx.spanId, ctx.traceId, span.status.code === SpanStatusCode.ERROR, span.parentSpanContext?.spanId);
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
  }

  /** Reports a span's end directly (when not using `spanProcessor()`). */
  spanEnded(spanId: string, traceId: string, failed: boolean, parentSpanId?: string): void {
    const state = this.spans.get(spanId);
    if (state === undefined) return;
    this.spans.delete(spanId);
    if (failed) {
      this.release(state.held);
      return;
    }
    const parentId = parentSpanId ?? state.parentSpanId;
    const parentOpen = parentId !== undefined && this.open.has(parentId);
    if (parentId !== undefined && (parentOpen || this.spans.has(parentId))) {
      const parent = this.spans.get(parentId);
      if (parent?.failed) {
        this.release(state.held);
        return;
      }
      if (parent !== undefined) {
        parent.held.push(...state.held);
        this.trimSpan(parent);
      } else {
        const open = this.open.get(parentId);
        this.spans.set(parentId, {
          traceId,
          parentSpanId: open?.parent,
          startedAt: open?.at ?? state.startedAt,
          held: state.held,
          failed: false,
        });
      }
      return;
    }
    this.settle(state);
  }

  stats(): SpanBufferingStats {
    let spans = 0;
    for (const state of this.spans.values()) if (state.held.length > 0) spans++;
    const { released, discarded, ...dropped } = this.counters;
    return { held: this.total, spans, released, discarded, dropped };
  }

  forceFlush(): Promise<void> {
    this.sweep(true);
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    this.counters.shutdown += this.total;
    this.total = 0;
    this.spans.clear();
    this.open.clear();
    return this.next.shutdown();
  }

  /** An error in the span: what it held goes out now, and later debug records pass straight through. */
  private fail(spanId: string, traceId: string): void {
    const state = this.spans.get(spanId);
    if (state === undefined) {
      this.spans.set(spanId, { traceId, parentSpanId: this.open.get(spanId)?.parent, startedAt: this.now(), held: [], failed: true });
      return;
    }
    state.failed = true;
    const held = state.held;
    state.held = [];
    this.release(held);
  }

  private release(held: Held[]): void {
    this.total -= held.length;
    held.sort((a, b) => a.seq - b.seq);
    for (const { record, context } of held) {
      this.counters.released++;
      this.next.onEmit(record, context);
    }
  }

  /** A span that ended well (or expired): its records are dropped, or kept for a sampled share of traces. */
  private settle(state: SpanState, expired = false): void {
    if (state.held.length === 0) return;
    if (!expired && traceRandomness(state.traceId) < this.successThreshold) {
      this.release(state.held);
      return;
    }
    this.total -= state.held.length;
    if (expired) this.counters.expired += state.held.length;
    else this.counters.discarded += state.held.length;
    state.held = [];
  }

  private trimSpan(state: SpanState): void {
    if (state.held.length <= this.maxPerSpan) return;
    state.held.sort((a, b) => a.seq - b.seq);
    const excess = state.held.length - this.maxPerSpan;
    state.held.splice(0, excess);
    this.total -= excess;
    this.counters.perSpanLimit += excess;
  }

  /** Lets go of spans older than `maxSpanAgeMillis`; at most every 1/10 of that age unless forced. */
  private sweep(force = false): void {
    const now = this.now();
    if (!force && now - this.lastSweep < Math.min(1000, this.maxAge / 10)) return;
    this.lastSweep = now;
    for (const [spanId, state] of this.spans) {
      if (now - state.startedAt < this.maxAge) continue;
      this.spans.delete(spanId);
      this.settle(state, true);
    }
    this.sweepOpen(now);
  }

  private sweepOpen(now = this.now()): void {
    for (const [spanId, open] of this.open) if (now - open.at >= this.maxAge) this.open.delete(spanId);
  }
}
