import { writeSync } from 'node:fs';
import { diag, DiagLogLevel, type DiagLogger, type HrTime } from '@opentelemetry/api';
import { SeverityNumber } from '../otel-line';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { nowHrTime } from '../clock';
import type { ConsoleFormat } from '../config/resolve';
import { formatDynamoLine } from '../jsonl/format-line';
import { formatReadableLine } from '../jsonl/readable-format';

export const DIAG_TARGET = 'dynamo_logging';
/** At most this many lines per window; the rest are counted and the count printed with the next line. */
const MAX_LINES = 20;
const WINDOW_MS = 10_000;
const API_KEY = Symbol.for('opentelemetry.js.api.1');

export interface StderrDiagOptions {
  format: ConsoleFormat;
  localTime: boolean;
  /** Where a finished line goes; default a synchronous write to fd 2, so lines written at exit are not lost. */
  readonly write?: (line: string) => void;
  readonly now?: () => number;
}

/**
 * The library's own warnings and errors (a bad DYN_LOG, a drop, records lost
 * at exit) as Dynamo lines on stderr, target `dynamo_logging`, in the console's
 * format. Rate-limited: a failure that repeats on every call cannot flood stderr.
 */
export class StderrDiagLogger implements DiagLogger {
  private windowStart = Number.NEGATIVE_INFINITY;
  private linesInWindow = 0;
  private suppressed = 0;
  private readonly write: (line: string) => void;
  private readonly now: () => number;

  /** The options object is kept, not copied: the container settles the format once its config is resolved. */
  constructor(readonly options: StderrDiagOptions) {
    this.write = options.write ?? ((line) => writeSync(2, line));
    this.now = options.now ?? Date.now;
  }

  error = (message: string, ...args: unknown[]): void => this.line(SeverityNumber.ERROR, 'ERROR', message, args);
  warn = (message: string, ...args: unknown[]): void => this.line(SeverityNumber.WARN, 'WARN', message, args);
  info = (): void => undefined;
  debug = (): void => undefined;
  verbose = (): void => undefined;

  private line(severityNumber: SeverityNumber, severityText: string, message: string, args: unknown[]): void {
    // The API tells the old logger it is being replaced: that is the user's own choice, not news.
    if (typeof message === 'string' && message.startsWith('Current logger will be overwritten')) return;
    const now = this.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now;
      this.linesInWindow = 0;
    }
    if (this.linesInWindow >= MAX_LINES) {
      this.suppressed++;
      return;
    }
    this.linesInWindow++;
    let text = [message, ...args.map(argText)].join(' ');
    if (this.suppressed > 0) {
      text += ` (${this.suppressed} more diagnostic line(s) suppressed before this one)`;
      this.suppressed = 0;
    }
    // The microsecond clock of every other line, so these sort among them.
    const time = this.options.now === undefined ? nowHrTime() : hrTimeOf(now);
    const record = {
      hrTime: time,
      hrTimeObserved: time,
      severityNumber,
      severityText,
      body: text,
      attributes: {},
      instrumentationScope: { name: DIAG_TARGET },
      droppedAttributesCount: 0,
    } as unknown as ReadableLogRecord;
    const { format, localTime } = this.options;
    try {
      this.write((format === 'readable' ? formatReadableLine(record, { localTime }) : formatDynamoLine(record, { localTime })) + '\n');
    } catch {
      // stderr closed: nowhere left to report to.
    }
  }
}

function argText(arg: unknown): string {
  if (arg instanceof Error) return arg.message;
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

function hrTimeOf(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

function currentDiag(): unknown {
  return (globalThis as Record<symbol, { diag?: unknown } | undefined>)[API_KEY]?.diag;
}

/**
 * Installs the stderr logger when nobody has set a diag logger, so what the
 * library reports is seen by default. A diag logger the user sets, before or
 * after, wins: this never replaces one.
 */
export function installDefaultDiag(options: StderrDiagOptions): StderrDiagLogger | undefined {
  if (currentDiag() !== undefined) return undefined;
  const logger = new StderrDiagLogger(options);
  return diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true }) ? logger : undefined;
}
