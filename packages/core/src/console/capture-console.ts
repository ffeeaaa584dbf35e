import { format } from 'node:util';
import { context as contextApi } from '@opentelemetry/api';
import { SeverityNumber, type OtelLoggerProvider as LoggerProvider, globalLoggerProvider } from '../otel-line';
import { isTracingSuppressed } from '@opentelemetry/core';

export type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';

export interface CaptureConsoleOptions {
  /** Where console lines go; default the global LoggerProvider (the container's once it started). */
  readonly loggerProvider?: LoggerProvider;
  /** Logger name, printed as `target`; default `console`. */
  readonly name?: string;
  /** Methods to capture; default all of `log`, `info`, `warn`, `error`, `debug`, `trace`. */
  readonly methods?: readonly ConsoleMethod[];
  /** Also write to the original console; default false. */
  readonly passThrough?: boolean;
}

const SEVERITY: Record<ConsoleMethod, [SeverityNumber, string]> = {
  log: [SeverityNumber.INFO, 'INFO'],
  info: [SeverityNumber.INFO, 'INFO'],
  warn: [SeverityNumber.WARN, 'WARN'],
  error: [SeverityNumber.ERROR, 'ERROR'],
  debug: [SeverityNumber.DEBUG, 'DEBUG'],
  trace: [SeverityNumber.TRACE, 'TRACE'],
};

/** Nesting depth of console calls made while a captured call is being logged. */
let emitting = 0;

/**
 * Routes `console.*` into the logging pipeline (redaction, sampling and the
 * exporter apply), opt-in. Returns a function that restores the original
 * methods. A console call made while a captured one is being logged (a
 * processor or a diag logger writing to the console), or from inside an
 * export (sdk-logs exports under a suppressed-tracing context), goes to the
 * original console instead, so an exporter that prints cannot loop.
 */
export function captureConsole(options: CaptureConsoleOptions = {}): () => void {
  const methods = options.methods ?? (Object.keys(SEVERITY) as ConsoleMethod[]);
  const provider = options.loggerProvider;
  const name = options.name ?? 'console';
  const passThrough = options.passThrough ?? false;
  const originals = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  const target = console as unknown as Record<ConsoleMethod, (...args: unknown[]) => void>;

  for (const method of methods) {
    const original = target[method];
    originals.set(method, original);
    const [severityNumber, severityText] = SEVERITY[method];
    const replacement = function (this: unknown, ...args: unknown[]): void {
      if (emitting > 0 || isTracingSuppressed(contextApi.active())) {
        original.apply(console, args);
        return;
      }
      emitting++;
      try {
        (provider ?? globalLoggerProvider()).getLogger(name).emit({ severityNumber, severityText, body: format(...args) });
      } catch {
        // The console must keep working whatever the pipeline does.
      } finally {
        emitting--;
      }
      if (passThrough) original.apply(console, args);
    };
    target[method] = replacement;
  }

  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    for (const [method, original] of originals) target[method] = original;
  };
}
