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

// --- errors
export { ConfigurationError, DynamoLoggingError, MissingBackendPackageError } from './errors';

// --- container
export type { ContainerOptions, UnknownKeyPolicy } from './container-options';
