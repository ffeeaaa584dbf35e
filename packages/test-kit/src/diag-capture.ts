import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';

export interface DiagLine {
  readonly level: 'error' | 'warn' | 'info' | 'debug' | 'verbose';
  readonly text: string;
}

/** How arguments after the message are written: by default every one, an Error with its stack (scanned for secrets too). */
export interface DiagCaptureOptions {
  /** Keep the arguments after the message; default true. */
  readonly args?: boolean;
  /** Write an Error argument with its stack; default true (false: its message only). */
  readonly stacks?: boolean;
}

function argText(a: unknown, stacks: boolean): string {
  if (a instanceof Error) return stacks ? `${a.message} ${a.stack ?? ''}` : a.message;
  if (typeof a === 'string') return a;
  try {
    return JSON.stringify(a) ?? String(a);
  } catch {
    return String(a);
  }
}

/**
 * Captures diag lines (every level by default) while installed, so tests can
 * assert on what operators would see and scan it for secrets.
 */
export class DiagCapture implements DiagLogger {
  readonly lines: DiagLine[] = [];
  constructor(private readonly options: DiagCaptureOptions = {}) {}
  private push(level: DiagLine['level'], message: string, args: unknown[]): void {
    const kept = this.options.args === false ? [] : args.map((a) => argText(a, this.options.stacks !== false));
    this.lines.push({ level, text: [message, ...kept].join(' ') });
  }
  error = (m: string, ...a: unknown[]): void => this.push('error', m, a);
  warn = (m: string, ...a: unknown[]): void => this.push('warn', m, a);
  info = (m: string, ...a: unknown[]): void => this.push('info', m, a);
  debug = (m: string, ...a: unknown[]): void => this.push('debug', m, a);
  verbose = (m: string, ...a: unknown[]): void => this.push('verbose', m, a);

  install(logLevel: DiagLogLevel = DiagLogLevel.ALL): this {
    diag.setLogger(this, { logLevel, suppressOverrideMessage: true });
    return this;
  }
  uninstall(): void {
    diag.disable();
  }
  /** Every line as `level text`, one a line. */
  text(): string {
    return this.lines.map((l) => `${l.level} ${l.text}`).join('\n');
  }
  /** The texts of every line, or of one level's. */
  texts(level?: DiagLine['level']): string[] {
    return this.lines.filter((l) => level === undefined || l.level === level).map((l) => l.text);
  }
  at(level: DiagLine['level']): string[] {
    return this.texts(level);
  }
  matching(re: RegExp): string[] {
    return this.lines.filter((l) => re.test(l.text)).map((l) => l.text);
  }
}

/** Registers hooks that install a fresh capture before each test and remove it after; the accessor reads the current one. */
export function useDiagCapture(logLevel: DiagLogLevel = DiagLogLevel.ALL): () => DiagCapture {
  let capture: DiagCapture | undefined;
  beforeEach(() => {
    capture = new DiagCapture().install(logLevel);
  });
  afterEach(() => {
    capture?.uninstall();
  });
  return () => capture!;
}
