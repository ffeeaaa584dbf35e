/**
 * `npm run bench` (from the root, after the packages' own benches) or
 * `node bench/dist/src/e2e.js`: every contender ships N records (default
 * 100,000) to one loopback receiver, each in its own process, for both record
 * shapes, BENCH_ROUNDS times interleaved (default 3); medians are printed.
 *
 * Per contender: main-thread µs per record (event-loop active time), total
 * CPU µs per record (all threads: workers and transports count), records/s
 * to the last acknowledgment, bytes on the wire per record, records lost and
 * duplicated, peak RSS. Env: BENCH_RECORDS, BENCH_ROUNDS, BENCH_ONLY (comma
 * list of contenders), BENCH_SHAPES (constant,mixed).
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { backendOf } from './contenders';
import type { ContenderResult } from './contender-main';
import { fmt as fmtDigits, median } from '@dynamo-logging/bench-kit';
import { BenchReceiver } from '@dynamo-logging/bench-kit/receiver';
import { SHAPES, type Shape } from './workload';

const N = Number(process.env['BENCH_RECORDS'] ?? 100_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONTENDERS = [
  'dynamo-loki', 'dynamo-loki-inline', 'dynamo-splunk', 'dynamo-splunk-inline', 'dynamo-elastic', 'dynamo-elastic-inline',
  'otlp-stock', 'pino-loki', 'winston-loki', 'splunk-logging', 'pino-elasticsearch',
];
const ONLY = (process.env['BENCH_ONLY'] ?? CONTENDERS.join(',')).split(',');
const SHAPES_RUN = (process.env['BENCH_SHAPES'] ?? SHAPES.join(',')).split(',') as Shape[];
const IDLE_MS = 10_000;
const TIMEOUT_MS = 180_000;

interface Run extends ContenderResult {
  readonly name: string;
  readonly shape: Shape;
  readonly unique: number;
  readonly duplicates: number;
  readonly bodyBytes: number;
}

function runOne(receiver: BenchReceiver, url: string, name: string, shape: Shape): Promise<Run> {
  const prof = process.env['BENCH_PROF'];
  const child = fork(join(__dirname, 'contender-main.js'), [name, url, shape, String(N)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // BENCH_PROF=<dir>: a CPU profile per thread (the delivery worker's too), for chrome://inspect or speedscope.
    ...(prof ? { execArgv: ['--cpu-prof', `--cpu-prof-dir=${prof}`] } : {}),
  });
  return new Promise((resolve, reject) => {
    let finished = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(idle);
      child.send({ done: true });
    };
    const armIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(finish, IDLE_MS);
    };
    const timer = setTimeout(finish, TIMEOUT_MS);
    receiver.reset(N);
    child.on('message', (m: { warm?: boolean; logged?: boolean; result?: ContenderResult }) => {
      if (m.warm) {
        receiver.reset(N, () => (receiver.unique >= N ? finish() : armIdle()));
        child.send({ go: true });
      }
      if (m.logged) (receiver.unique >= N ? finish : armIdle)();
      if (m.result) {
        clearTimeout(timer);
        resolve({ name, shape, ...m.result, unique: receiver.unique, duplicates: receiver.duplicates, bodyBytes: receiver.bodyBytes });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearTimeout(idle);
      if (!finished) reject(new Error(`${name} (${shape}) exited with ${code} before finishing`));
    });
  });
}

const fmt = (n: number, digits = 1): string => fmtDigits(n, digits);

async function main(): Promise<void> {
  const receiver = new BenchReceiver();
  const url = await receiver.listen();
  const runs: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const shape of SHAPES_RUN) {
      for (const name of ONLY) {
        try {
          runs.push(await runOne(receiver, url, name, shape));
        } catch (err) {
          process.stderr.write(`${(err as Error).message}\n`);
        }
      }
    }
  }
  await receiver.close();
  console.log(`\n${N.toLocaleString('en-US')} records per run, ${ROUNDS} round(s), medians; node ${process.version}, ${new Date().toISOString()}`);
  for (const shape of SHAPES_RUN) {
    console.log(`\n### ${shape}\n`);
    console.log('| contender | backend | main thread µs/rec | main-thread CPU µs/rec | total CPU µs/rec | records/s | bytes/rec | lost | duplicated | peak RSS MB |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const name of ONLY) {
      const rs = runs.filter((r) => r.name === name && r.shape === shape);
      if (rs.length === 0) continue;
      const main = median(rs.map((r) => (r.mainMs * 1000) / N));
      const mainCpu = median(rs.map((r) => (r.mainCpuMs * 1000) / N));
      const cpu = median(rs.map((r) => (r.cpuMs * 1000) / N));
      const rps = median(rs.map((r) => (r.unique / r.wallMs) * 1000));
      const bytes = median(rs.map((r) => r.bodyBytes / Math.max(1, r.unique)));
      const lost = Math.max(...rs.map((r) => N - r.unique));
      const dup = Math.max(...rs.map((r) => r.duplicates));
      const rss = median(rs.map((r) => r.maxRssMb));
      console.log(`| ${name} | ${backendOf(name)} | ${fmt(main)} | ${fmt(mainCpu)} | ${fmt(cpu)} | ${fmt(rps / 1000, 1)}k | ${fmt(bytes)} | ${lost} | ${dup} | ${fmt(rss, 0)} |`);
    }
  }
}

void main();
