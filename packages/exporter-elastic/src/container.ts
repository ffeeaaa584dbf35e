import type { ContainerOptions } from '@dynamo-logging/core';
import { LogContainer } from '@dynamo-logging/core';
import type { ElasticExporterOptions } from './config';
import { ElasticLogRecordExporter } from './exporter';

export type ElasticContainerOptions = ContainerOptions & ElasticExporterOptions;

/** The seed's `ELKContainer.new(elasticsearch_url)`: a container whose records go to Elasticsearch. */
export function createElasticContainer(options: ElasticContainerOptions): LogContainer {
  const exporter = new ElasticLogRecordExporter(options);
  return LogContainer.start({ ...options, exporter });
}
