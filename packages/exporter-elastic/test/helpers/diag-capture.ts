import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';

/** Collects diag output for the duration of a test. */
export class DiagCapture implements DiagLogger {
  readonly lines: string[] = [];
  install(): this {
    diag.setLogger(this, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
    return this;
  }
  uninstall(): void {
    diag.disable();
  }
  error = (message: string, ...args: unknown[]): void => void this.lines.push('error ' + [message, ...args].join(' '));
  warn = (message: string, ...args: unknown[]): void => void this.lines.push('warn ' + [message, ...args].join(' '));
  info = (): void => undefined;
  debug = (): void => undefined;
  verbose = (): void => undefined;
}
