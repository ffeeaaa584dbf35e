import { DynamoJsonlExporter, type DynamoJsonlExporterOptions } from './jsonl-exporter';

/**
 * What the delivery worker calls to build the console exporter inside its
 * thread. A worker's process.stderr is relayed through the main thread, so
 * the standard streams are written by descriptor here.
 */
export function createJsonlExporter(options: DynamoJsonlExporterOptions): DynamoJsonlExporter {
  const destination = options.destination ?? 'stderr';
  return new DynamoJsonlExporter({ ...options, destination: destination === 'stderr' ? { fd: 2 } : destination === 'stdout' ? { fd: 1 } : destination });
}
