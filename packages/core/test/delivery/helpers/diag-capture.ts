import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';

/** Captures every diag line (all levels) so tests can assert on them and scan them for secrets. */
export class DiagCapture implements DiagLogger {
  readonly lines: Array<{ level: string; text: string }> = [];
  private push(level: string, message: string, args: unknown[]): void {
    this.lines.push({ level, text: [message, ...args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a)))].join(' ') });
  }
  error = (m: string, ...a: unknown[]) => this.push('error', m, a);
  warn = (m: string, ...a: unknown[]) => this.push('warn', m, a);
  info = (m: string, ...a: unknown[]) => this.push('info', m, a);
  debug = (m: string, ...a: unknown[]) => this.push('debug', m, a);
  verbose = (m: string, ...a: unknown[]) => this.push('verbose', m, a);

  install(): this {
    diag.setLogger(this, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
    return this;
  }
  uninstall(): void {
    diag.disable();
  }
  text(): string {
    return this.lines.map((l) => `${l.level} ${l.text}`).join('\n');
  }
  matching(re: RegExp): string[] {
    return this.lines.filter((l) => re.test(l.text)).map((l) => l.text);
  }
}
