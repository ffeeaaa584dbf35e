import { LogContainer } from '@dynamo-logging/core';
import type { ContainerOptions } from '@dynamo-logging/core';
import type { SplunkExporterOptions } from './config';
import { SplunkHecLogRecordExporter } from './exporter';

export type SplunkContainerOptions = ContainerOptions & SplunkExporterOptions;

/** The seed's `SplunkContainer.new(endpoint, token)`: a LogContainer shipping to Splunk HEC. */
export function createSplunkContainer(options: SplunkContainerOptions): LogContainer {
  const exporter = new SplunkHecLogRecordExporter(options);
  return LogContainer.start({ ...options, exporter });
}
