import type { LokiExporterOptions } from './config';
import { LokiLogRecordExporter } from './exporter';

/**
 * The exporter `DYN_LOGGING_BACKEND=loki` uses: configured from `DYN_LOKI_*`
 * (code overrides first). Throws `ConfigurationError` when `DYN_LOKI_URL` is missing.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<LokiExporterOptions> = {}): LokiLogRecordExporter {
  return new LokiLogRecordExporter({ ...overrides, env });
}
