import pino from 'pino';
import pinoElastic from 'pino-elasticsearch';
import { attributes, CHUNK, MESSAGE, RECORDS, report, yieldToLoop } from './common';

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
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let seq = 0; seq < RECORDS; seq++) {
    logger.info(attributes(seq), MESSAGE);
    if (seq % CHUNK === CHUNK - 1) await yieldToLoop();
  }
  stream.end();
  await done;
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  report({ name: 'pino-elasticsearch', records: RECORDS, elapsedMs, cpuMicros: cpu.user + cpu.system, maxRssKb: process.resourceUsage().maxRSS, delivered });
  process.exit(0);
}

void main();
