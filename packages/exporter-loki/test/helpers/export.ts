import { ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** `exporter.export` as a promise of the result code. */
export function exportAll(exporter: LogRecordExporter, records: ReadableLogRecord[]): Promise<ExportResultCode> {
  return new Promise((resolve) => exporter.export(records, (result) => resolve(result.code)));
}
