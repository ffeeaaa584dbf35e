import { LogContainer } from '@dynamo-logging/core';
import type { ContainerOptions } from '@dynamo-logging/core';
import type { SplunkHecOptions } from './config';
import { SplunkHecLogRecordExporter } from './exporter';

export type SplunkContainerOptions = ContainerOptions & SplunkHecOptions;

/** The seed's `SplunkContainer.new(endpoint, token)`: a LogContainer shipping to Splunk HEC. */
export function createSplunkContainer(options: SplunkContainerOptions): LogContainer {
  const exporter = new SplunkHecLogRecordExporter(options, options.env ?? process.env);
  return LogContainer.start({ ...options, exporter });
}
