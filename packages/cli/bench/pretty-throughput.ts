import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeInput, type InputShape } from './make-input';

/**
 * `npm run bench -w packages/cli`: `dynamo-logs pretty` against pino-pretty on
 * the same input, each as a fresh process reading the input file on stdin and
 * writing to /dev/null, as in a pipe. ROUNDS rounds, contenders interleaved;
 * the median wall time of each gives lines per second (process start included).
 */
const LINES = Number(process.env['BENCH_LINES'] ?? 200_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);

// The compiled bin, as users run it (this file runs from dist/bench/).
const DYNAMO_LOGS = join(__dirname, '..', 'src', 'bin.js');
const PINO_PRETTY = join(dirname(require.resolve('pino-pretty/package.json')), 'bin.js');

interface Contender {
  readonly name: string;
  readonly argv: string[];
}

interface Scenario {
  readonly name: string;
  readonly shape: InputShape;
  readonly contenders: Contender[];
}

const SCENARIOS: Scenario[] = [
  {
    name: 'Dynamo JSONL, no colour',
    shape: 'dynamo',
    contenders: [
      { name: 'dynamo-logs pretty --color never', argv: [DYNAMO_LOGS, 'pretty', '--color', 'never'] },
      { name: 'pino-pretty --messageKey message', argv: [PINO_PRETTY, '--messageKey', 'message'] },
      { name: 'pino-pretty --messageKey message --singleLine', argv: [PINO_PRETTY, '--messageKey', 'message', '--singleLine'] },
    ],
  },
  {
    name: 'Dynamo JSONL, colour',
    shape: 'dynamo',
    contenders: [
      { name: 'dynamo-logs pretty --color always', argv: [DYNAMO_LOGS, 'pretty', '--color', 'always'] },
      { name: 'pino-pretty --messageKey message --colorize', argv: [PINO_PRETTY, '--messageKey', 'message', '--colorize'] },
    ],
  },
  {
    name: "pino's line, no colour",
    shape: 'pino',
    contenders: [
      { name: 'dynamo-logs pretty --color never', argv: [DYNAMO_LOGS, 'pretty', '--color', 'never'] },
      { name: 'pino-pretty', argv: [PINO_PRETTY] },
    ],
  },
];

function runOnce(argv: string[], input: string): number {
  const stdin = openSync(input, 'r');
  const stdout = openSync('/dev/null', 'w');
  try {
    const env = { ...process.env };
    delete env['NODE_OPTIONS'];
    const start = performance.now();
    const result = spawnSync(process.execPath, argv, { stdio: [stdin, stdout, 'pipe'], env });
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr.toString().slice(-500)}`);
    return ms;
  } finally {
    closeSync(stdin);
    closeSync(stdout);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dynamo-logs-bench-'));
  try {
    const inputs = new Map<InputShape, { path: string; bytes: number }>();
    for (const shape of ['dynamo', 'pino'] as const) {
      const path = join(dir, `${shape}.jsonl`);
      inputs.set(shape, { path, bytes: await makeInput(path, shape, LINES) });
    }
    const rows: string[] = [];
    for (const scenario of SCENARIOS) {
      const input = inputs.get(scenario.shape)!;
      const times = scenario.contenders.map(() => [] as number[]);
      for (let round = 0; round < ROUNDS; round++) {
        scenario.contenders.forEach((c, i) => times[i]!.push(runOnce(c.argv, input.path)));
      }
      const base = LINES / (median(times[0]!) / 1000);
      scenario.contenders.forEach((c, i) => {
        const ms = median(times[i]!);
        const perSec = LINES / (ms / 1000);
        rows.push(
          `| ${scenario.name} | ${c.name} | ${Math.round(perSec).toLocaleString('en-US')} | ${((input.bytes / 1e6) / (ms / 1000)).toFixed(1)} | ${Math.round(ms)} | ${i === 0 ? '1.00' : (perSec / base).toFixed(2)} |`,
        );
      });
    }
    process.stdout.write(
      `${LINES.toLocaleString('en-US')} lines per input (Dynamo ${(inputs.get('dynamo')!.bytes / 1e6).toFixed(1)} MB, pino ${(inputs.get('pino')!.bytes / 1e6).toFixed(1)} MB), ` +
        `${ROUNDS} rounds interleaved, median; Node ${process.version}\n\n` +
        '| input | command | lines/s | MB/s | ms | vs dynamo-logs |\n|---|---|---:|---:|---:|---:|\n' +
        rows.join('\n') +
        '\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
