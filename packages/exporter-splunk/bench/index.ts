import { fmt, median, runForResult, scriptArgs } from '@dynamo-logging/bench-kit';
import { BenchReceiver } from '@dynamo-logging/bench-kit/receiver';
import { MARK, type ContenderResult } from './common';

/**
 * 100,000 records per contender, each contender in its own child process (fair
 * RSS and CPU), shipped to the kit's loopback receiver in this process, which
 * answers as HEC, decodes every body and counts each record by its sequence
 * number, so a lost or duplicated record shows.
 *
 * The contenders run in turn, several rounds, and each figure is the median of
 * its rounds: on a shared machine one run alone says more about the neighbours.
 *
 *   npm run bench -w packages/exporter-splunk [-- <records> <rounds>]
 */

const TOTAL = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 3);

interface Row extends ContenderResult {
  received: number;
  lost: number;
  duplicates: number;
  bytesPerRecord: number;
  requests: number;
}

// The floor sends nothing: the receiver sees none of its records, so its rate and CPU come from its own count.
const FLOOR = 'contender-floor.ts';
const CONTENDERS: Array<{ file: string; args: string[] }> = [
  { file: 'contender-splunk-logging.ts', args: [] },
  { file: 'contender-dynamo.ts', args: ['container'] },
  { file: 'contender-dynamo.ts', args: ['sdk'] },
  { file: FLOOR, args: [] },
];

async function main(): Promise<void> {
  const receiver = new BenchReceiver({ mark: MARK });
  const url = await receiver.listen();
  const runs: Row[][] = CONTENDERS.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let c = 0; c < CONTENDERS.length; c++) {
      receiver.reset(TOTAL);
      const result = await runForResult<ContenderResult>([...scriptArgs(__filename, CONTENDERS[c]!.file), ...CONTENDERS[c]!.args, url, String(TOTAL)]);
      runs[c]!.push({
        ...result,
        received: receiver.unique,
        lost: receiver.lost(),
        duplicates: receiver.duplicates,
        bytesPerRecord: receiver.bodyBytes / Math.max(1, receiver.unique),
        requests: receiver.requests,
      });
    }
  }
  await receiver.close();

  const rate = (r: Row): number => r.acked / (r.elapsedMs / 1000);
  const cpuPer = (r: Row): number => r.cpuMicros / Math.max(1, r.acked);
  interface Summary { name: string; floor: boolean; rate: number; rates: number[]; cpu: number; cpus: number[]; bytes: number; requests: number; rss: number; acked: number; received: number; lost: number; duplicates: number }
  const summaries: Summary[] = runs.map((rows, c) => ({
    name: rows[0]!.name,
    floor: CONTENDERS[c]!.file === FLOOR,
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
