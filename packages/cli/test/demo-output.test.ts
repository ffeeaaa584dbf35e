import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { plainEnv, REPO_ROOT, requireBuild, runBin } from './helpers/run-bin';
import { makeTempDir } from './helpers/temp-dir';

const DEMO = join(REPO_ROOT, 'examples', 'service', 'dist', 'src', 'demo.js');

/** The demo service's stderr (`npm run demo`), read by each command as an operator would. */
describe('dynamo-logs on the demo service output', function () {
  this.timeout(120_000);
  let temp: ReturnType<typeof makeTempDir>;
  let demoLog: string;
  let lines: string[];

  before(function () {
    requireBuild.call(this);
    if (!existsSync(DEMO)) this.skip();
    temp = makeTempDir();
    const demo = spawnSync(process.execPath, [DEMO], {
      env: plainEnv({ DYN_LOGGING_BACKEND: 'jsonl', DYN_LOGGING_CONSOLE_FORMAT: 'jsonl', DYN_LOG: 'debug' }),
      encoding: 'utf8',
      timeout: 90_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(demo.status, demo.stderr.slice(-1000)).to.equal(0);
    demoLog = join(temp.dir, 'demo.log');
    writeFileSync(demoLog, demo.stderr);
    lines = demo.stderr.trimEnd().split('\n');
    expect(lines.length).to.be.greaterThan(100);
  });
  after(() => temp?.remove());

  it('pretty shows every line readably: one head line per input line, same time, level and message', async () => {
    const result = await runBin(['pretty'], { input: lines.join('\n') + '\n' });
    expect(result.code).to.equal(0);
    const heads = result.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('    '));
    expect(heads).to.have.length(lines.length);
    heads.forEach((head, i) => {
      const record = JSON.parse(lines[i]!) as { time: string; level: string; target: string; message: string };
      expect(head.startsWith(`${record.time} ${record.level.padStart(5)} ${record.target}: ${record.message}`), head).to.equal(true);
    });
  });

  it('validate passes it', async () => {
    const result = await runBin(['validate', demoLog]);
    expect(result.stdout).to.equal(`validate: ${lines.length} lines, ${lines.length} valid, 0 failed (0 errors), 0 warnings\n`);
    expect(result.code).to.equal(0);
  });

  it('validate fails it once a line is broken by hand, naming that line and key', async () => {
    const broken = [...lines];
    broken[6] = broken[6]!.replace(/"level":"[A-Z]+"/, '"level":"NOTICE"');
    const file = join(temp.dir, 'broken.log');
    writeFileSync(file, broken.join('\n') + '\n');
    const result = await runBin(['validate', file]);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include(`${file}:7: error: key "level": /level must be equal to one of the allowed values`);
    expect(result.stdout).to.include(`${lines.length} lines, ${lines.length - 1} valid, 1 failed`);
  });

  it('stats counts every line, with the errors the demo provokes', async () => {
    const result = await runBin(['stats', '--json', demoLog]);
    const report = JSON.parse(result.stdout) as { lines: number; records: number; levels: Record<string, number>; errorTypes: Array<{ key: string }> };
    expect(report.lines).to.equal(lines.length);
    expect(report.records).to.equal(lines.length);
    expect(report.levels['ERROR']).to.be.greaterThan(0);
    expect(report.errorTypes.map((e) => e.key)).to.include('UpstreamError');
  });
});
