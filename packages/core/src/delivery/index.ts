// `@dynamo-logging/core/delivery`: the interface for backend authors. An exporter package builds on these;
// an application never needs them (its entry is `@dynamo-logging/core`).

// --- the contract a backend implements, and the exporter that runs it
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
} from './types';
export { DeliveryExporter } from './delivery-exporter';
export { BodyPool } from './body-pool';
export { deliveredAll, dropAll, retryAll } from './outcome-helpers';
export { parseRetryAfter } from './retry-after';
export { classifyHttpStatus } from './classify-http-status';
export { DELIVERY_DEFAULTS } from './config';

// --- delivery on a worker thread: the public exporter classes extend DeliveredExporter
export { resolveDeliveryMode, startDelivery } from './worker/start-delivery';
export type { DeliveryMode, DeliverySpec } from './worker/start-delivery';
export type { InnerExporter, WorkerExporter } from './worker/worker-exporter';
export { DeliveredExporter } from './worker/delivered-exporter';

// --- the scaffold every HTTP exporter stands on: its options, endpoint, credentials and worker wiring
export { httpDeliverySpec, workerFactory } from './worker/http-delivery-spec';
export type { HttpExporterWiring } from './worker/http-delivery-spec';
export { DELIVERY_OPTION_KEYS, toDeliveryOptions } from './http-exporter-options';
export type { BackendDelivery, DeliveryOptionKey, HttpExporterOptions } from './http-exporter-options';
export { resolveEndpoint } from './endpoint';
export type { EndpointSetting, ResolvedEndpoint } from './endpoint';
export { authorizationHeader, hasAuthorization } from './credentials';
export type { CredentialNames, CredentialRules, Credentials } from './credentials';
export { ConfigurationError, DeliveryRequestError, redactedCause } from '../errors';
export type { DeliveryRequestErrorCode } from '../errors';

// --- what a backend module gives `LogContainer.fromEnv()`
export type { BackendModule, ModuleImporter } from '../backend-loader';

// --- env variables read with the policy every package follows: a bad value is reported and the default used
export { nonEmpty, readBoolean, readChoice, readInteger, readKeyValueList, readString, readValid, reportBadEnv, verbatim } from '../config/env';

// --- the Dynamo line, for backends that store it (Loki) and tools that print it (the command line)
export { formatDynamoLine, messageText } from '../jsonl/format-line';
export type { LineOptions } from '../jsonl/format-line';
export { formatReadableLine } from '../jsonl/readable-format';
export { dynamoLevel } from '../jsonl/level';
export type { DynamoLevel } from '../jsonl/level';
export { jsonValue } from '../jsonl/json-value';

// --- redaction of secrets in what a backend prints or sends
export { createSecretMasker } from '../secret-masker';
export type { SecretMasker } from '../secret-masker';

// --- @internal, for this repository's tests: the clock DeliveryExporter and the inline exporters wait on
export type { ClockTimer, DeliveryClock, DeliveryInternals } from './delivery-clock';
// The default of every clock parameter, so a backend's own timers (Splunk's ack polls) need no second copy of it.
export { REAL_CLOCK } from './delivery-clock';
