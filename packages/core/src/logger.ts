import { diag } from '@opentelemetry/api';
import { SeverityNumber, type AnyValue, type OtelLogger, type LogAttributes } from './otel-line';
import { nowHrTime } from './clock';
import { LEVEL_SEVERITY, type LevelName } from './config/levels';
import { exceptionAttributes, isErrorLike } from './exception';
import { jsonValue } from './jsonl/json-value';
import { countRenamed, EMPTY_KEY_NAME } from './processors/reserved-keys';
import { isPlainValue, toAnyValue, wellFormed } from './sanitize';

export type Attributes = Record<string, unknown>;
type LogMethod = (message: unknown, attributes?: Attributes) => void;
type ErrorMethod = (errorOrMessage: unknown, messageOrAttributes?: unknown, attributes?: Attributes) => void;

/** The facade every component logs through. No method ever throws into the caller. */
export interface Logger {
  readonly name: string;
  trace(message: string, attributes?: Attributes): void;
  debug(message: string, attributes?: Attributes): void;
  info(message: string, attributes?: Attributes): void;
  warn(message: string, attributes?: Attributes): void;
  /** `error(message, attributes?)` or `error(err, message?, attributes?)`, which fills `exception.*`. */
  error(message: string, attributes?: Attributes): void;
  error(err: unknown, message?: string, attributes?: Attributes): void;
  error(err: unknown, attributes?: Attributes): void;
  fatal(message: string, attributes?: Attributes): void;
  fatal(err: unknown, message?: string, attributes?: Attributes): void;
  fatal(err: unknown, attributes?: Attributes): void;
  /** A logger with the same name whose records also carry `attributes`. */
  child(attributes: Attributes): Logger;
  isLevelEnabled(level: LevelName): boolean;
}

const SEVERITY_TEXT: Record<LevelName, string> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'FATAL' };
const EMPTY: LogAttributes = Object.freeze({}) as LogAttributes;

// Disabled levels are this no-op (pino's trick): the call costs a property load and a return.
function noop(): void {}

/**
 * Log calls that failed and were skipped to protect the caller, counted for the
 * container whose loggers they came through (`stats().loggerFailures`); each is
 * also reported through diag, the first few in full.
 */
export class LoggerFailures {
  count = 0;

  report(err: unknown): void {
    this.count++;
    if (this.count <= 5 || this.count % 10_000 === 0) {
      diag.error(`dynamo-logging: a log call failed and was skipped (${this.count} so far)`, err);
    }
  }
}

function readAttribute(attributes: Attributes, key: string): unknown {
  try {
    return attributes[key];
  } catch {
    // A throwing getter costs its own value, not the record.
    return '[Throwing getter]';
  }
}

function sanitizeInto(target: LogAttributes, attributes: Attributes): void {
  try {
    for (const key in attributes) {
      if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
      const value = readAttribute(attributes, key);
      const clean: AnyValue | undefined =
        typeof value === 'string' ? wellFormed(value) : typeof value === 'number' || typeof value === 'boolean' ? value : toAnyValue(value);
      if (clean === undefined) continue;
      if (key === '') {
        // The SDK drops an empty key before any processor sees it; renamed here, it is kept like the other reserved keys.
        countRenamed();
        target[EMPTY_KEY_NAME] = clean;
      } else {
        target[wellFormed(key)] = clean;
      }
    }
  } catch {
    // An object that cannot even be enumerated (a Proxy whose traps throw):
    // the record still goes out with the attributes read so far.
  }
}

/** The common call: an attribute map of plain values (see isPlainValue in sanitize.ts), which the SDK can take as it is. */
function isPlainAttributeMap(attributes: Attributes): boolean {
  try {
    const proto = Object.getPrototypeOf(attributes) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    for (const key in attributes) {
      // The empty key takes the careful path, which keeps it under a name (see sanitizeInto).
      if (key.length === 0 || !(key as unknown as { isWellFormed(): boolean }).isWellFormed() || !isPlainValue(attributes[key], 0)) return false;
    }
    return true;
  } catch {
    // Throwing getters and Proxies take the careful path, which keeps the record.
    return false;
  }
}

function messageOf(message: unknown): string {
  if (typeof message === 'string') return wellFormed(message);
  if (message === undefined || message === null) return '';
  const value = toAnyValue(message);
  // A string stays the message itself; only structured values become JSON text.
  return typeof value === 'string' ? value : (jsonValue(value) ?? '');
}

export class DynamoLogger implements Logger {
  readonly name: string;
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: ErrorMethod;
  fatal: ErrorMethod;
  private readonly otel: OtelLogger;
  private readonly bound: LogAttributes;
  private readonly minSeverity: number;
  private readonly failures: LoggerFailures;

  constructor(otel: OtelLogger, name: string, minSeverity: number, failures: LoggerFailures, bound: LogAttributes = EMPTY) {
    this.otel = otel;
    this.name = name;
    this.bound = bound;
    this.minSeverity = minSeverity;
    this.failures = failures;
    this.trace = minSeverity <= SeverityNumber.TRACE ? (m, a) => this.write(SeverityNumber.TRACE, 'trace', m, a) : noop;
    this.debug = minSeverity <= SeverityNumber.DEBUG ? (m, a) => this.write(SeverityNumber.DEBUG, 'debug', m, a) : noop;
    this.info = minSeverity <= SeverityNumber.INFO ? (m, a) => this.write(SeverityNumber.INFO, 'info', m, a) : noop;
    this.warn = minSeverity <= SeverityNumber.WARN ? (m, a) => this.write(SeverityNumber.WARN, 'warn', m, a) : noop;
    this.error = minSeverity <= SeverityNumber.ERROR ? (e, m, a) => this.writeError(SeverityNumber.ERROR, 'error', e, m, a) : noop;
    this.fatal = minSeverity <= SeverityNumber.FATAL ? (e, m, a) => this.writeError(SeverityNumber.FATAL, 'fatal', e, m, a) : noop;
  }

  child(attributes: Attributes): Logger {
    try {
      // A string or an array would be walked index by index ({"0":"s",...}): not attributes.
      if (attributes === undefined || attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
        if (attributes !== undefined && attributes !== null) diag.warn(`dynamo-logging: child() takes an attributes object, got ${Array.isArray(attributes) ? 'an array' : typeof attributes}; ignored`);
        return this;
      }
      const bound: LogAttributes = { ...this.bound };
      sanitizeInto(bound, attributes ?? {});
      return new DynamoLogger(this.otel, this.name, this.minSeverity, this.failures, bound);
    } catch (err) {
      this.failures.report(err);
      return this;
    }
  }

  isLevelEnabled(level: LevelName): boolean {
    // Only real level names: `off`, unknown words and prototype keys are never enabled.
    if (level === ('off' as LevelName) || !Object.prototype.hasOwnProperty.call(LEVEL_SEVERITY, level)) return false;
    return this.minSeverity <= LEVEL_SEVERITY[level];
  }

  private write(severityNumber: SeverityNumber, level: LevelName, message: unknown, attributes: Attributes | undefined, extra?: LogAttributes): void {
    try {
      let attrs: LogAttributes;
      if (attributes === undefined || attributes === null || typeof attributes !== 'object') {
        attrs = extra === undefined ? (this.bound === EMPTY ? {} : { ...this.bound }) : { ...this.bound, ...extra };
      } else if (this.bound === EMPTY && extra === undefined && isPlainAttributeMap(attributes)) {
        // The SDK copies attributes into its own record, so a map that is already clean needs no copy of ours.
        attrs = attributes as LogAttributes;
      } else if (isErrorLike(attributes)) {
        // log.info('failed', err), as pino and winston users write it: an Error has no own enumerable
        // keys worth keeping, so it becomes exception.* attributes instead of vanishing.
        attrs = { ...this.bound, ...exceptionAttributes(attributes), ...extra };
      } else {
        attrs = this.bound === EMPTY ? {} : { ...this.bound };
        sanitizeInto(attrs, attributes);
        if (extra !== undefined) Object.assign(attrs, extra);
      }
      this.otel.emit({
        timestamp: nowHrTime(),
        severityNumber,
        severityText: SEVERITY_TEXT[level],
        body: messageOf(message),
        attributes: attrs,
      });
    } catch (err) {
      this.failures.report(err);
    }
  }

  private writeError(severityNumber: SeverityNumber, level: LevelName, first: unknown, second: unknown, third: Attributes | undefined): void {
    try {
      if (isErrorLike(first)) {
        const exception = exceptionAttributes(first);
        const message = typeof second === 'string' ? second : exception['exception.message'] || exception['exception.type'];
        const attributes = typeof second === 'object' && second !== null && third === undefined ? (second as Attributes) : third;
        this.write(severityNumber, level, message, attributes, exception);
      } else {
        this.write(severityNumber, level, first, (typeof second === 'object' && second !== null ? second : third) as Attributes | undefined);
      }
    } catch (err) {
      this.failures.report(err);
    }
  }
}
