import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateJsonlLine } from '@dynamo-logging/semconv';
import { expect } from 'chai';

const FIXTURE = join(__dirname, 'fixtures', 'exit-child.ts');
const COUNT = 50;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(mode: string, file: string, extraEnv: NodeJS.ProcessEnv = {}): { child: ChildProcess; exited: Promise<Exit>; firstLine: Promise<string> } {
  // The child sees only the settings the test gives it, not the developer's shell.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', ...extraEnv };
  for (const key of Object.keys(env)) if ((key.startsWith('DYN_') || key.startsWith('OTEL_')) && !(key in extraEnv)) delete env[key];
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', FIXTURE, mode, file, String(COUNT)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => (onLine = resolve));
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
    if (stdout.includes('\n')) onLine(stdout.split('\n')[0]!);
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited, firstLine: Promise.race([firstLine, exited.then((e) => `exited early: ${JSON.stringify(e)}`)]) };
}

function expectRecords(text: string): void {
  const lines = text.trimEnd().split('\n');
  expect(lines).to.have.length(COUNT);
  lines.forEach((line, i) => {
    expect(validateJsonlLine(line).errors).to.deep.equal([]);
    expect(JSON.parse(line)).to.include({ message: `record ${i}`, i, target: 'exit.child', level: 'INFO' });
  });
}

describe('exit hooks (child processes)', function () {
  this.timeout(30_000);
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dyn-exit-'));
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: queued records are written and the process still dies of the signal`, async () => {
      const file = join(dir, 'out.jsonl');
      const { child, exited, firstLine } = start('signal', file);
      children.push(child);
      // Nothing written yet: the records sit in the batch queue.
      expect(await firstLine).to.equal('ready 0');
      child.kill(signal);
      const exit = await exited;
      expect(exit.stderr).to.equal('');
      expect([exit.code, exit.signal]).to.deep.equal([null, signal]);
      expectRecords(readFileSync(file, 'utf8'));
    });
  }

  it("with the user's own SIGTERM listener, flushes but leaves the decision to it (no re-raise)", async () => {
    const file = join(dir, 'out.jsonl');
    const { child, exited, firstLine } = start('user-listener', file);
    children.push(child);
    expect(await firstLine).to.equal('ready 0');
    child.kill('SIGTERM');
    const exit = await exited;
    expect(exit.stderr).to.equal('');
    // Exit code 41: the user's handler ran exactly once and ended the process itself.
    expect([exit.code, exit.signal]).to.deep.equal([41, null]);
    expect(exit.stdout).to.equal('ready 0\nuser handler\n');
    // The pipeline stayed up: the line the handler logged while shutting down arrived too.
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines.pop()!)).to.include({ message: 'shutting down', level: 'WARN' });
    expectRecords(lines.join('\n'));
  });

  it('a flush that never finishes is bounded: after the deadline the signal still ends the process', async () => {
    const { child, exited, firstLine } = start('stuck-flush', '');
    children.push(child);
    expect(await firstLine).to.equal('ready 0');
    child.kill('SIGTERM');
    const exit = await exited;
    expect([exit.code, exit.signal]).to.deep.equal([null, 'SIGTERM']);
    expect(exit.stderr).to.include('dynamo-logging: flush on SIGTERM did not finish within 200 ms; exiting anyway');
  });

  it('with two containers, the signal waits for the slower flush of the two', async () => {
    const file = join(dir, 'out.jsonl');
    const { child, exited, firstLine } = start('two-containers', file);
    children.push(child);
    expect(await firstLine).to.equal('ready 0');
    child.kill('SIGTERM');
    const exit = await exited;
    expect(exit.stderr).to.equal('');
    expect([exit.code, exit.signal]).to.deep.equal([null, 'SIGTERM']);
    const messages = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).message as string);
    expect(messages.filter((m) => m.startsWith('fast'))).to.have.length(COUNT);
    expect(messages.filter((m) => m.startsWith('slow'))).to.have.length(COUNT);
  });

  it('beforeExit: a script that logs and just ends delivers everything', async () => {
    const file = join(dir, 'out.jsonl');
    const { child, exited } = start('before-exit', file);
    children.push(child);
    const exit = await exited;
    expect(exit.stderr).to.equal('');
    expect([exit.code, exit.signal]).to.deep.equal([0, null]);
    expectRecords(readFileSync(file, 'utf8'));
  });

  it('process.exit() with records queued: the file exporter writes them synchronously and the exit code stays', async () => {
    const file = join(dir, 'out.jsonl');
    const { child, exited } = start('process-exit', file);
    children.push(child);
    const exit = await exited;
    expect([exit.code, exit.signal]).to.deep.equal([3, null]);
    expectRecords(readFileSync(file, 'utf8'));
  });

  it('process.exit() with records queued: the default exporter writes them to stderr', async () => {
    const { child, exited } = start('process-exit-stderr', '');
    children.push(child);
    const exit = await exited;
    expect([exit.code, exit.signal]).to.deep.equal([3, null]);
    expectRecords(exit.stderr);
  });

  it('a SIGTERM that lands while beforeExit flushes is not swallowed: the process ends by that signal at once', async () => {
    const { child, exited, firstLine } = start('slow-before-exit', join(dir, 'out.jsonl'));
    children.push(child);
    expect(await firstLine).to.equal('beforeExit');
    const sent = Date.now();
    child.kill('SIGTERM');
    const exit = await exited;
    expect([exit.code, exit.signal]).to.deep.equal([null, 'SIGTERM']);
    // The slow backend would hold the flush for 300 ms per batch; the signal does not wait for it.
    expect(Date.now() - sent).to.be.below(2_000);
  });

  it('an uncaught exception with records queued on an inline HTTP exporter: stderr says how many were not delivered', async () => {
    const { child, exited } = start('uncaught-inline', '');
    children.push(child);
    const exit = await exited;
    expect(exit.code).to.equal(1);
    expect(exit.stderr).to.include('boom');
    expect(exit.stderr).to.match(new RegExp(`"target":"dynamo_logging".*${COUNT} log record\\(s\\) still queued when the process exited`));
  });

  it('the default exporter writes valid Dynamo JSONL to stderr (not a TTY) and flushes before exit', async () => {
    const { child, exited } = start('stderr', '');
    children.push(child);
    const exit = await exited;
    expect([exit.code, exit.signal]).to.deep.equal([0, null]);
    expect(exit.stdout).to.equal('');
    expectRecords(exit.stderr);
  });

  it('DYN_LOGGING_CONSOLE_FORMAT=readable and DYN_LOG reach the default exporter through the environment', async () => {
    const { child, exited } = start('stderr', '', { DYN_LOGGING_CONSOLE_FORMAT: 'readable', DYN_LOG: 'warn,exit.child=info' });
    children.push(child);
    const exit = await exited;
    expect([exit.code, exit.signal]).to.deep.equal([0, null]);
    const lines = exit.stderr.trimEnd().split('\n');
    expect(lines).to.have.length(COUNT);
    lines.forEach((line, i) => expect(line).to.match(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z  INFO exit\\.child: record ${i} i=${i}$`)));
    expect(exit.stderr).to.not.include('\x1b');
  });
});
