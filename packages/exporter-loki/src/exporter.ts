import { extname, join } from 'node:path';
import { DeliveredExporter, httpDeliverySpec } from '@dynamo-logging/core/delivery';
import { resolveConfig, type LokiExporterOptions } from './config';
import { LokiInlineExporter, type LokiExporterStats } from './inline-exporter';

export type { LokiExporterStats } from './inline-exporter';

/**
 * Ships records to Grafana Loki's push API. By default the work after the
 * batch processor (the Dynamo line, protobuf, snappy, HTTP, retries, queues)
 * runs on a worker thread this exporter owns; `delivery: 'inline'` keeps it
 * on the event loop. Options are checked here, on the caller's thread, so a
 * bad one throws `ConfigurationError` at construction either way.
 */
export class LokiLogRecordExporter extends DeliveredExporter<LokiExporterStats> {
  constructor(options: LokiExporterOptions = {}) {
    resolveConfig(options);
    super(httpDeliverySpec(options, {
      name: 'loki',
      module: join(__dirname, 'worker-factory' + extname(__filename)),
      factory: 'createLokiExporter',
      inline: (checked) => new LokiInlineExporter(checked),
    }));
  }
}
