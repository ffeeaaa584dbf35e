import { runForResult, scriptArgs } from '@dynamo-logging/bench-kit';
import { BenchReceiver } from '@dynamo-logging/bench-kit/receiver';
import { MARK, RECORDS, type ContenderResult } from './common';

/**
 * `npm run bench -w packages/exporter-elastic`: 100,000 records through each
 * contender, each in its own child process, against the kit's loopback
 * receiver, which answers as `_bulk`, checks that every document parses and
 * counts each by its request_id. Rounds alternate the contenders; the
 * table shows the median round of each.
 */
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONTENDERS: Array<{ file: string; args: string[] }> = [
  { file: 'contender-pino.ts', args: [] },
  { file: 'contender-dynamo.ts', args: ['container'] },
  { file: 'contender-dynamo.ts', args: ['provider'] },
  // The floor sends nothing: the receiver sees none of its records, so its rate and CPU come from its own count.
  { file: 'contender-floor.ts', args: [] },
];
const FLOOR = 'contender-floor.ts';

interface Row extends ContenderResult {
  readonly wireBytes: number;
  readonly received: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly invalid: number;
  readonly floor: boolean;
}

function median(rows: Row[]): Row {
  const sorted = [...rows].sort((a, b) => a.elapsedMs - b.elapsedMs);
  return sorted[Math.floor(sorted.length / 2)] as Row;
}

async function main(): Promise<void> {
  const receiver = new BenchReceiver({ mark: MARK, checkDocuments: true });
  const url = await receiver.listen();
  const results = new Map<string, Row[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of CONTENDERS) {
      receiver.reset(RECORDS);
      const r = await runForResult<ContenderResult>([...scriptArgs(__filename, c.file), ...c.args], { ...process.env, BENCH_URL: url });
      // Let the last response settle before reading the counters.
      await new Promise((res) => setTimeout(res, 50));
      const row: Row = { ...r, wireBytes: receiver.bodyBytes, received: receiver.unique + receiver.duplicates, lost: receiver.lost(), duplicates: receiver.duplicates, invalid: receiver.invalid, floor: c.file === FLOOR };
      results.set(r.name, [...(results.get(r.name) ?? []), row]);
      process.stderr.write(`round ${round + 1}: ${r.name} ${Math.round((r.records / r.elapsedMs) * 1000)} rec/s\n`);
    }
  }
  await receiver.close();
  const rows = [...results.values()].map(median);
  const peer = rows.find((r) => r.name === 'pino-elasticsearch') as Row;
  const rps = (r: Row) => ((r.floor ? r.delivered : r.records) / r.elapsedMs) * 1000;
  const cpuPer = (r: Row) => r.cpuMicros / Math.max(1, r.floor ? r.delivered : r.received - r.duplicates);
  const bpr = (r: Row) => r.wireBytes / Math.max(1, r.received);
  const na = <T>(r: Row, value: T): T | string => (r.floor ? 'n/a' : value);
  const table = rows.map((r) => ({
    contender: r.name,
    'records/s': Math.round(rps(r)),
    'x peer rec/s': +(rps(r) / rps(peer)).toFixed(2),
    'CPU µs/record': +cpuPer(r).toFixed(2),
    'x peer CPU': +(cpuPer(r) / cpuPer(peer)).toFixed(2),
    'wire B/record': na(r, +bpr(r).toFixed(1)),
    'x peer bytes': na(r, +(bpr(r) / bpr(peer)).toFixed(2)),
    'peak RSS MB': +(r.maxRssKb / 1024).toFixed(1),
    requests: undefined as unknown,
    received: na(r, r.received),
    lost: na(r, r.lost),
    duplicated: na(r, r.duplicates),
    invalid: na(r, r.invalid),
  }));
  for (const t of table) delete t.requests;
  console.log(`\n${RECORDS} records per contender, median of ${ROUNDS} rounds, Node ${process.version}, ${new Date().toISOString()}`);
  console.table(table);
  const floor = rows.find((r) => r.floor);
  if (floor && floor.delivered < floor.records) console.log(`warning: the floor's exporter counted only ${floor.delivered} of ${floor.records} records`);
  if (floor) {
    const f = cpuPer(floor);
    const target = 0.5 * cpuPer(peer);
    console.log(
      `floor: the OTel SDK alone (no encoding, no I/O) costs ${f.toFixed(2)} µs/record = ${(f / cpuPer(peer)).toFixed(2)}x ${peer.name}'s CPU; ` +
        `the target (<= 0.5x the peer's CPU = ${target.toFixed(2)} µs/record) leaves ${(target - f).toFixed(2)} µs/record for everything an exporter does`,
    );
  }
}

void main();
