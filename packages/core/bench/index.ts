import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * `npm run bench -w packages/core`: the facade's emit path against the raw
 * OTel SDK and pino, each in its own process, ROUNDS times interleaved; the
 * median of each is reported, with ratios, since these machines are noisy.
 * Both record shapes: `constant` (one message, flat attributes, no span) and
 * `mixed` (a message per record, nested attributes, inside an active span).
 */
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const CONTENDERS = ['dynamo', 'dynamo-no-redaction', 'otel-sdk', 'plain-records', 'pino'] as const;

interface Result {
  name: string;
  perSec: number;
  disabledNs: number;
  exported: number;
  dropped: number;
}

// Measure the compiled build, as users run it; from source only when this file itself runs from source.
const compiled = __filename.endsWith('.js');
const runner = compiled ? [join(__dirname, 'emit-contenders.js')] : ['--conditions=source', '--import', 'tsx', join(__dirname, 'emit-contenders.ts')];

const SHAPES = ['constant', 'mixed'] as const;

function runOne(name: string, shape: string): Result {
  const out = execFileSync(process.execPath, [...runner, name, shape], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

for (const shape of SHAPES) {
  const results = new Map<string, Result[]>(CONTENDERS.map((c) => [c, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of CONTENDERS) results.get(name)!.push(runOne(name, shape));
  }

  const rows = CONTENDERS.map((name) => {
    const runs = results.get(name)!;
    return {
      name,
      perSec: median(runs.map((r) => r.perSec)),
      disabledNs: median(runs.map((r) => r.disabledNs)),
      exported: runs[runs.length - 1]!.exported,
      dropped: Math.max(...runs.map((r) => r.dropped)),
    };
  });
  const sdk = rows.find((r) => r.name === 'otel-sdk')!;
  const pinoRow = rows.find((r) => r.name === 'pino')!;

  console.log(`\n${shape} shape: emit path, ${ROUNDS} rounds, median (node ${process.version}, ${new Date().toISOString()})`);
  console.log('| contender | records/s | vs raw OTel SDK | vs pino | disabled-level call (ns) | exported | dropped |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${Math.round(r.perSec).toLocaleString('en-US')} | ${(r.perSec / sdk.perSec).toFixed(2)}x | ${(r.perSec / pinoRow.perSec).toFixed(2)}x | ${r.disabledNs.toFixed(2)} | ${r.exported} | ${r.dropped} |`,
    );
  }
}
