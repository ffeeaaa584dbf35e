import type { SplunkExporterOptions } from './config';
import { SplunkHecLogRecordExporter } from './exporter';

/**
 * The exporter `DYN_LOGGING_BACKEND=splunk` uses: configured from `DYN_SPLUNK_*` (code overrides first).
 * Throws `ConfigurationError` when `DYN_SPLUNK_HEC_URL` or `DYN_SPLUNK_HEC_TOKEN` is missing.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<SplunkExporterOptions> = {}): SplunkHecLogRecordExporter {
  return new SplunkHecLogRecordExporter({ ...overrides, env });
}
