/**
 * `npm run bench:service`: the service in service-app.ts under autocannon,
 * from another process, once per logging setup (ours with defaults, their
 * peers, the JSONL default and pino to /dev/null, and no logging), rounds
 * interleaved; prints requests/s, p50 and p99 latency and the throughput lost
 * against no logging (medians). Env: BENCH_ROUNDS (3), BENCH_SECONDS (8),
 * BENCH_CONNECTIONS (32), BENCH_ONLY (comma list of setups).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { backendOf } from './contenders';
import { BenchReceiver } from '@dynamo-logging/bench-kit/receiver';

// `<ours>-inline` (e.g. dynamo-loki-inline) runs one of ours with delivery on the event loop, for BENCH_ONLY.
const SETUPS = ['none', 'dynamo-jsonl', 'pino', 'dynamo-loki', 'pino-loki', 'winston-loki', 'dynamo-splunk', 'splunk-logging', 'dynamo-elastic', 'pino-elasticsearch', 'otlp-stock'];
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const ONLY = (process.env['BENCH_ONLY'] ?? SETUPS.join(',')).split(',');
const AUTOCANNON = require.resolve('autocannon/autocannon.js');
const BODY = JSON.stringify({ model: 'llama-3-8b', messages: [{ role: 'user', content: 'Say hello to the benchmark, briefly.' }], stream: false });

interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

function startService(setup: string, url: string): Promise<{ child: ChildProcess; port: number }> {
  // The service's stderr is /dev/null: where the JSONL default and pino write, as in the setup.
  const devNull = openSync('/dev/null', 'w');
  const child = spawn(process.execPath, [join(__dirname, 'service-app.js'), setup, url], { stdio: ['ignore', 'pipe', devNull] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve({ child, port: Number(chunk.toString().trim()) }));
    child.once('exit', (code) => reject(new Error(`${setup} exited with ${code}`)));
  });
}

function load(port: number, seconds: number): Promise<Load> {
  const args = [AUTOCANNON, '-c', String(CONNECTIONS), '-d', String(seconds), '-m', 'POST', '-H', 'content-type=application/json', '-b', BODY, '--json', `http://127.0.0.1:${port}/v1/chat/completions`];
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(err);
      const r = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
      resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx });
    }),
  );
}

async function measure(setup: string, url: string): Promise<Load> {
  const { child, port } = await startService(setup, url);
  try {
    await load(port, 2); // warm-up: JIT, connections, the exporters' first requests
    return await load(port, SECONDS);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const receiver = new BenchReceiver();
  const url = await receiver.listen();
  receiver.reset(0);
  const results = new Map<string, Load[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const setup of ONLY) {
      const r = await measure(setup, url);
      results.set(setup, [...(results.get(setup) ?? []), r]);
    }
  }
  await receiver.close();
  const base = median((results.get('none') ?? []).map((r) => r.rps));
  console.log(`\nservice under autocannon (${CONNECTIONS} connections, ${SECONDS} s, ${ROUNDS} round(s), medians; 4 log lines per request); node ${process.version}, ${new Date().toISOString()}\n`);
  console.log('| setup | ships to | requests/s | p50 ms | p99 ms | throughput loss vs no logging | errors |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const setup of ONLY) {
    const rs = results.get(setup) ?? [];
    const rps = median(rs.map((r) => r.rps));
    const loss = base > 0 && setup !== 'none' ? `${(((base - rps) / base) * 100).toFixed(0)}%` : '';
    console.log(`| ${setup} | ${backendOf(setup)} | ${Math.round(rps).toLocaleString('en-US')} | ${median(rs.map((r) => r.p50)).toFixed(1)} | ${median(rs.map((r) => r.p99)).toFixed(1)} | ${loss} | ${Math.max(...rs.map((r) => r.errors))} |`);
  }
}

void main();
