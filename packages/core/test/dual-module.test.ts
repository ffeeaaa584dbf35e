import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

const PACKAGE_DIR = join(__dirname, '..');
const REPO_ROOT = join(PACKAGE_DIR, '..', '..');
const DIST_JS = join(PACKAGE_DIR, 'dist', 'src', 'index.js');
const DIST_DTS = join(PACKAGE_DIR, 'dist', 'src', 'index.d.ts');

/** Runs node on the built package, without the `source` condition or tsx. */
function runBuilt(args: string[]): string {
  return execFileSync(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: '' },
    encoding: 'utf8',
  }).trim();
}

describe('dual module (built package)', function () {
  this.timeout(20_000);
  before(function () {
    if (!existsSync(DIST_JS)) {
      process.stderr.write(`\nskipping the dual-module tests: ${DIST_JS} is missing; build with \`npx tsc -b packages/core\` (the root \`npm test\` builds first)\n`);
      this.skip();
    }
  });

  it('require() exposes the public API', () => {
    const out = runBuilt([
      '-e',
      "const m = require('@dynamo-logging/core'); " +
        "if (!require.resolve('@dynamo-logging/core').endsWith('/dist/src/index.js')) throw new Error('did not resolve the build'); " +
        'console.log([typeof m.LogContainer, typeof m.LogContainer.start, typeof m.DynamoJsonlExporter, typeof m.ConfigurationError].join(","))',
    ]);
    expect(out).to.equal('function,function,function,function');
  });

  it('import() from ESM exposes LogContainer as a named export', () => {
    const out = runBuilt([
      '--input-type=module',
      '-e',
      "import { LogContainer, DynamoJsonlExporter, MissingBackendPackageError } from '@dynamo-logging/core'; " +
        'console.log([typeof LogContainer, typeof DynamoJsonlExporter, typeof MissingBackendPackageError].join(","))',
    ]);
    expect(out).to.equal('function,function,function');
  });

  it('the built package works end to end from ESM: a container writes a valid line', () => {
    const out = runBuilt([
      '--input-type=module',
      '-e',
      "import { LogContainer, DynamoJsonlExporter } from '@dynamo-logging/core'; " +
        "import { Writable } from 'node:stream'; " +
        "let text = ''; const destination = new Writable({ write(c, _e, cb) { text += c; cb(); } }); " +
        "const c = LogContainer.start({ resource: { 'service.name': 's', namespace: 'n', component: 'c' }, env: {}, exitHooks: false, registerGlobal: false, exporter: new DynamoJsonlExporter({ destination }) }); " +
        "c.createLogger('esm').info('from esm', { model: 'm' }); await c.shutdown(); process.stdout.write(text);",
    ]);
    const line = JSON.parse(out) as Record<string, unknown>;
    expect(line).to.include({ level: 'INFO', target: 'esm', message: 'from esm', model: 'm' });
  });

  it('ships its type declarations', () => {
    expect(existsSync(DIST_DTS), DIST_DTS).to.equal(true);
    const dts = readFileSync(DIST_DTS, 'utf8');
    expect(dts).to.include('LogContainer');
    const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { types: string; exports: { '.': { types: string } } };
    expect(pkg.types).to.equal('./dist/src/index.d.ts');
    expect(pkg.exports['.'].types).to.equal('./dist/src/index.d.ts');
  });
});
