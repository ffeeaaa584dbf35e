// Public surface of @dynamo-logging/exporter-elastic. Explicit named exports only.
export { ElasticLogRecordExporter, fromEnv } from './exporter';
export type { ElasticStats, IndexTemplateResult } from './exporter';
export { createElasticContainer } from './container';
export type { ElasticMapping, ElasticOptions, IndexDateSuffix } from './config';
export { ECS_VERSION } from './ecs-document';
