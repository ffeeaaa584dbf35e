import { diag, DiagLogLevel } from '@opentelemetry/api';

/** Collects every diag line while installed, so tests can check what operators would see (and that no secret is in it). */
export class DiagCapture {
  readonly lines: Array<{ level: string; text: string }> = [];

  install(): this {
    const push = (level: string) => (message: string, ...args: unknown[]) => {
      this.lines.push({ level, text: [message, ...args.map((a) => (a instanceof Error ? a.message : String(a)))].join(' ') });
    };
    diag.setLogger(
      { error: push('error'), warn: push('warn'), info: push('info'), debug: push('debug'), verbose: push('verbose') },
      { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true },
    );
    return this;
  }

  uninstall(): void {
    diag.disable();
  }

  at(level: string): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.text);
  }

  all(): string {
    return this.lines.map((l) => l.text).join('\n');
  }
}
