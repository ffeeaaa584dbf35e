import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

/**
 * Every published package, as users get it: the build, loaded by plain node
 * (no tsx, no `source` condition), works from both require() and import()
 * with the same named exports, and ships its type declarations. It needs
 * the build: `npm test` builds first; run alone, it fails naming what is missing.
 */
const ROOT = join(__dirname, '..');
const PACKAGES = readdirSync(join(ROOT, 'packages'))
  .map((dir) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as { name: string; types: string; private?: boolean };
    return { dir: join(ROOT, 'packages', dir), name: pkg.name, types: pkg.types, private: pkg.private === true };
  })
  // A private workspace (the test kit) is never published: nothing to check as users get it.
  .filter((pkg) => !pkg.private);

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8' }).trim();
}

describe('built packages', function () {
  this.timeout(30_000);

  it('are the five packages of the design and the command line', () => {
    expect(PACKAGES.map((p) => p.name).sort()).to.deep.equal([
      '@dynamo-logging/cli',
      '@dynamo-logging/core',
      '@dynamo-logging/exporter-elastic',
      '@dynamo-logging/exporter-loki',
      '@dynamo-logging/exporter-splunk',
      '@dynamo-logging/semconv',
    ]);
  });

  for (const pkg of PACKAGES) {
    describe(pkg.name, () => {
      before(() => {
        // Not built is a failure, not a skip: a skipped check passes the suite having checked nothing.
        const entry = join(pkg.dir, 'dist', 'src', 'index.js');
        if (!existsSync(entry)) throw new Error(`${pkg.name} is not built (${entry} is missing): run \`npm run build\` first (the root \`npm test\` builds before it tests)`);
      });

      it('require() and import() resolve the build and expose the same named exports', () => {
        const required = JSON.parse(
          node(['-e', `const m = require('${pkg.name}'); if (!require.resolve('${pkg.name}').endsWith('/dist/src/index.js')) throw new Error('not the build'); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== '__esModule').sort()))`]),
        ) as string[];
        const imported = JSON.parse(
          node(['--input-type=module', '-e', `import * as m from '${pkg.name}'; console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default' && k !== 'module.exports' && k !== '__esModule').sort()))`]),
        ) as string[];
        expect(required.length).to.be.greaterThan(2);
        expect(imported).to.deep.equal(required);
      });

      it('ships its type declarations', () => {
        const dts = join(pkg.dir, pkg.types);
        expect(pkg.types).to.equal('./dist/src/index.d.ts');
        expect(existsSync(dts), dts).to.equal(true);
      });
    });
  }
});
