/**
 * The one file that knows OpenTelemetry JS ships two lines, so nothing else has to.
 *
 * - 2.x (Node 20+): the Logs API is `@opentelemetry/api-logs` 0.2xx, the SDK
 *   `@opentelemetry/sdk-logs` 0.2xx, with `@opentelemetry/api` 1.9.
 * - 3.x (Node 22.15+): the Logs API moved into `@opentelemetry/api` 1.10, api-logs
 *   is gone, and `LoggerConfig.disabled` became `LoggerConfig.enabled`.
 *
 * Types are taken from whichever `@opentelemetry/sdk-logs` the application
 * installed (a peer dependency), so they match its line exactly and the
 * declarations we publish never name api-logs.
 */
import * as api from '@opentelemetry/api';
import type { LoggerConfigurator, LoggerProvider, ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** The line's `SeverityNumber` enum type (api-logs' on 2.x, api's on 3.x). */
export type SeverityNumber = NonNullable<ReadableLogRecord['severityNumber']>;
/** A record's attribute map (api-logs `LogAttributes` on 2.x, api `Attributes` on 3.x). */
export type LogAttributes = ReadableLogRecord['attributes'];
/** One attribute or body value (api-logs `AnyValue` on 2.x, api `AnyValue` on 3.x). */
export type AnyValue = LogAttributes[string];
/** A record body. */
export type LogBody = NonNullable<ReadableLogRecord['body']>;
/** An OTel Logs API logger, as the installed SDK hands it out. */
export type OtelLogger = ReturnType<LoggerProvider['getLogger']>;
/** What `OtelLogger.emit` takes. */
export type OtelLogRecord = Parameters<OtelLogger['emit']>[0];
/** Any Logs API provider: the SDK's, a proxy, a test double. */
export interface OtelLoggerProvider {
  getLogger(name: string, version?: string): OtelLogger;
}

type SeverityName =
  | 'UNSPECIFIED'
  | `${'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL'}${'' | '2' | '3' | '4'}`;

// The numbers are fixed by the OTel data model, identical on both lines; defining them
// here spares a value import from a package (api-logs) that the 3.x line no longer has.
const SEVERITY_NUMBERS: Record<SeverityName, number> = {
  UNSPECIFIED: 0,
  TRACE: 1, TRACE2: 2, TRACE3: 3, TRACE4: 4,
  DEBUG: 5, DEBUG2: 6, DEBUG3: 7, DEBUG4: 8,
  INFO: 9, INFO2: 10, INFO3: 11, INFO4: 12,
  WARN: 13, WARN2: 14, WARN3: 15, WARN4: 16,
  ERROR: 17, ERROR2: 18, ERROR3: 19, ERROR4: 20,
  FATAL: 21, FATAL2: 22, FATAL3: 23, FATAL4: 24,
};
/** OTel severity numbers, typed as the installed line's enum. */
export const SeverityNumber = Object.freeze(SEVERITY_NUMBERS) as Readonly<Record<SeverityName, SeverityNumber>>;

/** The parts of a Logs API global (`logs`) used here; the same on both lines. */
interface LogsApi {
  setGlobalLoggerProvider(provider: OtelLoggerProvider): unknown;
  getLoggerProvider(): OtelLoggerProvider;
  disable(): void;
}

function legacyLogsApi(): LogsApi | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@opentelemetry/api-logs') as { logs?: LogsApi }).logs;
  } catch {
    return undefined;
  }
}

/**
 * The Logs API globals to register on, primary first: api's own on 3.x, and
 * api-logs' when it is installed. On 3.x api-logs still arrives with bridges
 * that were not ported (winston-transport 0.34 reads it), and it keeps a
 * separate global, so registering on both is what brings them into the pipeline.
 */
const LOGS_APIS: readonly LogsApi[] = (() => {
  const own = (api as unknown as { logs?: LogsApi }).logs;
  const legacy = legacyLogsApi();
  return [own, legacy].filter((l, i, all): l is LogsApi => l !== undefined && all.indexOf(l) === i);
})();

// Only when neither api >= 1.10 nor api-logs is installed, which the peer ranges rule out: log nowhere rather than throw.
const NOOP_LOGGER = { emit(): void {} } as unknown as OtelLogger;
const NOOP_PROVIDER: OtelLoggerProvider = { getLogger: () => NOOP_LOGGER };
const NO_LOGS_API: LogsApi = { setGlobalLoggerProvider: () => false, getLoggerProvider: () => NOOP_PROVIDER, disable: () => undefined };

/** The global LoggerProvider bridges and `captureConsole` emit to (a no-op proxy when none is set). */
export function globalLoggerProvider(): OtelLoggerProvider {
  return (LOGS_APIS[0] ?? NO_LOGS_API).getLoggerProvider();
}

/** Makes `provider` the global one on every Logs API present; false when another provider holds the primary. */
export function registerGlobalLoggerProvider(provider: OtelLoggerProvider): boolean {
  const [primary, ...others] = LOGS_APIS;
  if (primary === undefined) return false;
  primary.setGlobalLoggerProvider(provider);
  if (primary.getLoggerProvider() !== provider) return false;
  for (const logsApi of others) logsApi.setGlobalLoggerProvider(provider);
  return true;
}

/** Unregisters `provider` wherever it is the global one, leaving another's registration alone. */
export function unregisterGlobalLoggerProvider(provider: OtelLoggerProvider): void {
  for (const logsApi of LOGS_APIS) if (logsApi.getLoggerProvider() === provider) logsApi.disable();
}

/** Clears every Logs API global, whoever registered it (tests start from a clean slate). */
export function disableGlobalLoggerProvider(): void {
  for (const logsApi of LOGS_APIS) logsApi.disable();
}

/** A `LoggerConfig` in the shape both lines read (2.x `disabled`, 3.x `enabled`). */
export function loggerConfig(enabled: boolean, minimumSeverity: SeverityNumber): ReturnType<LoggerConfigurator> {
  const both = { disabled: !enabled, enabled, minimumSeverity, traceBased: false };
  return both as unknown as ReturnType<LoggerConfigurator>;
}
