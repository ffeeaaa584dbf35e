import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import * as source from '../src';

const packageDir = realpathSync(join(__dirname, '..'));
const repoRoot = join(packageDir, '..', '..');
const builtEntry = join(packageDir, 'dist', 'src', 'index.js');
const LINE = '{"time":"2025-10-31T21:06:45.397194Z","level":"INFO","message":"m","x_request_id":"r-1"}';
const sourceExports = Object.keys(source).sort();

interface Probe {
  resolved: string;
  keys: string[];
  valid: boolean;
  badValid: boolean;
  key: string;
  constant: string;
}

// A plain node, as a user's would be: no tsx, no `source` condition, no inherited NODE_OPTIONS.
function runNode(args: string[]): Probe {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return JSON.parse(execFileSync(process.execPath, args, { cwd: repoRoot, env, encoding: 'utf8', timeout: 30_000 })) as Probe;
}

const report = (resolved: string, m: string) =>
  `process.stdout.write(JSON.stringify({ resolved: ${resolved},` +
  ` keys: Object.keys(${m}).filter((k) => k !== 'default' && k !== '__esModule').sort(),` +
  ` valid: ${m}.validateJsonlLine(${JSON.stringify(LINE)}).valid,` +
  ` badValid: ${m}.validateJsonlLine('{"level":"INFO"}').valid,` +
  ` key: ${m}.canonicalKey('x-request-id'), constant: ${m}.ATTR_X_REQUEST_ID }));`;

describe('built package (dist) as users load it', function () {
  this.timeout(60_000);

  before(function () {
    if (!existsSync(builtEntry)) {
      // The root `npm test` builds first; a bare mocha run on a clean tree has no dist yet.
      console.warn(`    SKIPPED: ${builtEntry} is missing; run \`npx tsc -b packages/semconv\` first`);
      this.skip();
    }
  });

  it('ships type declarations', () => {
    expect(existsSync(join(packageDir, 'dist', 'src', 'index.d.ts'))).to.equal(true);
  });

  it('loads with require() from dist, with the same exports as the source', () => {
    const result = runNode(['-e', `const m = require('@dynamo-logging/semconv');` + report(`require.resolve('@dynamo-logging/semconv')`, 'm')]);
    expect(result.resolved).to.equal(builtEntry);
    expect(result.keys).to.deep.equal(sourceExports);
    expect(result).to.include({ valid: true, badValid: false, key: 'x_request_id', constant: 'x_request_id' });
  });

  it('loads with import, named imports included, with the same exports as the source', () => {
    const result = runNode([
      '--input-type=module',
      '-e',
      `import { canonicalKey, validateJsonlLine, ATTR_X_REQUEST_ID } from '@dynamo-logging/semconv';` +
        `const m = await import('@dynamo-logging/semconv');` +
        `if (m.canonicalKey !== canonicalKey || m.validateJsonlLine !== validateJsonlLine || m.ATTR_X_REQUEST_ID !== ATTR_X_REQUEST_ID) throw new Error('named imports differ');` +
        report(`import.meta.resolve('@dynamo-logging/semconv')`, 'm'),
    ]);
    expect(result.resolved).to.equal(pathToFileURL(builtEntry).href);
    expect(result.keys).to.deep.equal(sourceExports);
    expect(result).to.include({ valid: true, badValid: false, key: 'x_request_id', constant: 'x_request_id' });
  });

  it('loads ajv only when a line is first validated', () => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const code =
      `const m = require('@dynamo-logging/semconv');` +
      `const ajvLoaded = () => Object.keys(require.cache).some((k) => k.includes('/node_modules/ajv/'));` +
      `const before = ajvLoaded(); m.lookupAttribute('model'); m.checkAttributeValue(m.lookupAttribute('model'), 1);` +
      `const afterLookup = ajvLoaded(); m.validateJsonlLine('{}');` +
      `process.stdout.write(JSON.stringify([before, afterLookup, ajvLoaded()]));`;
    const out = execFileSync(process.execPath, ['-e', code], { cwd: repoRoot, env, encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(out)).to.deep.equal([false, false, true]);
  });

  it('exposes the registry and the schema files by package subpath', () => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const code =
      `const registry = require('@dynamo-logging/semconv/registry/attributes.json');` +
      `const schema = require('@dynamo-logging/semconv/schema/dynamo-jsonl-line.schema.json');` +
      `process.stdout.write(JSON.stringify({ registry, schema }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', code], { cwd: repoRoot, env, encoding: 'utf8', timeout: 30_000 }));
    expect(out.schema).to.deep.equal(source.JSONL_LINE_SCHEMA);
    expect(out.registry.attributes).to.deep.equal(JSON.parse(JSON.stringify(source.ATTRIBUTE_REGISTRY)));
  });
});
