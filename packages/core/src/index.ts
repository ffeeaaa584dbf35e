// Public surface of @dynamo-logging/core. Explicit named exports only.

// --- JSONL line (the Dynamo line, shared by the console exporter and Loki)
export { formatDynamoLine, messageText } from './jsonl/format-line';
export type { LineOptions } from './jsonl/format-line';
export { dynamoLevel } from './jsonl/level';
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
export { deliveredAll, dropAll, retryAll } from './delivery/outcome-helpers';
export { parseRetryAfter } from './delivery/retry-after';
export { classifyHttpStatus } from './delivery/classify-http-status';
export { DELIVERY_DEFAULTS } from './delivery/config';

// --- errors
export { ConfigurationError, DynamoLoggingError, MissingBackendPackageError } from './errors';

// --- container
export type { ContainerOptions, UnknownKeyPolicy } from './container-options';
export { LogContainer } from './container';
export type { ContainerStats } from './container';
export type { Attributes, Logger } from './logger';
export type { LevelName } from './config/levels';
export { LevelFilter } from './config/levels';
export { isTruthy } from './config/env';
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
