import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { FIXTURES, requireBuild, runBin } from './helpers/run-bin';

interface FilterCase {
  name: string;
  args: string[];
  jq: string;
}

const INPUT = join(FIXTURES, 'filter-input.jsonl');
const CASES = JSON.parse(readFileSync(join(FIXTURES, 'filter-cases.json'), 'utf8')) as FilterCase[];
const expected = (name: string): string => readFileSync(join(FIXTURES, 'filter-expected', `${name}.jsonl`), 'utf8');
const jqInstalled = spawnSync('jq', ['--version']).status === 0;

/**
 * The filters select exactly what jq selects: filter-expected/ holds jq's
 * output for each case of filter-cases.json (written by make-filter-expected.sh),
 * compared byte for byte with `dynamo-logs pretty --format jsonl` run as a user runs it.
 */
describe('filters, through the built dynamo-logs, against jq', function () {
  this.timeout(60_000);
  before(requireBuild);

  for (const c of CASES) {
    it(`${c.name}: ${c.args.join(' ')}  ==  jq '${c.jq}'`, async () => {
      const result = await runBin(['pretty', '--format', 'jsonl', ...c.args, INPUT]);
      expect(result.stderr).to.equal('');
      expect(result.code).to.equal(0);
      expect(result.stdout).to.equal(expected(c.name));
    });
  }

  it('the jq outputs kept in filter-expected/ are what jq prints today (when jq is installed)', function () {
    if (!jqInstalled) this.skip();
    for (const c of CASES) {
      const jq = spawnSync('jq', ['-R', '-c', `fromjson? | ${c.jq}`, INPUT], { encoding: 'utf8' });
      expect(jq.status, jq.stderr).to.equal(0);
      expect(jq.stdout, c.name).to.equal(expected(c.name));
    }
  });

  it('--since with a duration counts back from now', async () => {
    const now = Date.now();
    const at = (agoMs: number, message: string): string =>
      JSON.stringify({ time: new Date(now - agoMs).toISOString().replace('Z', '000Z'), level: 'INFO', message });
    const input = [at(2 * 3600_000, 'two hours ago'), at(30 * 60_000, 'half an hour ago'), at(5 * 60_000, 'five minutes ago'), at(10_000, 'ten seconds ago')].join('\n') + '\n';
    const tenMinutes = await runBin(['pretty', '--format', 'jsonl', '--since', '10m'], { input });
    expect(tenMinutes.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { message: string }).message)).to.deep.equal(['five minutes ago', 'ten seconds ago']);
    const window = await runBin(['pretty', '--format', 'jsonl', '--since', '1h', '--until', '1m'], { input });
    expect(window.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { message: string }).message)).to.deep.equal(['half an hour ago', 'five minutes ago']);
  });

  it('filters the readable form the same way, leaving out the lines that are not JSON', async () => {
    const result = await runBin(['pretty', '--level', 'error', INPUT]);
    const heads = result.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('    '));
    expect(heads).to.have.length(expected('level-warn').split('\n').filter((l) => l.includes('"ERROR"')).length);
    for (const line of heads) expect(line).to.match(/^\S+Z ERROR /);
  });

  it('refuses a bad filter value with exit code 2, naming the flag', async () => {
    for (const args of [['--level', 'loud'], ['--since', 'yesterday'], ['--where', 'novalue']]) {
      const result = await runBin(['pretty', ...args], { input: '' });
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr).to.include(args[0]);
    }
  });
});
