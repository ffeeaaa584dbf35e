import pino from 'pino';
import pinoElastic from 'pino-elasticsearch';
import { logChunked, report, startMeter } from '@dynamo-logging/bench-kit';
import { attributes, MESSAGE, RECORDS, type ContenderResult } from './common';

const url = process.env['BENCH_URL'] as string;

async function main(): Promise<void> {
  // Tuned for throughput: ~1 MB bulks (the default is 1000 bytes), flushed at least every second.
  const stream = pinoElastic({ node: url, index: 'logs-bench', esVersion: 8, flushBytes: 1_000_000, flushInterval: 1000 });
  let delivered = -1;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('insert', (stats: { successful: number }) => {
      delivered = stats.successful;
      resolve();
    });
    stream.on('error', reject);
  });
  const logger = pino({ base: { 'service.name': 'bench', namespace: 'dynamo', component: 'frontend' }, name: 'dynamo.http' }, stream);
  const read = startMeter();
  await logChunked((seq) => logger.info(attributes(seq), MESSAGE), 0, RECORDS);
  stream.end();
  await done;
  report({ name: 'pino-elasticsearch', records: RECORDS, ...read(), delivered } satisfies ContenderResult);
  process.exit(0);
}

void main();
