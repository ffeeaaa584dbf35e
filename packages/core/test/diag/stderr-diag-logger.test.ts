import { expect } from 'chai';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { StderrDiagLogger } from '../../src/diag/stderr-diag-logger';

const child = path.join(__dirname, '..', 'fixtures', 'diag-child.ts');

function run(mode: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--conditions=source', '--import', 'tsx', child, mode], { timeout: 20_000 }, (err, stdout, stderr) =>
      err ? reject(err) : resolve({ stdout, stderr }),
    );
  });
}

const BAD_ENV = 'dynamo-logging: ignoring DYN_LOG_USE_LOCAL_TZ="maybe": expected one of 1/true/on/yes or 0/false/off/no; using false';

describe('default diagnostics: silent no more', function () {
  this.timeout(30_000);

  it('with no diag logger set, the library reports to stderr as Dynamo JSONL lines, target dynamo_logging', async () => {
    const { stdout, stderr } = await run('none');
    expect(JSON.parse(stdout)).to.deep.equal([]);
    const lines = stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines.map((l) => [l.level, l.target, l.message])).to.deep.equal([
      ['WARN', 'dynamo_logging', BAD_ENV],
      ['WARN', 'dynamo_logging', 'dynamo-logging: a record was logged after shutdown(); 1 records dropped so far (reason after_shutdown)'],
    ]);
    expect(lines[0]!.time).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('a diag logger the user set before start wins: nothing of ours on stderr', async () => {
    const { stdout, stderr } = await run('user-before');
    expect(stderr).to.equal('');
    expect(JSON.parse(stdout)).to.deep.equal([`warn ${BAD_ENV}`, 'warn dynamo-logging: a record was logged after shutdown(); 1 records dropped so far (reason after_shutdown)']);
  });

  it('a diag logger the user sets after start wins from then on, without a line about the switch', async () => {
    const { stdout, stderr } = await run('user-after');
    expect(stderr.trim().split('\n').map((l) => (JSON.parse(l) as { message: string }).message)).to.deep.equal([BAD_ENV]);
    // The API itself tells the new logger it replaced one; that line is the API's, not ours.
    const userLines = (JSON.parse(stdout) as string[]).filter((l) => !l.startsWith('warn Current logger will overwrite'));
    expect(userLines).to.deep.equal(['warn dynamo-logging: a record was logged after shutdown(); 1 records dropped so far (reason after_shutdown)']);
  });

  it('diagnostics: false leaves diag alone', async () => {
    const { stderr } = await run('off');
    expect(stderr).to.equal('');
  });

  it('is rate-limited: 20 lines per 10 s, then the count of what was held back', () => {
    const out: string[] = [];
    let now = 1_000_000;
    const logger = new StderrDiagLogger({ format: 'jsonl', localTime: false, write: (l) => out.push(l), now: () => now });
    for (let i = 0; i < 50; i++) logger.warn(`w${i}`);
    expect(out).to.have.length(20);
    now += 10_000;
    logger.error('after the window');
    expect(out).to.have.length(21);
    expect(JSON.parse(out[20]!)).to.include({ level: 'ERROR', target: 'dynamo_logging', message: 'after the window (30 more diagnostic line(s) suppressed before this one)' });
    logger.info();
    expect(out).to.have.length(21);
  });

  it('the readable console form gets readable lines, control characters escaped', () => {
    const out: string[] = [];
    const logger = new StderrDiagLogger({ format: 'readable', localTime: false, write: (l) => out.push(l), now: () => 0 });
    logger.warn('bad\nthing');
    expect(out[0]).to.match(/^1970-01-01T00:00:00\.000000Z  WARN dynamo_logging: bad\\nthing\n$/);
  });
});
