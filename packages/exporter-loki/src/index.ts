// Public surface of @dynamo-logging/exporter-loki. Explicit named exports only.
export { LokiLogRecordExporter } from './exporter';
export type { LokiExporterStats } from './exporter';
export { createLokiContainer } from './container';
export type { LokiContainerOptions } from './container';
export { fromEnv } from './from-env';
export type { LokiExporterOptions, LokiFormat, LokiLineMode } from './config';
export { TRUNCATION_MARKER } from './entry';
