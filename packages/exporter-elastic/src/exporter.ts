import { extname, join } from 'node:path';
import { DeliveredExporter, resolveDeliveryMode } from '@dynamo-logging/core/delivery';
import { resolveElasticConfig, type ElasticOptions } from './config';
import { ElasticInlineExporter, type ElasticStats, type IndexTemplateResult } from './inline-exporter';

export type { ElasticStats, IndexTemplateResult } from './inline-exporter';

/**
 * Ships log records to Elasticsearch (or OpenSearch) through `_bulk`. By
 * default the work after the batch processor (documents, gzip, HTTP, retries,
 * queues) runs on a worker thread this exporter owns; `delivery: 'inline'`
 * keeps it on the event loop. Options are checked here, on the caller's
 * thread, so a bad one throws `ConfigurationError` at construction either way.
 */
export class ElasticLogRecordExporter extends DeliveredExporter<ElasticStats> {
  constructor(options: ElasticOptions = {}, env: NodeJS.ProcessEnv = process.env) {
    const config = resolveElasticConfig(options, env);
    super({
      name: 'elastic',
      mode: resolveDeliveryMode(options.delivery, env),
      module: join(__dirname, 'worker-factory' + extname(__filename)),
      factory: 'createElasticExporter',
      options,
      env,
      inline: () => new ElasticInlineExporter(options, env),
      ...(options.meterProvider !== undefined ? { meterProvider: options.meterProvider } : {}),
      ...(config.delivery.flushTimeoutMillis !== undefined ? { flushTimeoutMillis: config.delivery.flushTimeoutMillis } : {}),
      durable: config.delivery.queue?.directory !== undefined,
    });
  }

  /**
   * Opt-in: installs (or replaces) the composable index template carrying the
   * ECS mapping for this exporter's target, `PUT /_index_template/<templateName>`.
   * Call it once at deploy or start-up time; it rejects with the server's reason
   * (never with credentials). Not for the `otel` mapping, whose template
   * (`logs-otel@template`) Elasticsearch 8.16+ ships.
   */
  ensureIndexTemplate(): Promise<IndexTemplateResult> {
    return this.invoke<IndexTemplateResult>('ensureIndexTemplate');
  }
}

/** Options merged with `DYN_ELASTIC_*` (options win). For `DYN_LOGGING_BACKEND=elastic`. */
export function fromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ElasticOptions> = {}): ElasticLogRecordExporter {
  return new ElasticLogRecordExporter(overrides, env);
}
