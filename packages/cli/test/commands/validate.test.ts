import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { FIXTURES, requireBuild, runBin } from '../helpers/run-bin';

describe('dynamo-logs validate', function () {
  this.timeout(60_000);
  before(requireBuild);

  it("passes each component's line shape (Rust, Python, TypeScript) with exit code 0", async () => {
    for (const name of ['rust', 'python', 'typescript']) {
      const file = join(FIXTURES, `${name}.jsonl`);
      const count = readFileSync(file, 'utf8').trimEnd().split('\n').length;
      const result = await runBin(['validate', file]);
      expect(result.stdout, name).to.equal(`validate: ${count} lines, ${count} valid, 0 failed (0 errors), 0 warnings\n`);
      expect(result.code, name).to.equal(0);
    }
  });

  it('fails hand-broken lines with exit code 1, naming file, line number and key, then a summary', async () => {
    const file = join(FIXTURES, 'broken.jsonl');
    const result = await runBin(['validate', file]);
    expect(result.code).to.equal(1);
    expect(result.stdout.split('\n')).to.deep.equal([
      `${file}:2: error: key "input_tokens": /input_tokens must be integer`,
      `${file}:3: warning: key "gpu_util": unknown key (not in the attribute registry)`,
      `${file}:4: error: key "time": /time must be YYYY-MM-DDTHH:MM:SS.ffffff (six fractional digits) followed by Z or a +HH:MM/-HH:MM offset`,
      `${file}:5: error: key "message": line must have required property 'message'`,
      'validate: 5 lines, 2 valid, 3 failed (3 errors), 1 warning; keys warned about: gpu_util (1)',
      '',
    ]);
  });

  it('reads standard input, and reports lines that are not JSON or are empty', async () => {
    const result = await runBin(['validate'], { input: 'panic: boom\n\n{"time":"2025-10-31T21:06:45.397194Z","level":"INFO","message":"m"}\n' });
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal(
      '<stdin>:1: error: line is not valid JSON\n<stdin>:2: error: line is empty\nvalidate: 3 lines, 1 valid, 2 failed (2 errors), 0 warnings\n',
    );
  });

  it('--quiet prints only the summary; --no-warnings leaves the warnings out', async () => {
    const file = join(FIXTURES, 'broken.jsonl');
    const quiet = await runBin(['validate', '--quiet', file]);
    expect(quiet.code).to.equal(1);
    expect(quiet.stdout.trimEnd().split('\n')).to.have.length(1);
    const noWarnings = await runBin(['validate', '--no-warnings', file]);
    expect(noWarnings.stdout).to.not.include('warning:');
    expect(noWarnings.stdout).to.include('1 warning;');
  });

  it('numbers lines per file when given several', async () => {
    const broken = join(FIXTURES, 'broken.jsonl');
    const result = await runBin(['validate', '--no-warnings', join(FIXTURES, 'rust.jsonl'), broken]);
    expect(result.stdout).to.include(`${broken}:2: error:`);
    expect(result.stdout).to.include('validate: 13 lines, 10 valid, 3 failed');
  });
});
