/** What each contender process reports on its last stdout line. */
export interface ContenderResult {
  readonly name: string;
  readonly records: number;
  /** First log call to last acknowledgment. */
  readonly elapsedMs: number;
  /** process.cpuUsage() user+system over the same span, microseconds. */
  readonly cpuMicros: number;
  readonly maxRssKb: number;
  readonly delivered: number;
}

export const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 100_000);
export const RESOURCE = { 'service.name': 'bench', namespace: 'dynamo', component: 'frontend' };
/** The receiver counts each document by its request_id, `req-<n>`. */
export const MARK = /"req-(\d+)"/g;
// BENCH_BATCH sets the batch processor's export size (and the exporter's records per request).
const batchSize = Number(process.env['BENCH_BATCH'] ?? 1000);
/** The batch processor settings of every sdk-logs pipeline here (ours and the floor). */
// A queue that holds the whole run, as pino-elasticsearch's unbounded buffer does: a bench that drops records ends early and flatters itself.
export const BATCH = { maxExportBatchSize: batchSize, scheduledDelayMillis: 200, maxQueueSize: RECORDS };

export const MESSAGE = 'Registering new stream';
/** The same five attributes for every contender. */
export function attributes(seq: number): Record<string, string> {
  return {
    request_id: `req-${seq}`,
    x_request_id: '8372eac7-5f43-4d76-beca-0a94cfb311d0',
    model: 'llama-3.1-8b-instruct',
    method: 'POST',
    uri: '/v1/chat/completions',
  };
}
