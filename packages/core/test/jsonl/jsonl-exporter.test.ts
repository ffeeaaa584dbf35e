import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { SeverityNumber } from '../../src/otel-line';
import { validateJsonlLine } from '@dynamo-logging/semconv';
import { expect } from 'chai';
import { DynamoJsonlExporter } from '../../src/jsonl/jsonl-exporter';
import { captureDiag } from '../fixtures/diag-capture';
import { makeRecord } from '../fixtures/make-record';

class CollectingStream extends Writable {
  readonly chunks: string[] = [];
  private held: Array<() => void> = [];
  holdWrites = false;
  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.chunks.push(chunk.toString('utf8'));
    if (this.holdWrites) this.held.push(() => callback());
    else callback();
  }
  releaseWrites(): void {
    for (const done of this.held.splice(0)) done();
  }
}

function exportAsync(exporter: DynamoJsonlExporter, records: ReturnType<typeof makeRecord>[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(records, resolve));
}

function openFdsTo(path: string): number {
  if (!existsSync('/proc/self/fd')) return -1;
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) count++;
    } catch {
      // The fd closed while listing (the listing's own fd, say).
    }
  }
  return count;
}

const records = [
  makeRecord({ severityNumber: SeverityNumber.INFO, body: 'one', attributes: { model: 'llama' } }),
  makeRecord({ severityNumber: SeverityNumber.WARN, body: 'two', attributes: { n: 2 } }),
  makeRecord({ severityNumber: SeverityNumber.FATAL, body: 'three' }),
];
const EXPECTED =
  '{"time":"2025-10-31T21:06:45.397194Z","level":"INFO","target":"dynamo.http","message":"one","model":"llama"}\n' +
  '{"time":"2025-10-31T21:06:45.397194Z","level":"WARN","target":"dynamo.http","message":"two","n":2}\n' +
  '{"time":"2025-10-31T21:06:45.397194Z","level":"ERROR","target":"dynamo.http","message":"three"}\n';

describe('DynamoJsonlExporter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dyn-jsonl-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one chunk per export to a stream, one valid line per record', async () => {
    const stream = new CollectingStream();
    const exporter = new DynamoJsonlExporter({ destination: stream });
    const result = await exportAsync(exporter, records);
    expect(result.code).to.equal(ExportResultCode.SUCCESS);
    expect(stream.chunks).to.deep.equal([EXPECTED]);
    for (const line of EXPECTED.trimEnd().split('\n')) expect(validateJsonlLine(line).errors).to.deep.equal([]);
    await exportAsync(exporter, records.slice(0, 1));
    expect(stream.chunks).to.have.length(2);
    await exporter.shutdown();
  });

  it('writes the readable format with and without ANSI', async () => {
    const plain = new CollectingStream();
    await exportAsync(new DynamoJsonlExporter({ destination: plain, format: 'readable' }), records.slice(0, 1));
    expect(plain.chunks).to.deep.equal(['2025-10-31T21:06:45.397194Z  INFO dynamo.http: one model="llama"\n']);
    const coloured = new CollectingStream();
    await exportAsync(new DynamoJsonlExporter({ destination: coloured, format: 'readable', ansi: true }), records.slice(0, 1));
    expect(coloured.chunks[0]).to.include('\x1b[');
    expect(coloured.chunks[0]!.replace(/\x1b\[[0-9;]*m/g, '')).to.equal(plain.chunks[0]);
    // ANSI never applies to JSONL.
    const jsonl = new CollectingStream();
    await exportAsync(new DynamoJsonlExporter({ destination: jsonl, ansi: true }), records.slice(0, 1));
    expect(jsonl.chunks[0]).to.not.include('\x1b');
  });

  it('prints local time with an offset when localTime is set', async () => {
    const stream = new CollectingStream();
    await exportAsync(new DynamoJsonlExporter({ destination: stream, localTime: true }), records.slice(0, 1));
    expect(JSON.parse(stream.chunks[0]!).time).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.397194[+-]\d\d:\d\d$/);
  });

  it('appends to a file path and closes the file on shutdown', async () => {
    const path = join(dir, 'out.jsonl');
    const exporter = new DynamoJsonlExporter({ destination: { path } });
    if (openFdsTo(path) >= 0) expect(openFdsTo(path)).to.equal(1);
    expect((await exportAsync(exporter, records)).code).to.equal(ExportResultCode.SUCCESS);
    expect((await exportAsync(exporter, records.slice(0, 1))).code).to.equal(ExportResultCode.SUCCESS);
    expect(readFileSync(path, 'utf8')).to.equal(EXPECTED + EXPECTED.split('\n')[0] + '\n');
    await exporter.shutdown();
    if (openFdsTo(path) >= 0) expect(openFdsTo(path)).to.equal(0);
    const after = await exportAsync(exporter, records);
    expect(after.code).to.equal(ExportResultCode.FAILED);
    expect(readFileSync(path, 'utf8').split('\n')).to.have.length(5);
    // A second exporter appends rather than truncating.
    const again = new DynamoJsonlExporter({ destination: { path } });
    await exportAsync(again, records.slice(2));
    await again.shutdown();
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).to.have.length(5);
  });

  it('forceFlush and shutdown wait for the stream to take every chunk', async () => {
    const stream = new CollectingStream();
    stream.holdWrites = true;
    const exporter = new DynamoJsonlExporter({ destination: stream });
    const results: ExportResult[] = [];
    exporter.export(records, (r) => results.push(r));
    let flushed = false;
    const flush = exporter.forceFlush().then(() => {
      flushed = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(flushed).to.equal(false);
    expect(results).to.deep.equal([]);
    stream.releaseWrites();
    await flush;
    expect(flushed).to.equal(true);
    expect(results.map((r) => r.code)).to.deep.equal([ExportResultCode.SUCCESS]);
    await exporter.shutdown();
  });

  it('a stream error fails the export and is reported once, never an uncaught exception', async () => {
    // No error listener of our own: an unhandled stream 'error' would crash the process (EPIPE on stderr).
    const failing = new Writable({
      write(_chunk, _enc, callback) {
        callback(new Error('EPIPE'));
      },
    });
    const exporter = new DynamoJsonlExporter({ destination: failing });
    const { result: results, entries } = await captureDiag(async () => {
      const first = await exportAsync(exporter, records);
      await new Promise((r) => setImmediate(r));
      const second = await exportAsync(exporter, records);
      await new Promise((r) => setImmediate(r));
      return [first, second];
    });
    expect(results.map((r) => r.code)).to.deep.equal([ExportResultCode.FAILED, ExportResultCode.FAILED]);
    expect(results[0]!.error?.message).to.equal('EPIPE');
    expect(entries.map((e) => e.message)).to.deep.equal(['dynamo-logging: the JSONL output stream failed; records written to it are lost EPIPE']);
    await exporter.shutdown();
    expect(failing.listenerCount('error')).to.equal(0);
  });

  it('survives stderr closing under it (EPIPE) in a real process', async function () {
    this.timeout(20_000);
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(__dirname, '..', 'fixtures', 'epipe-child.ts')], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader of the child's stderr goes away: its writes now fail with EPIPE.
    child.stderr!.destroy();
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    expect(stdout).to.equal('alive failed=true\n');
    expect([code, signal]).to.deep.equal([0, null]);
  });
});
