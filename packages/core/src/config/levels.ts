import { SeverityNumber } from '../otel-line';
import { reportBadEnv } from './env';

export type LevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Lowest OTel severity of each level; `off` disables a logger. */
export const LEVEL_SEVERITY: Readonly<Record<LevelName | 'off', number>> = {
  trace: SeverityNumber.TRACE,
  debug: SeverityNumber.DEBUG,
  info: SeverityNumber.INFO,
  warn: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
  fatal: SeverityNumber.FATAL,
  off: Number.POSITIVE_INFINITY,
};

const ALIASES: Record<string, LevelName | 'off'> = { warning: 'warn', err: 'error', critical: 'fatal', none: 'off' };

function parseLevelWord(word: string): number | undefined {
  const w = word.trim().toLowerCase();
  const name = (w in LEVEL_SEVERITY ? w : ALIASES[w]) as LevelName | 'off' | undefined;
  return name === undefined ? undefined : LEVEL_SEVERITY[name];
}

/**
 * Per-logger-name minimum severity from `DYN_LOG`-style directives:
 * `info,dynamo.http=debug,dynamo.http.sse=off`. As in Rust's EnvFilter, the
 * longest matching target prefix wins; a prefix matches the name itself or a
 * name continuing with `.`, `::` or `/`.
 */
export class LevelFilter {
  readonly defaultSeverity: number;
  private readonly directives: ReadonlyArray<readonly [string, number]>;
  private readonly cache = new Map<string, number>();

  constructor(defaultSeverity: number, directives: ReadonlyArray<readonly [string, number]> = []) {
    this.defaultSeverity = defaultSeverity;
    this.directives = [...directives].sort((a, b) => b[0].length - a[0].length);
  }

  /** Parses a directive string; bad parts are reported (naming `source`) and skipped, never thrown. */
  static parse(spec: string | undefined, source = 'level', fallback = SeverityNumber.INFO): LevelFilter {
    let defaultSeverity: number | undefined;
    const directives: Array<readonly [string, number]> = [];
    for (const part of (spec ?? '').split(',')) {
      const text = part.trim();
      if (text === '') continue;
      const eq = text.indexOf('=');
      if (eq < 0) {
        const severity = parseLevelWord(text);
        if (severity === undefined) reportBadEnv(source, text, 'a level (trace|debug|info|warn|error|off)', 'info');
        else defaultSeverity = severity;
        continue;
      }
      const target = text.slice(0, eq).trim();
      const severity = parseLevelWord(text.slice(eq + 1));
      if (target === '' || severity === undefined) {
        reportBadEnv(source, text, 'target=level', 'no directive for it');
        continue;
      }
      directives.push([target, severity]);
    }
    return new LevelFilter(defaultSeverity ?? fallback, directives);
  }

  /** Minimum severity enabled for a logger name. */
  minSeverity(name: string): number {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    let result = this.defaultSeverity;
    for (const [target, severity] of this.directives) {
      if (name === target || (name.startsWith(target) && /^(\.|::|\/)/.test(name.slice(target.length)))) {
        result = severity;
        break;
      }
    }
    if (this.cache.size < 10_000) this.cache.set(name, result);
    return result;
  }
}
