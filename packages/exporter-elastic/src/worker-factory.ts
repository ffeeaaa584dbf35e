import type { MeterProvider } from '@opentelemetry/api';
import type { ElasticOptions } from './config';
import { ElasticInlineExporter } from './inline-exporter';

/** What the delivery worker calls to build the Elasticsearch exporter inside its thread. */
export function createElasticExporter(options: ElasticOptions, meterProvider: MeterProvider, env: NodeJS.ProcessEnv | undefined): ElasticInlineExporter {
  return new ElasticInlineExporter({ ...options, delivery: 'inline', meterProvider }, env ?? {});
}
