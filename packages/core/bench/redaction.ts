import { execFileSync } from 'node:child_process';
import { SeverityNumber } from '../src/otel-line';
import { LoggerProvider, type LogRecordProcessor, type ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { RedactionProcessor } from '../src/processors/redaction-processor';

/**
 * Cost of the RedactionProcessor per record, through a LoggerProvider (record
 * construction included), against the same provider without it. Each
 * contender runs in its own process, ROUNDS times interleaved, median kept.
 * Standalone: `npm run bench -w packages/core` runs it after the emit table; or `node packages/core/dist/bench/redaction.js`.
 */
export interface RedactionRow {
  readonly name: string;
  readonly nsPerRecord: number;
  /** Versus `no redaction` in the same run. */
  readonly ratio: number;
  /** Extra nanoseconds per record versus `no redaction`. */
  readonly overheadNs: number;
}

const CONTENDERS = {
  'no redaction': { redact: false, secret: false },
  'redaction, typical record (5 attrs, no secret)': { redact: true, secret: false },
  'redaction, record with secrets': { redact: true, secret: true },
} as const;
type ContenderName = keyof typeof CONTENDERS;

const RECORDS = 300_000;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);

/** Keeps the record alive just enough that the emit path is not optimised away. */
class SinkProcessor implements LogRecordProcessor {
  seen = 0;
  onEmit(record: ReadWriteLogRecord): void {
    if (record.body !== undefined) this.seen++;
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function measure(name: ContenderName): number {
  const { redact, secret } = CONTENDERS[name];
  const sink = new SinkProcessor();
  const processors: LogRecordProcessor[] = redact ? [new RedactionProcessor(), sink] : [sink];
  const logger = new LoggerProvider({ processors }).getLogger('dynamo.bench');
  const emit = (i: number) =>
    logger.emit({
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      body: secret ? 'calling upstream with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl' : 'Registering new stream',
      attributes: {
        model: 'llama-3-8b',
        request_id: 'b5f7c1a2-9d3e-4f6a-8b1c-2d3e4f5a6b7c',
        input_tokens: i,
        method: 'POST',
        uri: secret ? '/v1/chat/completions?api_key=sk-abcdefghijklmnopqrstuvwxyz012345' : '/v1/chat/completions',
      },
    });
  for (let i = 0; i < 50_000; i++) emit(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < RECORDS; i++) emit(i);
  const ns = Number(process.hrtime.bigint() - start) / RECORDS;
  if (sink.seen !== RECORDS + 50_000) throw new Error('records went missing in the bench');
  return ns;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs every contender in its own process, ROUNDS times interleaved; rows in contender order. */
export async function runRedactionBench(): Promise<RedactionRow[]> {
  const samples = new Map<ContenderName, number[]>();
  const names = Object.keys(CONTENDERS) as ContenderName[];
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      // The compiled build when this file is compiled (npm run bench), the source through tsx otherwise.
      const runner = __filename.endsWith('.js') ? [__filename] : ['--conditions=source', '--import', 'tsx', __filename];
      const out = execFileSync(process.execPath, [...runner, '--contender', name], { encoding: 'utf8' });
      const ns = Number(JSON.parse(out.trim().split('\n').pop()!).nsPerRecord);
      samples.set(name, [...(samples.get(name) ?? []), ns]);
    }
  }
  const base = median(samples.get('no redaction')!);
  return names.map((name) => {
    const ns = median(samples.get(name)!);
    return { name, nsPerRecord: Math.round(ns), ratio: Number((ns / base).toFixed(2)), overheadNs: Math.round(ns - base) };
  });
}

function printTable(rows: readonly RedactionRow[]): void {
  process.stdout.write(`redaction cost per record (median of ${ROUNDS} rounds, ${RECORDS} records each, one process per run)\n`);
  process.stdout.write('| contender | ns/record | ratio vs none | overhead ns |\n|---|---:|---:|---:|\n');
  for (const r of rows) process.stdout.write(`| ${r.name} | ${r.nsPerRecord} | ${r.ratio} | ${r.overheadNs} |\n`);
}

if (require.main === module) {
  const flag = process.argv.indexOf('--contender');
  if (flag >= 0) {
    const name = process.argv[flag + 1] as ContenderName;
    process.stdout.write(JSON.stringify({ name, nsPerRecord: measure(name) }) + '\n');
  } else {
    runRedactionBench().then(printTable, (err: unknown) => {
      process.stderr.write(String(err) + '\n');
      process.exitCode = 1;
    });
  }
}
