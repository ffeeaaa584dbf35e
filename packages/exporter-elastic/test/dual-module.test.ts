import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

const PACKAGE = '@dynamo-logging/exporter-elastic';
const PACKAGE_DIR = join(__dirname, '..');
const DIST_JS = join(PACKAGE_DIR, 'dist', 'src', 'index.js');
const DIST_DTS = join(PACKAGE_DIR, 'dist', 'src', 'index.d.ts');

/** Runs node on the built package, without the `source` condition or tsx. */
function runBuilt(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: join(PACKAGE_DIR, '..', '..'), env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8' }).trim();
}

describe('dual module (built package)', function () {
  this.timeout(20_000);
  before(function () {
    if (!existsSync(DIST_JS)) {
      process.stderr.write(`\nskipping the dual-module tests: ${DIST_JS} is missing; the root \`npm test\` builds first\n`);
      this.skip();
    }
  });

  it('require() resolves the build and exposes the exporter, the container factory and fromEnv', () => {
    const out = runBuilt([
      '-e',
      `const m = require('${PACKAGE}'); if (!require.resolve('${PACKAGE}').endsWith('/dist/src/index.js')) throw new Error('not the build'); ` +
        "console.log([typeof m.ElasticLogRecordExporter, typeof m.createElasticContainer, typeof m.fromEnv].join(','))",
    ]);
    expect(out).to.equal('function,function,function');
  });

  it('import() from ESM exposes the same named exports', () => {
    const out = runBuilt([
      '--input-type=module',
      '-e',
      `import { ElasticLogRecordExporter, createElasticContainer, fromEnv } from '${PACKAGE}'; console.log([typeof ElasticLogRecordExporter, typeof createElasticContainer, typeof fromEnv].join(','))`,
    ]);
    expect(out).to.equal('function,function,function');
  });

  it('ships its type declarations', () => {
    expect(existsSync(DIST_DTS), DIST_DTS).to.equal(true);
    expect(readFileSync(DIST_DTS, 'utf8')).to.include('ElasticLogRecordExporter');
  });
});
