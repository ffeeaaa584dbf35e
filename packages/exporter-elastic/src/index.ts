// Public surface of @dynamo-logging/exporter-elastic. Explicit named exports only.
export { ElasticLogRecordExporter } from './exporter';
export type { ElasticExporterStats, ElasticStats, IndexTemplateResult } from './exporter';
export { fromEnv } from './from-env';
export { createElasticContainer } from './container';
export type { ElasticContainerOptions } from './container';
export type { ElasticExporterOptions, ElasticMapping, ElasticOptions, IndexDateSuffix } from './config';
export { ECS_VERSION } from './ecs-document';
