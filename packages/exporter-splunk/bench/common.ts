/** What every contender logs: the same message and the same five attributes per record. */
export const TOKEN = 'bench000-0000-4000-8000-000000000000';

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

/** Records logged per event-loop turn: services log between I/O, not in one synchronous burst. */
export const BURST = 1000;

export interface ContenderResult {
  name: string;
  records: number;
  acked: number;
  elapsedMs: number;
  cpuMicros: number;
  maxRssKb: number;
  errors: number;
}

export function report(result: ContenderResult): void {
  process.stdout.write('RESULT ' + JSON.stringify(result) + '\n');
}
