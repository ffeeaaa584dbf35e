import { diag } from '@opentelemetry/api';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { readKeyValueList } from './config/env';
import type { BackendName, ResolvedConfig } from './config/resolve';
import type { QueueOptions } from './delivery/types';
import type { DeliveryMode } from './delivery/worker/start-delivery';
import { ConfigurationError, MissingBackendPackageError } from './errors';
import { consoleExporter } from './jsonl/console-exporter';

/** What a backend package must export for `DYN_LOGGING_BACKEND` to find it. */
export interface BackendModule {
  fromEnv(env: NodeJS.ProcessEnv, overrides?: { queue?: QueueOptions; delivery?: DeliveryMode }): LogRecordExporter;
}

export type ModuleImporter = (specifier: string) => Promise<unknown>;

// A real dynamic import (kept as import() in the CommonJS build), so ESM-only installs work too.
const defaultImporter: ModuleImporter = (specifier) => import(specifier);

function isModuleNotFound(err: unknown, specifier: string): boolean {
  const code = (err as { code?: unknown })?.code;
  const message = String((err as { message?: unknown })?.message ?? '');
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(specifier);
}

/** Imports a package a backend needs, turning "not installed" into an error that says what to install. */
async function importForBackend(backend: string, specifier: string, importer: ModuleImporter): Promise<unknown> {
  try {
    return await importer(specifier);
  } catch (err) {
    if (isModuleNotFound(err, specifier)) throw new MissingBackendPackageError(backend, specifier, { cause: err });
    throw err;
  }
}

/** Imports a backend package, turning "not installed" into an error that says what to install. */
export async function loadBackendModule(backend: string, specifier: string, importer: ModuleImporter = defaultImporter): Promise<BackendModule> {
  const mod = await importForBackend(backend, specifier, importer);
  const candidate = mod as Partial<BackendModule> & { default?: Partial<BackendModule> };
  const fromEnv = candidate.fromEnv ?? candidate.default?.fromEnv;
  if (typeof fromEnv !== 'function') {
    throw new ConfigurationError(`${specifier} does not export fromEnv(); it cannot serve DYN_LOGGING_BACKEND=${backend}`);
  }
  return { fromEnv };
}

function otlpUrl(env: NodeJS.ProcessEnv): string | undefined {
  const logs = env['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT']?.trim();
  if (logs) return checkedUrl(logs, 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  return base ? checkedUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT').replace(/\/+$/, '') + '/v1/logs' : undefined;
}

// An endpoint has no safe default to fall back to: sending elsewhere than asked is worse than not starting.
function checkedUrl(raw: string, name: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value may carry credentials, so it is not echoed.
    throw new ConfigurationError(`${name} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigurationError(`${name} must be an http:// or https:// URL, got ${url.protocol}`);
  return raw;
}

export interface BackendRequest {
  /** The backend to build (`DYN_LOGGING_BACKEND`, or a `configureBackend()` argument). */
  readonly backend: BackendName;
  /** The container's resolved configuration: the console format, local time, ANSI and delivery mode. */
  readonly config: ResolvedConfig;
  /** The environment the backend package reads its own variables from. */
  readonly env: NodeJS.ProcessEnv;
  /** The container's delivery queue options, handed on to an HTTP backend. */
  readonly queue?: QueueOptions | undefined;
  /** Whether stderr is a terminal (colours for the console backend). */
  readonly isTty: boolean;
  /** How packages are imported; tests replace it. Default a real dynamic import. */
  readonly importer?: ModuleImporter | undefined;
}

/** The exporter `DYN_LOGGING_BACKEND` names, configured from the same environment. */
export async function exporterForBackend(request: BackendRequest): Promise<LogRecordExporter> {
  const { backend, config, env, queue, isTty } = request;
  const importer = request.importer ?? defaultImporter;
  switch (backend) {
    case 'jsonl':
      return consoleExporter({ format: config.consoleFormat, localTime: config.localTime, ansi: config.ansi && isTty, delivery: config.delivery });
    case 'otlp': {
      const protocol = (env['OTEL_EXPORTER_OTLP_LOGS_PROTOCOL'] ?? env['OTEL_EXPORTER_OTLP_PROTOCOL'])?.trim();
      // http/protobuf is OTel's default value, so refusing it would stop common setups at startup;
      // OTLP/HTTP receivers take http/json on the same path. grpc is another transport altogether.
      if (protocol === 'http/protobuf') {
        diag.warn(`dynamo-logging: OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}: the otlp backend sends http/json (@opentelemetry/exporter-logs-otlp-http)`);
      } else if (protocol && protocol !== 'http/json') {
        throw new ConfigurationError(
          `OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported by the otlp backend, which sends http/json (@opentelemetry/exporter-logs-otlp-http)`,
        );
      }
      // An optional peer: its version must match the application's OTel line (0.2xx for 2.x, 0.3xx for 3.x).
      const specifier = '@opentelemetry/exporter-logs-otlp-http';
      const { OTLPLogExporter } = (await importForBackend(backend, specifier, importer)) as typeof import('@opentelemetry/exporter-logs-otlp-http');
      const headers = { ...readKeyValueList(env, 'OTEL_EXPORTER_OTLP_HEADERS'), ...readKeyValueList(env, 'OTEL_EXPORTER_OTLP_LOGS_HEADERS') };
      const url = otlpUrl(env);
      return new OTLPLogExporter({ ...(url ? { url } : {}), headers });
    }
    default: {
      const mod = await loadBackendModule(backend, `@dynamo-logging/exporter-${backend}`, importer);
      return mod.fromEnv(env, { ...(queue ? { queue } : {}), delivery: config.delivery });
    }
  }
}
