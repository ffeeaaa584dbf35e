import { hostname } from 'node:os';
import { logChunked, report, startMeter } from '@dynamo-logging/bench-kit';
import { TOKEN, attributesFor, messageFor, type ContenderResult } from './common';

// The peer: Splunk's own splunk-logging, batching on (count and size thresholds; the tail flushed explicitly).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SplunkLogger = require('splunk-logging').Logger as new (config: Record<string, unknown>) => {
  send(payload: unknown, cb?: (err: unknown, resp: { statusCode?: number } | undefined, body: unknown) => void): void;
  flush(cb?: (err: unknown, resp: { statusCode?: number } | undefined, body: unknown) => void): void;
  error: (err: unknown, context: unknown) => void;
  serializedContextQueue: unknown[];
};

async function main(): Promise<void> {
  const [url, countText] = process.argv.slice(2);
  const total = Number(countText);
  const target = new URL(url!);
  const logger = new SplunkLogger({
    token: TOKEN,
    url: `${target.protocol}//${target.host}`,
    maxBatchCount: 2000,
    maxBatchSize: 1024 * 1024,
    // No interval timer: its flushes carry no callback, so their records could not be counted as acknowledged.
    batchInterval: 0,
    maxRetries: 3,
  });
  let errors = 0;
  logger.error = () => {
    errors++;
  };
  let acked = 0;
  let done: () => void = () => undefined;
  const allAcked = new Promise<void>((resolve) => (done = resolve));
  let queued = 0;
  const metadata = { source: 'bench', sourcetype: 'dynamo:jsonl', index: 'main', host: hostname() };

  const read = startMeter();
  await logChunked((i) => {
    const batch = { count: 0 };
    queued++;
    logger.send({ message: { message: messageFor(i), ...attributesFor(i) }, severity: 'info', metadata }, (err, resp) => {
      if (!err && resp?.statusCode === 200) acked += batch.count;
      if (acked >= total) done();
    });
    // The callback fires for the send that triggered a flush, for every record queued so far.
    if (logger.serializedContextQueue.length === 0) {
      batch.count = queued;
      queued = 0;
    }
  }, 0, total);
  if (queued > 0) {
    const batch = { count: queued };
    queued = 0;
    logger.flush((err, resp) => {
      if (!err && resp?.statusCode === 200) acked += batch.count;
      if (acked >= total) done();
    });
  }
  const timeout = setTimeout(done, 60_000);
  await allAcked;
  clearTimeout(timeout);
  report({ name: 'splunk-logging 0.11.1', records: total, acked, ...read(), errors } satisfies ContenderResult);
  process.exit(0);
}

void main();
