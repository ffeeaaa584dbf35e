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
/** Records logged between two yields to the event loop, as a busy service would. */
export const CHUNK = 1000;

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

export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function report(result: ContenderResult): void {
  process.stdout.write('\n' + JSON.stringify(result) + '\n');
}
