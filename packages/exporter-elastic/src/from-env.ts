import type { ElasticExporterOptions } from './config';
import { ElasticLogRecordExporter } from './exporter';

/**
 * The exporter `DYN_LOGGING_BACKEND=elastic` uses: configured from `DYN_ELASTIC_*` (code overrides first).
 * Throws `ConfigurationError` when `DYN_ELASTIC_URL` is missing.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ElasticExporterOptions> = {}): ElasticLogRecordExporter {
  return new ElasticLogRecordExporter({ ...overrides, env });
}
