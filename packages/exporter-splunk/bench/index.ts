import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ContenderResult } from './common';

// Measure the compiled build, as users run it (`npm run bench` builds first); from source only when this file runs from source.
function runnerFor(file: string): string[] {
  if (__filename.endsWith('.js')) return [join(__dirname, file.replace(/\.ts$/, '.js'))];
  return ['--conditions=source', '--import', 'tsx', join(__dirname, file)];
}


/**
 * 100,000 records per contender, each contender in its own child process (fair
 * RSS and CPU), shipped to one minimal loopback HEC in this process that
 * decodes every body and counts each record by its sequence number, so a lost
 * or duplicated record shows.
 *
 * The contenders run in turn, several rounds, and each figure is the median of
 * its rounds: on a shared machine one run alone says more about the neighbours.
 *
 *   npm run bench -w packages/exporter-splunk [-- <records> <rounds>]
 */

const TOTAL = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const MARK = /bench-msg-(\d+)/g;

interface Tally {
  seen: Uint8Array;
  unique: number;
  duplicates: number;
  bodyBytes: number;
  requests: number;
}

function newTally(): Tally {
  return { seen: new Uint8Array(TOTAL), unique: 0, duplicates: 0, bodyBytes: 0, requests: 0 };
}

let tally = newTally();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    tally.bodyBytes += raw.length;
    tally.requests++;
    const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    // Each event carries its marker exactly once (in its message).
    for (const m of body.toString('utf8').matchAll(MARK)) {
      const i = Number(m[1]);
      if (tally.seen[i]) tally.duplicates++;
      else {
        tally.seen[i] = 1;
        tally.unique++;
      }
    }
    res.writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8' });
    res.end('{"text":"Success","code":0}');
  });
});

function runContender(file: string, url: string): Promise<ContenderResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...runnerFor(file), url, String(TOTAL)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line === undefined) reject(new Error(`${file} exited with ${code} without a result:\n${out}`));
      else resolve(JSON.parse(line.slice(7)) as ContenderResult);
    });
  });
}

interface Row extends ContenderResult {
  received: number;
  lost: number;
  duplicates: number;
  bytesPerRecord: number;
  requests: number;
}

// The floor sends nothing: the receiver sees none of its records, so its rate and CPU come from its own count.
const FLOOR = 'contender-floor.ts';
const CONTENDERS = ['contender-splunk-logging.ts', 'contender-dynamo.ts', 'contender-sdk.ts', FLOOR];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const runs: Row[][] = CONTENDERS.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let c = 0; c < CONTENDERS.length; c++) {
      tally = newTally();
      const result = await runContender(CONTENDERS[c] as string, url);
      runs[c]!.push({
        ...result,
        received: tally.unique,
        lost: TOTAL - tally.unique,
        duplicates: tally.duplicates,
        bytesPerRecord: tally.bodyBytes / Math.max(1, tally.unique),
        requests: tally.requests,
      });
    }
  }
  server.close();

  const rate = (r: Row): number => r.acked / (r.elapsedMs / 1000);
  const cpuPer = (r: Row): number => r.cpuMicros / Math.max(1, r.acked);
  interface Summary { name: string; floor: boolean; rate: number; rates: number[]; cpu: number; cpus: number[]; bytes: number; requests: number; rss: number; acked: number; received: number; lost: number; duplicates: number }
  const summaries: Summary[] = runs.map((rows, c) => ({
    name: rows[0]!.name,
    floor: CONTENDERS[c] === FLOOR,
    rate: median(rows.map(rate)),
    rates: rows.map(rate),
    cpu: median(rows.map(cpuPer)),
    cpus: rows.map(cpuPer),
    bytes: median(rows.map((r) => r.bytesPerRecord)),
    requests: median(rows.map((r) => r.requests)),
    rss: median(rows.map((r) => r.maxRssKb)),
    acked: Math.min(...rows.map((r) => r.acked)),
    received: Math.min(...rows.map((r) => r.received)),
    lost: Math.max(...rows.map((r) => r.lost)),
    duplicates: Math.max(...rows.map((r) => r.duplicates)),
  }));
  const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const range = (v: number[], d = 0): string => `${fmt(Math.min(...v), d)}-${fmt(Math.max(...v), d)}`;
  const [peer, ...ours] = summaries.filter((s) => !s.floor) as [Summary, ...Summary[]];
  const floor = summaries.find((s) => s.floor);
  const na = (s: Summary, text: string): string => (s.floor ? 'n/a' : text);
  const lines = [
    `records per contender and round: ${fmt(TOTAL)}, rounds: ${ROUNDS}, medians (range)  (node ${process.version}, ${process.platform}/${process.arch})`,
    '',
    '| contender | records/s | CPU µs/record | bytes/record on wire | requests | peak RSS MiB | acked (min) | received (min) | lost (max) | duplicated (max) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...summaries.map(
      (s) =>
        `| ${s.name} | ${fmt(s.rate)} (${range(s.rates)}) | ${fmt(s.cpu, 2)} (${range(s.cpus, 2)}) | ${na(s, fmt(s.bytes, 1))} | ${na(s, fmt(s.requests))} | ${fmt(s.rss / 1024, 1)} | ` +
        `${fmt(s.acked)} | ${na(s, fmt(s.received))} | ${na(s, fmt(s.lost))} | ${na(s, fmt(s.duplicates))} |`,
    ),
    '',
    ...ours.map(
      (s) =>
        `ratios (${s.name} / ${peer.name}): records/s ${fmt(s.rate / peer.rate, 2)}x, CPU per record ${fmt(s.cpu / peer.cpu, 2)}x, ` +
        `bytes per record ${fmt(s.bytes / peer.bytes, 2)}x, peak RSS ${fmt(s.rss / peer.rss, 2)}x`,
    ),
    ...(floor === undefined
      ? []
      : [
          `floor: the OTel SDK alone (no encoding, no I/O) costs ${fmt(floor.cpu, 2)} µs/record = ${fmt(floor.cpu / peer.cpu, 2)}x ${peer.name}'s CPU; ` +
            `the target (<= 0.5x the peer's CPU = ${fmt(0.5 * peer.cpu, 2)} µs/record) leaves ${fmt(0.5 * peer.cpu - floor.cpu, 2)} µs/record for everything an exporter does`,
        ]),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

void main();
