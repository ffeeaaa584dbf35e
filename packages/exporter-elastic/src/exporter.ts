import { extname, join } from 'node:path';
import { DeliveredExporter, httpDeliverySpec } from '@dynamo-logging/core/delivery';
import { resolveElasticConfig, type ElasticExporterOptions } from './config';
import { ElasticInlineExporter, type ElasticExporterStats, type IndexTemplateResult } from './inline-exporter';

export type { ElasticExporterStats, ElasticStats, IndexTemplateResult } from './inline-exporter';

/**
 * Ships log records to Elasticsearch (or OpenSearch) through `_bulk`. By
 * default the work after the batch processor (documents, gzip, HTTP, retries,
 * queues) runs on a worker thread this exporter owns; `delivery: 'inline'`
 * keeps it on the event loop. Options are checked here, on the caller's
 * thread, so a bad one throws `ConfigurationError` at construction either way.
 */
export class ElasticLogRecordExporter extends DeliveredExporter<ElasticExporterStats> {
  /**
   * `options.env` fills what the options leave out (`DYN_ELASTIC_*`, default `process.env`; `{}` ignores the
   * environment). The second argument is the older spelling of `options.env`, kept for existing callers.
   */
  constructor(options: ElasticExporterOptions = {}, /** @deprecated use `options.env` */ env?: NodeJS.ProcessEnv) {
    const withEnv = env !== undefined ? { ...options, env } : options;
    resolveElasticConfig(withEnv);
    super(httpDeliverySpec(withEnv, {
      name: 'elastic',
      module: join(__dirname, 'worker-factory' + extname(__filename)),
      factory: 'createElasticExporter',
      inline: (checked) => new ElasticInlineExporter(checked),
    }));
  }

  /**
   * Opt-in: installs (or replaces) the composable index template carrying the
   * ECS mapping for this exporter's target, `PUT /_index_template/<templateName>`.
   * Call it once at deploy or start-up time; it rejects with a coded
   * `DeliveryRequestError` (see `ElasticInlineExporter.ensureIndexTemplate`),
   * never with credentials. Not for the `otel` mapping, whose template
   * (`logs-otel@template`) Elasticsearch 8.16+ ships.
   */
  ensureIndexTemplate(): Promise<IndexTemplateResult> {
    return this.invoke<IndexTemplateResult>('ensureIndexTemplate');
  }
}
