import { expect } from 'chai';
import { requireBuild, runBin } from './helpers/run-bin';

describe('dynamo-logs (the program)', function () {
  this.timeout(60_000);
  before(requireBuild);

  it('prints help for the program and for each command, exit code 0', async () => {
    const main = await runBin(['--help']);
    expect(main.code).to.equal(0);
    expect(main.stdout).to.include('Usage: dynamo-logs <command>');
    for (const command of ['pretty', 'validate', 'stats']) {
      const result = await runBin([command, '--help']);
      expect(result.code, command).to.equal(0);
      expect(result.stdout, command).to.include(`Usage: dynamo-logs ${command} [options] [files...]`);
      expect(result.stdout, command).to.include('Examples:');
    }
  });

  it('exits 2 with the usage on stderr for no command, an unknown command or an unknown flag', async () => {
    const none = await runBin([]);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.include('Usage: dynamo-logs');
    const unknown = await runBin(['prety']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.include('unknown command "prety"');
    const flag = await runBin(['pretty', '--colour']);
    expect(flag.code).to.equal(2);
    expect(flag.stderr).to.include("Unknown option '--colour'").and.include('dynamo-logs pretty --help');
  });

  it('exits 2 naming a file it cannot read', async () => {
    const result = await runBin(['validate', '/nonexistent/dynamo.log']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/^dynamo-logs validate: ENOENT.*\/nonexistent\/dynamo\.log/);
  });
});
