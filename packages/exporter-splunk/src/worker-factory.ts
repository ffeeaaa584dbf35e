import type { MeterProvider } from '@opentelemetry/api';
import type { SplunkHecOptions } from './config';
import { SplunkInlineExporter } from './inline-exporter';

/** What the delivery worker calls to build the HEC exporter inside its thread. */
export function createSplunkExporter(options: SplunkHecOptions, meterProvider: MeterProvider, env: NodeJS.ProcessEnv | undefined): SplunkInlineExporter {
  return new SplunkInlineExporter({ ...options, delivery: 'inline', meterProvider }, env ?? {});
}
