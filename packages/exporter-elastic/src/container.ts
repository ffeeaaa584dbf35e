import type { ContainerOptions } from '@dynamo-logging/core';
import { LogContainer } from '@dynamo-logging/core';
import type { ElasticOptions } from './config';
import { ElasticLogRecordExporter } from './exporter';

/** The seed's `ELKContainer.new(elasticsearch_url)`: a container whose records go to Elasticsearch. */
export function createElasticContainer(options: ContainerOptions & ElasticOptions): LogContainer {
  const exporter = new ElasticLogRecordExporter(
    { ...options, ...(options.queue !== undefined ? { queue: options.queue } : {}) },
    options.env ?? process.env,
  );
  return LogContainer.start({ ...options, exporter });
}
