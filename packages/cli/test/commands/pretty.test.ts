import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { writeBigFile } from '../helpers/big-file';
import { BIN, FIXTURES, plainEnv, requireBuild, runBin } from '../helpers/run-bin';
import { makeTempDir } from '../helpers/temp-dir';

const ESC = '\x1b';
const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs the bin with a terminal as stdout (util-linux `script`), as a user at a shell does. */
function runOnTerminal(args: string[], env: Record<string, string | undefined>): string {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { env: plainEnv(env), encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return result.stdout;
}

function readableHeads(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('    '));
}

describe('dynamo-logs pretty', function () {
  this.timeout(60_000);
  before(requireBuild);

  it("prints each component's lines (Rust, Python, TypeScript) in the readable form, one head line per input line", async () => {
    for (const name of ['rust', 'python', 'typescript']) {
      const file = join(FIXTURES, `${name}.jsonl`);
      const input = readFileSync(file, 'utf8').trimEnd().split('\n');
      const result = await runBin(['pretty', file]);
      expect(result.code).to.equal(0);
      const heads = readableHeads(result.stdout);
      expect(heads, name).to.have.length(input.length);
      heads.forEach((head, i) => {
        const record = JSON.parse(input[i]!) as Record<string, unknown>;
        expect(head.startsWith(`${record['time'] as string} `), head).to.equal(true);
        expect(head).to.include(` ${record['target'] as string}: `);
      });
    }
    const rust = await runBin(['pretty'], { input: readFileSync(join(FIXTURES, 'rust.jsonl')) });
    expect(readableHeads(rust.stdout)[1]).to.equal(
      '2025-10-31T21:06:45.397194Z DEBUG dynamo.http: lib/llm/src/http/service/openai.rs:230: Registering new stream method="POST" span_name="http-request" ' +
        'uri="/v1/chat/completions" version="HTTP/1.1" x_request_id="8372eac7-5f43-4d76-beca-0a94cfb311d0" trace_id=80196f3e3a6fdf06d23bb9ada3788518 span_id=f7e487a9d2a6bf38',
    );
  });

  it('accounts for every line: JSON lines become readable lines, other lines pass through unchanged', async () => {
    const input = readFileSync(join(FIXTURES, 'filter-input.jsonl'), 'utf8').trimEnd().split('\n');
    const result = await runBin(['pretty', join(FIXTURES, 'filter-input.jsonl')]);
    const heads = readableHeads(result.stdout);
    expect(heads).to.have.length(input.length);
    input.forEach((line, i) => {
      if (line.startsWith('{')) expect(heads[i]!.startsWith((JSON.parse(line) as { time: string }).time)).to.equal(true);
      else expect(heads[i]).to.equal(line);
    });
  });

  it('escapes control characters, so the hostile line of the fixture stays one line and drives no terminal', async () => {
    const result = await runBin(['pretty', '--color', 'always', join(FIXTURES, 'typescript.jsonl')]);
    const evil = result.stdout.split('\n').find((l) => l.includes('evil'))!;
    expect(evil.replace(/\x1b\[[0-9;]*m/g, '')).to.equal(
      '2025-10-31T21:09:59.000000Z  INFO dynamo.http: evil \\u001b[2J\\u001b]0;pwned\\u0007 two\\r\\n2025-10-31T21:00:00.000000Z ERROR dynamo.http: forged uri="/v1/\\u001b[31mred"',
    );
    // The only escape sequences left are the colours this tool writes.
    expect(evil.replace(/\x1b\[(0|2|3[1-5])m/g, '')).to.not.match(/[\x00-\x1f\x7f-\x9f]/);
  });

  it('writes no colour when piped, and colours with --color always', async () => {
    const file = join(FIXTURES, 'rust.jsonl');
    expect((await runBin(['pretty', file])).stdout).to.not.include(ESC);
    expect((await runBin(['pretty', '--color', 'always', file])).stdout).to.include(`${ESC}[34mDEBUG${ESC}[0m`);
    expect((await runBin(['pretty', '--color', 'always', '--no-color', file])).stdout).to.not.include(ESC);
  });

  it('colours on a terminal, unless NO_COLOR or DYN_SDK_DISABLE_ANSI_LOGGING is set', function () {
    if (!hasScript) this.skip();
    const args = ['pretty', join(FIXTURES, 'rust.jsonl')];
    const onTerminal = runOnTerminal(args, {});
    expect(onTerminal).to.include('Registering new stream');
    expect(onTerminal).to.include(`${ESC}[34mDEBUG${ESC}[0m`);
    for (const env of [{ NO_COLOR: '1' }, { DYN_SDK_DISABLE_ANSI_LOGGING: 'true' }]) {
      const plain = runOnTerminal(args, env);
      expect(plain, JSON.stringify(env)).to.include('Registering new stream');
      expect(plain, JSON.stringify(env)).to.not.include(ESC);
    }
    expect(runOnTerminal(args, { DYN_SDK_DISABLE_ANSI_LOGGING: '0' })).to.include(ESC);
  });

  describe('--follow', () => {
    let temp: ReturnType<typeof makeTempDir>;
    before(() => (temp = makeTempDir()));
    after(() => temp.remove());

    it('prints what is appended to a file, a partial line once complete, until SIGTERM', async () => {
      const file = join(temp.dir, 'follow.log');
      const line = (n: number): string => `{"time":"2025-10-31T21:06:4${n}.000000Z","level":"INFO","target":"dynamo.http","message":"line ${n}"}\n`;
      writeFileSync(file, line(1) + line(2));
      const child = spawn(process.execPath, [BIN, 'pretty', '--follow', file], { env: plainEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const waitFor = async (n: number): Promise<void> => {
        while (stdout.split('\n').filter(Boolean).length < n) await new Promise((r) => setTimeout(r, 50));
      };
      try {
        await waitFor(2);
        const third = line(3);
        appendFileSync(file, third.slice(0, 20));
        await new Promise((r) => setTimeout(r, 500));
        expect(stdout).to.not.include('line 3');
        appendFileSync(file, third.slice(20) + line(4));
        await waitFor(4);
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        expect(await exited).to.equal(0);
      } finally {
        clearTimeout(killer);
        child.kill('SIGKILL');
      }
      expect(stdout.split('\n').filter(Boolean).map((l) => l.replace(/^.* dynamo\.http: /, ''))).to.deep.equal(['line 1', 'line 2', 'line 3', 'line 4']);
    });

    it('reads a truncated file again from its start, and a rotated one (a new file at the path) from the new start', async () => {
      const file = join(temp.dir, 'rotate.log');
      const line = (text: string): string => `{"time":"2025-10-31T21:06:45.000000Z","level":"INFO","target":"dynamo.http","message":"${text}"}\n`;
      writeFileSync(file, line('before truncation') + line('second'));
      const child = spawn(process.execPath, [BIN, 'pretty', '-f', file], { env: plainEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const waitFor = async (text: string): Promise<void> => {
        while (!stdout.includes(text)) await new Promise((r) => setTimeout(r, 50));
      };
      try {
        await waitFor('second');
        writeFileSync(file, line('after truncation'));
        await waitFor('after truncation');
        renameSync(file, file + '.1');
        writeFileSync(file, line('after rotation'));
        await waitFor('after rotation');
        appendFileSync(file + '.1', line('late write to the rotated file'));
        appendFileSync(file, line('appended after rotation'));
        await waitFor('appended after rotation');
      } finally {
        clearTimeout(killer);
        child.kill('SIGTERM');
      }
      expect(stdout.split('\n').filter(Boolean).map((l) => l.replace(/^.* dynamo\.http: /, ''))).to.deep.equal([
        'before truncation',
        'second',
        'after truncation',
        'after rotation',
        'appended after rotation',
      ]);
    });
  });

  describe('large input', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let big: string;
    let lines: number;
    before(async function () {
      this.timeout(60_000);
      temp = makeTempDir();
      big = join(temp.dir, 'big.log');
      lines = await writeBigFile(big, 60);
    });
    after(() => temp.remove());

    it('streams a file larger than the heap it is allowed (60 MB through a 16 MB old space), with a progress line', async () => {
      const child = spawnSync(process.execPath, ['--max-old-space-size=16', BIN, 'pretty', '--progress', '--level', 'warn', big], {
        env: plainEnv(),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
      });
      expect(child.status, child.stderr.slice(-500)).to.equal(0);
      expect(child.stdout.split('\n').filter(Boolean)).to.have.length(lines / 10);
      expect(child.stderr).to.match(/dynamo-logs: .*big\.log \d+% \([\d.]+ MB of [\d.]+ MB\), \d+ lines/);
      expect(child.stderr.endsWith('\r\x1b[K')).to.equal(true);
    });

    it('shows the progress line by itself when stderr is a terminal, and erases it before the report', function () {
      if (!hasScript) this.skip();
      const screen = runOnTerminal(['stats', big], {});
      expect(screen).to.match(/\r\x1b\[Kdynamo-logs: .*big\.log \d+% \([\d.]+ MB of [\d.]+ MB\), \d+ lines/);
      expect(screen).to.match(new RegExp(`\\r\\x1b\\[Klines +${lines} \\(${lines} records, 0 not JSON\\)`));
    });

    it('ends quietly with 0 when its reader goes away (| head)', async () => {
      const child = spawn(process.execPath, [BIN, 'pretty', big], { env: plainEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      clearTimeout(killer);
      expect(code).to.equal(0);
      expect(stderr).to.equal('');
    });
  });
});
