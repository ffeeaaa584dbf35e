import { extname, join } from 'node:path';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { startDelivery, type DeliveryMode } from '../delivery/worker/start-delivery';
import { DynamoJsonlExporter, type DynamoJsonlExporterOptions } from './jsonl-exporter';

/**
 * The container's default exporter: Dynamo's line on stderr. With `worker`
 * delivery (the default) the lines are formatted and written on a worker
 * thread, so neither the formatting nor a slow reader of stderr (a full pipe)
 * holds the event loop; `inline` writes from the event loop, as
 * `DynamoJsonlExporter` does.
 */
export function consoleExporter(options: DynamoJsonlExporterOptions & { readonly delivery: DeliveryMode }): LogRecordExporter {
  const { delivery, ...jsonl } = options;
  return startDelivery({
    name: 'jsonl',
    mode: delivery,
    module: join(__dirname, 'worker-factory' + extname(__filename)),
    factory: 'createJsonlExporter',
    options: jsonl,
    inline: () => new DynamoJsonlExporter(jsonl),
  });
}
