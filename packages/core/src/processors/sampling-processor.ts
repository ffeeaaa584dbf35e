import { isSpanContextValid, type Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { ConfigurationError } from '../errors';
import { levelCounters, levelKey, type LevelKey } from './level-key';

/**
 * Keep ratios for the sampled levels, in [0, 1]; a level left out is kept
 * whole. `warn` and `error` are never sampled.
 */
export interface SamplingOptions {
  readonly trace?: number;
  readonly debug?: number;
  readonly info?: number;
  /**
   * Levels passed on unsampled when the record is inside a span, because the
   * next processor (span buffering) decides for them: a failing request keeps
   * its debug lines whatever the ratio. Set by the container when span
   * buffering is on; default none.
   */
  readonly deferInSpan?: readonly LevelKey[];
}

export interface SamplingStats {
  readonly kept: Readonly<Record<LevelKey, number>>;
  readonly dropped: Readonly<Record<LevelKey, number>>;
  /** Records inside a span passed on undecided (`deferInSpan`). */
  readonly deferred: Readonly<Record<LevelKey, number>>;
}

/** 2^52: the last 13 hex digits of a trace id are read as a 52-bit integer, exact in a double. */
const SPAN = 2 ** 52;

/**
 * The trace's sampling value in [0, 2^52): its last 13 hex digits, the part of
 * a W3C trace id that is random (version-4 UUID ids too). Comparing it with
 * `ratio * 2^52` makes the decision the same for every record of the trace,
 * in every process, and nested: a trace kept at ratio 0.01 is kept at 0.05.
 */
export function traceRandomness(traceId: string): number {
  return parseInt(traceId.slice(-13), 16);
}

function checkRatio(name: string, value: number | undefined): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new ConfigurationError(`sampling.${name} must be a number between 0 and 1, got ${String(value)}`);
  }
  return value;
}

/**
 * Drops a share of trace/debug/info records before they reach `next` (the
 * batch processor, or span buffering). Inside a trace the decision is derived
 * from the trace id, so a trace keeps all of its records of a level or none;
 * outside a trace it is random by ratio. A decorator because sdk-logs calls
 * every registered processor and cannot drop a record itself.
 */
export class SamplingProcessor implements LogRecordProcessor {
  private readonly thresholds: Record<LevelKey, number>;
  private readonly ratios: Record<LevelKey, number>;
  private readonly kept = levelCounters();
  private readonly dropped = levelCounters();
  private readonly deferred = levelCounters();
  private readonly defer: ReadonlySet<LevelKey>;

  constructor(
    private readonly next: LogRecordProcessor,
    options: SamplingOptions = {},
    private readonly random: () => number = Math.random,
  ) {
    this.ratios = {
      trace: checkRatio('trace', options.trace),
      debug: checkRatio('debug', options.debug),
      info: checkRatio('info', options.info),
      warn: 1,
      error: 1,
    };
    this.defer = new Set(options.deferInSpan ?? []);
    this.thresholds = {
      trace: this.ratios.trace * SPAN,
      debug: this.ratios.debug * SPAN,
      info: this.ratios.info * SPAN,
      warn: SPAN,
      error: SPAN,
    };
  }

  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    const level = levelKey(record);
    if (this.defer.size > 0 && this.defer.has(level) && record.spanContext !== undefined && isSpanContextValid(record.spanContext)) {
      this.deferred[level]++;
      this.next.onEmit(record, context);
      return;
    }
    if (this.sampled(level, record)) {
      this.kept[level]++;
      this.next.onEmit(record, context);
    } else {
      this.dropped[level]++;
    }
  }

  /** Whether a record of this level (and trace) passes. */
  private sampled(level: LevelKey, record: ReadWriteLogRecord): boolean {
    const ratio = this.ratios[level];
    if (ratio >= 1) return true;
    if (ratio <= 0) return false;
    const spanContext = record.spanContext;
    if (spanContext !== undefined && isSpanContextValid(spanContext)) {
      return traceRandomness(spanContext.traceId) < this.thresholds[level];
    }
    return this.random() < ratio;
  }

  stats(): SamplingStats {
    return { kept: { ...this.kept }, dropped: { ...this.dropped }, deferred: { ...this.deferred } };
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
