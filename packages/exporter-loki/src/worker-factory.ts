import { workerFactory } from '@dynamo-logging/core/delivery';
import type { LokiExporterOptions } from './config';
import { LokiInlineExporter } from './inline-exporter';

/** What the delivery worker calls to build the Loki exporter inside its thread. */
export const createLokiExporter = workerFactory((options: LokiExporterOptions) => new LokiInlineExporter(options));
