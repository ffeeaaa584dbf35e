// Public surface of @dynamo-logging/exporter-splunk. Explicit named exports only.
export { SplunkHecLogRecordExporter, fromEnv } from './exporter';
export { createSplunkContainer } from './container';
export type { SplunkContainerOptions } from './container';
export type { SplunkHecOptions } from './config';
export { INDEX_ATTRIBUTE, SOURCE_ATTRIBUTE, SOURCETYPE_ATTRIBUTE } from './encode';
