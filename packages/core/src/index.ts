// `@dynamo-logging/core`: what an application uses. Backend authors import `@dynamo-logging/core/delivery`.

// --- the container and its logger
export { LogContainer } from './container';
export type { ContainerStats } from './container';
export type { ContainerOptions, UnknownKeyPolicy } from './container-options';
export type { Attributes, Logger } from './logger';
export type { LevelName } from './config/levels';
export type { BackendName, ConsoleFormat } from './config/resolve';
export type { DeliveryMode } from './delivery/worker/start-delivery';

// --- errors
export { ConfigurationError, DeliveryRequestError, DynamoLoggingError, MissingBackendPackageError } from './errors';
export type { DeliveryRequestErrorCode } from './errors';

// --- options and stats of the pipeline's stages, as `ContainerOptions` and `stats()` carry them
export type { SemanticConventionOptions, SemanticConventionStats } from './processors/semantic-convention-processor';
export type { ExceptionEventsOptions, SpanEventsOptions } from './processors/span-events-processor';
export type { SamplingOptions, SamplingStats } from './processors/sampling-processor';
export type { SpanBufferingOptions, SpanBufferingStats, SpanEndListener } from './processors/span-buffering-processor';
export type { RedactionOptions, RedactionPattern, RedactionStats } from './processors/redaction-processor';
export { DEFAULT_REDACTION_REPLACEMENT } from './processors/redaction-processor';
export type { DeliveryStats } from './delivery/types';

// --- request ids and trace context across services
export {
  extractRequestContext,
  getRequestIds,
  injectRequestContext,
  requestContextStats,
  setRequestIds,
} from './context/request-context';
export type { HeaderCarrier, RequestContextStats, RequestIds } from './context/request-context';
export { requestContextHandler, startRequestContext, withRequestContext } from './context/http';
export type { RequestContextOptions, StartedRequest } from './context/http';

// --- the embedded default exporter, for a JSONL file or stream of the application's choosing
export { DynamoJsonlExporter } from './jsonl/jsonl-exporter';
export type { DynamoJsonlExporterOptions, JsonlDestination } from './jsonl/jsonl-exporter';

// --- console.* capture, and masking secrets in text the application prints itself
export { captureConsole } from './console/capture-console';
export type { CaptureConsoleOptions, ConsoleMethod } from './console/capture-console';
export { createSecretMasker } from './secret-masker';
export type { SecretMasker } from './secret-masker';

// --- the OpenTelemetry line in use (2.x or 3.x): severity numbers and Logs API types
export { SeverityNumber } from './otel-line';
export type { AnyValue, LogAttributes, LogBody, OtelLogger, OtelLoggerProvider, OtelLogRecord } from './otel-line';
