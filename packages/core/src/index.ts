// Public surface of @dynamo-logging/core. Explicit named exports only.

// --- JSONL line (the Dynamo line, shared by the console exporter and Loki)
export { formatDynamoLine, messageText } from './jsonl/format-line';
export type { LineOptions } from './jsonl/format-line';
export { dynamoLevel } from './jsonl/level';
export { jsonValue } from './jsonl/json-value';
export type { DynamoLevel } from './jsonl/level';

// --- delivery layer (shared by every HTTP exporter)
export type {
  Compression,
  DeliveryBackend,
  DeliveryOptions,
  DeliveryResponse,
  DeliveryStats,
  DeliveryTransport,
  DroppedRecords,
  EncodedRequest,
  Outcome,
  QueueOptions,
  RetriedRecords,
  RetryOptions,
  TlsOptions,
  TransportRequest,
} from './delivery/types';
export { DeliveryExporter } from './delivery/delivery-exporter';
export { BodyPool } from './delivery/body-pool';
export { deliveredAll, dropAll, retryAll } from './delivery/outcome-helpers';
export { parseRetryAfter } from './delivery/retry-after';
export { classifyHttpStatus } from './delivery/classify-http-status';
export { DELIVERY_DEFAULTS } from './delivery/config';
export { resolveDeliveryMode, startDelivery } from './delivery/worker/start-delivery';
export type { DeliveryMode, DeliverySpec } from './delivery/worker/start-delivery';
export type { InnerExporter, WorkerExporter } from './delivery/worker/worker-exporter';
export { DeliveredExporter } from './delivery/worker/delivered-exporter';
export { httpDeliverySpec, workerFactory } from './delivery/worker/http-delivery-spec';
export type { HttpExporterWiring } from './delivery/worker/http-delivery-spec';
export { DELIVERY_OPTION_KEYS, toDeliveryOptions } from './delivery/http-exporter-options';
export type { BackendDelivery, DeliveryOptionKey, HttpExporterOptions } from './delivery/http-exporter-options';
export { resolveEndpoint } from './delivery/endpoint';
export type { EndpointSetting, ResolvedEndpoint } from './delivery/endpoint';
export { authorizationHeader, hasAuthorization } from './delivery/credentials';
export type { CredentialNames, CredentialRules, Credentials } from './delivery/credentials';

// --- the OpenTelemetry line in use (2.x or 3.x): severity numbers and Logs API types
export { SeverityNumber } from './otel-line';
export type { AnyValue, LogAttributes, LogBody, OtelLogger, OtelLoggerProvider, OtelLogRecord } from './otel-line';

// --- errors
export { ConfigurationError, DeliveryRequestError, DynamoLoggingError, MissingBackendPackageError, redactedCause } from './errors';
export type { DeliveryRequestErrorCode } from './errors';

// --- container
export type { ContainerOptions, UnknownKeyPolicy } from './container-options';
export { LogContainer } from './container';
export type { ContainerStats } from './container';
export type { Attributes, Logger } from './logger';
export type { LevelName } from './config/levels';
export { LevelFilter } from './config/levels';
export { isTruthy, nonEmpty, readBoolean, readChoice, readInteger, readString, readValid, reportBadEnv, verbatim } from './config/env';
export type { BackendName, ConsoleFormat, ResolvedConfig } from './config/resolve';
export type { BackendModule, ModuleImporter } from './backend-loader';

// --- processors and exporters of the foundation
export { SemanticConventionProcessor } from './processors/semantic-convention-processor';
export type { SemanticConventionOptions, SemanticConventionStats } from './processors/semantic-convention-processor';
export { TraceContextProcessor } from './processors/trace-context-processor';
export { CountingBatchLogRecordProcessor } from './processors/counting-batch-processor';
export { DynamoJsonlExporter } from './jsonl/jsonl-exporter';
export type { DynamoJsonlExporterOptions, JsonlDestination } from './jsonl/jsonl-exporter';
export { formatReadableLine } from './jsonl/readable-format';

// --- tracing and volume control: request context, span lines, sampling, span buffering, redaction, console
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
export { ExceptionEventsProcessor, SpanEventsProcessor, spanEventsEnabled } from './processors/span-events-processor';
export type { ExceptionEventsOptions, SpanEventsOptions } from './processors/span-events-processor';
export { SamplingProcessor } from './processors/sampling-processor';
export type { SamplingOptions, SamplingStats } from './processors/sampling-processor';
export { SpanBufferingProcessor } from './processors/span-buffering-processor';
export type { SpanBufferingOptions, SpanBufferingStats, SpanEndListener } from './processors/span-buffering-processor';
export { DEFAULT_REDACTION_REPLACEMENT, RedactionProcessor } from './processors/redaction-processor';
export { createSecretMasker, secretsOf } from './secret-masker';
export type { SecretMasker } from './secret-masker';
export type { RedactionOptions, RedactionPattern, RedactionStats } from './processors/redaction-processor';
export type { LevelKey } from './processors/level-key';
export { captureConsole } from './console/capture-console';
export type { CaptureConsoleOptions, ConsoleMethod } from './console/capture-console';
