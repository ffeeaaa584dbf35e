import { workerFactory } from '@dynamo-logging/core/delivery';
import type { ElasticExporterOptions } from './config';
import { ElasticInlineExporter } from './inline-exporter';

/** What the delivery worker calls to build the Elasticsearch exporter inside its thread. */
export const createElasticExporter = workerFactory((options: ElasticExporterOptions) => new ElasticInlineExporter(options));
