import type { MeterProvider } from '@opentelemetry/api';
import type { LokiExporterOptions } from './config';
import { LokiInlineExporter } from './inline-exporter';

/** What the delivery worker calls to build the Loki exporter inside its thread. */
export function createLokiExporter(options: LokiExporterOptions, meterProvider: MeterProvider): LokiInlineExporter {
  return new LokiInlineExporter({ ...options, delivery: 'inline', meterProvider });
}
