import { diag } from '@opentelemetry/api';

const TRUTHY = new Set(['1', 'true', 'on', 'yes']);
const FALSY = new Set(['0', 'false', 'off', 'no', '']);

/** Dynamo's truthy values: `1/true/on/yes`, case-insensitive. */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && TRUTHY.has(value.trim().toLowerCase());
}

/**
 * The one trimming rule for a setting given as text (code option or variable): blank means unset, anything
 * else is used without its surrounding white space. Passwords are the exception and go through `verbatim`.
 */
export function nonEmpty(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A password: empty means unset, but white space may be part of it, so nothing is trimmed. */
export function verbatim(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A free-text variable (an index, a tenant, a user name): undefined when unset or blank. */
export function readString(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return nonEmpty(env[name]);
}

/**
 * A free-text variable with a rule (a data stream name, say): a value the rule refuses (`problem` says why)
 * is reported and undefined returned, so the default is used, as for every other variable.
 */
export function readValid(env: NodeJS.ProcessEnv, name: string, problem: (value: string) => string | undefined, fallback: unknown): string | undefined {
  const value = readString(env, name);
  if (value === undefined) return undefined;
  const why = problem(value);
  if (why === undefined) return value;
  reportBadEnv(name, env[name] ?? '', why, fallback);
  return undefined;
}

/** Reports a bad environment value once, naming the variable and the default used; never throws. */
export function reportBadEnv(name: string, value: string, expected: string, fallback: unknown): void {
  diag.warn(`dynamo-logging: ignoring ${name}=${JSON.stringify(value)}: expected ${expected}; using ${String(fallback)}`);
}

/** A boolean variable: undefined when unset, else truthy/falsy, else reported and undefined. */
export function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const value = raw.trim().toLowerCase();
  if (TRUTHY.has(value)) return true;
  if (FALSY.has(value)) return false;
  reportBadEnv(name, raw, 'one of 1/true/on/yes or 0/false/off/no', fallback);
  return undefined;
}

/** A non-negative integer variable: undefined when unset or bad (bad values are reported). */
export function readInteger(env: NodeJS.ProcessEnv, name: string, fallback: number | undefined, min = 0): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw.trim());
  if (Number.isSafeInteger(value) && value >= min) return value;
  reportBadEnv(name, raw, `an integer >= ${min}`, fallback ?? 'the default');
  return undefined;
}

/** One of a fixed set of lower-case words. */
export function readChoice<T extends string>(env: NodeJS.ProcessEnv, name: string, choices: readonly T[], fallback: T | undefined): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim().toLowerCase();
  if ((choices as readonly string[]).includes(value)) return value as T;
  reportBadEnv(name, raw, `one of ${choices.join('|')}`, fallback ?? 'the default');
  return undefined;
}

/**
 * `key=value,key2=value2` as OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS
 * write it (values percent-decoded). A malformed pair is reported and skipped.
 */
export function readKeyValueList(env: NodeJS.ProcessEnv, name: string): Record<string, string> {
  const raw = env[name];
  const out: Record<string, string> = {};
  if (raw === undefined || raw.trim() === '') return out;
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (key === '') {
      reportBadEnv(name, pair, 'key=value pairs separated by commas', 'the other pairs');
      continue;
    }
    let value = pair.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // Not percent-encoded after all: keep the text as written.
    }
    out[key] = value;
  }
  return out;
}
