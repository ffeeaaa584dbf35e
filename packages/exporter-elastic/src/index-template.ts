import { ATTRIBUTE_REGISTRY } from '@dynamo-logging/semconv';
import type { ResolvedElasticConfig } from './config';
import { ECS_VERSION, leafKey } from './ecs-document';
import { OTEL_DATASET_SUFFIX } from './target-names';

type Mapping = Record<string, unknown>;

const KEYWORD: Mapping = { type: 'keyword', ignore_above: 1024 };
const LONG: Mapping = { type: 'long' };
const TEXT: Mapping = { type: 'text' };

function obj(properties: Record<string, Mapping>): Mapping {
  return { properties };
}

/** ECS fields keep their place whatever the resource has; these keys are not copied under `dynamo.`. */
const ECS_HOMED = new Set([
  'service.name', 'service.version', 'deployment.environment.name', 'host.name', 'process.pid',
  'trace_id', 'span_id', 'exception.type', 'exception.message', 'exception.stacktrace',
  'code.file.path', 'code.line.number', 'code.function.name', 'level',
]);

/** Registry types -> Elasticsearch field types for the `dynamo.*` leaves. */
function dynamoProperties(): Record<string, Mapping> {
  const out: Record<string, Mapping> = {};
  for (const def of ATTRIBUTE_REGISTRY) {
    if (ECS_HOMED.has(def.key)) continue;
    const type = def.type === 'int' ? LONG : def.type === 'double' ? { type: 'double' } : def.type === 'boolean' ? { type: 'boolean' } : KEYWORD;
    out[leafKey(def.key)] = type;
  }
  return out;
}

/**
 * The ECS mapping of every field the `ecs` mode writes, so the first document
 * does not decide a field's type. Only core types (keyword, text, long, date_nanos),
 * so the same template works on OpenSearch. `@timestamp` is `date_nanos` to keep
 * the microseconds in the index, not only in `_source`.
 */
export function ecsMappings(): Mapping {
  return {
    dynamic_templates: [
      { dynamo_strings: { path_match: 'dynamo.*', match_mapping_type: 'string', mapping: KEYWORD } },
      { labels: { path_match: 'labels.*', mapping: KEYWORD } },
    ],
    properties: {
      '@timestamp': { type: 'date_nanos' },
      message: TEXT,
      ecs: obj({ version: KEYWORD }),
      log: obj({
        level: KEYWORD,
        logger: KEYWORD,
        origin: obj({ file: obj({ name: KEYWORD, line: LONG }), function: KEYWORD }),
      }),
      event: obj({ dataset: KEYWORD }),
      data_stream: obj({ type: KEYWORD, dataset: KEYWORD, namespace: KEYWORD }),
      service: obj({ name: KEYWORD, version: KEYWORD, environment: KEYWORD, node: obj({ name: KEYWORD }) }),
      host: obj({ name: KEYWORD, architecture: KEYWORD }),
      process: obj({ pid: LONG, name: KEYWORD }),
      container: obj({ id: KEYWORD }),
      cloud: obj({ provider: KEYWORD, region: KEYWORD }),
      trace: obj({ id: KEYWORD }),
      span: obj({ id: KEYWORD }),
      transaction: obj({ id: KEYWORD }),
      error: obj({ type: KEYWORD, message: TEXT, stack_trace: { type: 'text', index: false } }),
      labels: { type: 'object' },
      dynamo: obj(dynamoProperties()),
    },
  };
}

/** Index patterns the template covers: the plain index (with any date suffix), or the data stream family. */
export function templatePatterns(config: ResolvedElasticConfig): string[] {
  if (config.target.kind === 'index') return [config.target.index, config.target.index + '-*'];
  const dataset = config.mapping === 'otel' ? config.target.dataset + OTEL_DATASET_SUFFIX : config.target.dataset;
  return [`logs-${dataset}-*`];
}

/** A composable index template (`PUT /_index_template/<name>`). */
export function indexTemplateBody(config: ResolvedElasticConfig): Mapping {
  const dataStream = config.target.kind === 'data_stream';
  return {
    index_patterns: templatePatterns(config),
    // Above the built-in `logs` template (100) so it wins for its own patterns.
    priority: 200,
    ...(dataStream ? { data_stream: {} } : {}),
    template: {
      settings: { index: { mapping: { ignore_malformed: true, total_fields: { limit: 2000 } } } },
      mappings: ecsMappings(),
    },
    _meta: { managed_by: '@dynamo-logging/exporter-elastic', ecs_version: ECS_VERSION },
  };
}
