import { LogContainer } from '@dynamo-logging/core';
import type { ContainerOptions } from '@dynamo-logging/core';
import type { LokiExporterOptions } from './config';
import { LokiLogRecordExporter } from './exporter';

export type LokiContainerOptions = ContainerOptions & LokiExporterOptions;

/** The seed's `LokiContainer.new(endpoint, labels)`: a container whose records go to Loki. */
export function createLokiContainer(options: LokiContainerOptions): LogContainer {
  const exporter = new LokiLogRecordExporter(options);
  return LogContainer.start({ ...options, exporter });
}
