/** What every Loki contender logs and how it is tuned: the same message, five attributes, batch settings. */
export const WARMUP = 2000;
// Our batch tuning; the defaults are what the README's figures use.
export const BATCH = Number(process.env.BENCH_BATCH ?? 1024);
export const DELAY_MS = Number(process.env.BENCH_DELAY ?? 20);
export const RESOURCE = { 'service.name': 'frontend', namespace: 'dynamo', component: 'http' };
/** The receiver counts each record by this mark in its line (warm-up records carry none). */
export const MARK = /bench-(\d+)\b/g;

export function messageFor(i: number, prefix = 'bench'): string {
  return `${prefix}-${i} Registering new stream`;
}

export function attrs(i: number): Record<string, string> {
  return { request_id: `req-${i}`, x_request_id: `8372eac7-5f43-4d76-beca-${String(i).padStart(12, '0')}`, model: 'llama-3-8b', method: 'POST', uri: '/v1/chat/completions' };
}

/** Tells the parent this contender is warm and waits for its go. */
export function warmThenGo(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send!({ warm: true });
  });
}
