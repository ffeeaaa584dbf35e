import { workerFactory } from '@dynamo-logging/core/delivery';
import type { SplunkExporterOptions } from './config';
import { SplunkInlineExporter } from './inline-exporter';

/** What the delivery worker calls to build the HEC exporter inside its thread. */
export const createSplunkExporter = workerFactory((options: SplunkExporterOptions) => new SplunkInlineExporter(options));
