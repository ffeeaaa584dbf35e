import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

export function exportBatch(exporter: LogRecordExporter, records: ReadableLogRecord[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(records, resolve));
}

/** Exports in batches the way BatchLogRecordProcessor would; counts the successful calls. */
export async function exportInBatches(exporter: LogRecordExporter, records: ReadableLogRecord[], batchSize = 512): Promise<number> {
  let ok = 0;
  for (let i = 0; i < records.length; i += batchSize) {
    const result = await exportBatch(exporter, records.slice(i, i + batchSize));
    if (result.code === ExportResultCode.SUCCESS) ok += 1;
  }
  return ok;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `cond` every 10 ms until it holds; rejects after `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** `exporter.export` as a promise of the result code. */
export async function exportAll(exporter: LogRecordExporter, records: ReadableLogRecord[]): Promise<ExportResultCode> {
  return (await exportBatch(exporter, records)).code;
}

/** `exporter.export` as a promise that rejects unless the records were accepted. */
export async function exportOrThrow(exporter: LogRecordExporter, records: ReadableLogRecord[]): Promise<void> {
  const result = await exportBatch(exporter, records);
  if (result.code !== ExportResultCode.SUCCESS) throw result.error ?? new Error('export failed');
}
