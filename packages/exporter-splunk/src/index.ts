// Public surface of @dynamo-logging/exporter-splunk. Explicit named exports only.
export { SplunkHecLogRecordExporter } from './exporter';
export type { SplunkExporterStats } from './exporter';
export { fromEnv } from './from-env';
export { createSplunkContainer } from './container';
export type { SplunkContainerOptions } from './container';
export type { SplunkExporterOptions, SplunkHecOptions } from './config';
export { INDEX_ATTRIBUTE, SOURCE_ATTRIBUTE, SOURCETYPE_ATTRIBUTE } from './encode';
