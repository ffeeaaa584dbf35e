/**
 * `npm run bench -w packages/exporter-loki`: ships N (default 100,000)
 * records to a loopback receiver through our exporter, pino-loki and
 * winston-loki (protobuf mode), each in its own child process, and prints
 * records/s, bytes on the wire per record, CPU per record, peak RSS and
 * lost/duplicated counts, with ratios against the faster peer.
 */
import { fork } from 'node:child_process';
import { fmt, median, scriptArgs } from '@dynamo-logging/bench-kit';
import { BenchReceiver } from '@dynamo-logging/bench-kit/receiver';
import { MARK } from './workload';

const N = Number(process.env.BENCH_RECORDS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
// The floor (contender-floor.ts) sends nothing: the receiver sees none of its records, so its rate and CPU come from its own count.
const FLOOR = 'sdk-logs-floor';
const CONTENDERS = (process.env.BENCH_ONLY ?? `dynamo-loki,dynamo-loki-gzip,dynamo-loki-sdk,pino-loki,winston-loki,${FLOOR}`).split(',');
const TIMEOUT_MS = 120_000;

interface Result {
  name: string;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  unique: number;
  duplicates: number;
  bodyBytes: number;
  requests: number;
  floor: boolean;
}

async function run(receiver: BenchReceiver, url: string, name: string): Promise<Result> {
  const args = scriptArgs(__filename, name === FLOOR ? 'contender-floor.ts' : 'contender.ts');
  const child = fork(args.at(-1)!, [name, url, String(N)], {
    execArgv: [...args.slice(0, -1), ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROF] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let finished = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = (lost: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(idle);
      child.send({ done: true, lost });
    };
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => finish(true), 15_000);
    };
    const onProgress = () => {
      if (receiver.unique === N) setTimeout(() => finish(false), 0);
      else armIdle();
    };
    receiver.reset(N, () => undefined);
    const timer = setTimeout(() => finish(true), TIMEOUT_MS);
    child.on('message', (m: { warm?: boolean; logged?: boolean; result?: { wallMs: number; cpuMs: number; maxRssMb: number; delivered?: number } }) => {
      if (name === FLOOR) {
        // It ends its own window (flush + count) and reports its count as `delivered`.
        if (m.warm) child.send({ go: true });
        if (m.result) {
          finished = true;
          clearTimeout(timer);
          resolve({ name, ...m.result, unique: m.result.delivered ?? 0, duplicates: 0, bodyBytes: 0, requests: 0, floor: true });
        }
        return;
      }
      if (m.warm) {
        receiver.reset(N, onProgress);
        child.send({ go: true });
      }
      if (m.logged) armIdle();
      if (m.result) {
        clearTimeout(timer);
        resolve({ name, ...m.result, unique: receiver.unique, duplicates: receiver.duplicates, bodyBytes: receiver.bodyBytes, requests: receiver.requests, floor: false });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearTimeout(idle);
      if (!finished) reject(new Error(`${name} exited with ${code} before finishing`));
    });
  });
}

async function main(): Promise<void> {
  const receiver = new BenchReceiver({ mark: MARK });
  const url = await receiver.listen();
  const results: Result[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of CONTENDERS) {
      const r = await run(receiver, url, name);
      results.push(r);
    }
  }
  await receiver.close();

  // Median per contender across rounds.
  const byName = new Map<string, Result[]>();
  for (const r of results) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  const rows = [...byName].map(([name, rs]) => ({
    name,
    floor: rs[0]!.floor,
    rps: median(rs.map((r) => ((r.floor ? r.unique : N) / r.wallMs) * 1000)),
    cpuUs: median(rs.map((r) => (r.cpuMs * 1000) / Math.max(1, r.unique))),
    bytes: median(rs.map((r) => r.bodyBytes / Math.max(1, r.unique))),
    rss: median(rs.map((r) => r.maxRssMb)),
    lost: Math.max(...rs.map((r) => N - r.unique)),
    dup: Math.max(...rs.map((r) => r.duplicates)),
    requests: median(rs.map((r) => r.requests)),
  }));
  const peers = rows.filter((r) => !r.name.startsWith('dynamo-loki') && !r.floor);
  const fastest = peers.sort((a, b) => b.rps - a.rps)[0];
  console.log(`\n${fmt(N)} records, ${ROUNDS} round(s), node ${process.version}; ratios vs the faster peer (${fastest?.name ?? 'none'})\n`);
  console.log('| contender | records/s | x rps | CPU us/record | x CPU | wire bytes/record | peak RSS MB | requests | lost | duplicated |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const na = (r: (typeof rows)[number], text: string | number): string | number => (r.floor ? 'n/a' : text);
  const floor = rows.find((r) => r.floor);
  for (const r of [...rows.filter((x) => !x.floor).sort((a, b) => a.name.localeCompare(b.name)), ...(floor ? [floor] : [])]) {
    const xr = fastest ? r.rps / fastest.rps : 1;
    const xc = fastest ? r.cpuUs / fastest.cpuUs : 1;
    console.log(`| ${r.name} | ${fmt(r.rps)} | ${fmt(xr, 2)} | ${fmt(r.cpuUs, 1)} | ${fmt(xc, 2)} | ${na(r, fmt(r.bytes, 1))} | ${fmt(r.rss)} | ${na(r, fmt(r.requests))} | ${na(r, r.lost)} | ${na(r, r.dup)} |`);
  }
  if (floor && floor.lost > 0) console.log(`\nwarning: the floor's exporter counted only ${fmt(N - floor.lost)} of ${fmt(N)} records in some round`);
  if (floor && fastest) {
    const target = 0.5 * fastest.cpuUs;
    console.log(
      `\nfloor: the OTel SDK alone (no encoding, no I/O) costs ${fmt(floor.cpuUs, 1)} µs/record = ${fmt(floor.cpuUs / fastest.cpuUs, 2)}x ${fastest.name}'s CPU; ` +
        `the target (<= 0.5x the peer's CPU = ${fmt(target, 1)} µs/record) leaves ${fmt(target - floor.cpuUs, 1)} µs/record for everything an exporter does`,
    );
  }
}

void main();
