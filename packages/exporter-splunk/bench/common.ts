/** What every contender logs: the same message and the same five attributes per record. */
export const TOKEN = 'bench000-0000-4000-8000-000000000000';
export const RESOURCE = { 'service.name': 'bench', namespace: 'dynamo', component: 'http' };
/** The batch processor settings of both sdk-logs pipelines (ours and the floor). */
export const BATCH = { maxExportBatchSize: 2000, maxQueueSize: 200_000, scheduledDelayMillis: 20 };
/** The receiver counts each record by this mark in its message. */
export const MARK = /bench-msg-(\d+)/g;

export function attributesFor(i: number): Record<string, string> {
  return {
    request_id: `req-${i % 5000}`,
    x_request_id: `8372eac7-5f43-4d76-beca-${String(i).padStart(12, '0')}`,
    model: 'llama-3-70b',
    method: 'POST',
    uri: '/v1/chat/completions',
  };
}

export function messageFor(i: number): string {
  return `bench-msg-${i} Registering new stream`;
}

export interface ContenderResult {
  name: string;
  records: number;
  acked: number;
  elapsedMs: number;
  cpuMicros: number;
  maxRssKb: number;
  errors: number;
}
