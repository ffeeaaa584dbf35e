// Writes src/generated/attributes.ts, the JSON Schema file and the README table
// from registry/attributes.json. `--check` writes nothing and exits 1 when any
// output is stale, for CI.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseRegistry } from './check-registry';
import { README_PATH, REGISTRY_PATH, renderAll } from './render';

const packageDir = join(__dirname, '..');
const read = (path: string): string => readFileSync(join(packageDir, path), 'utf8');
const readIfPresent = (path: string): string | undefined => {
  try {
    return read(path);
  } catch {
    return undefined;
  }
};

function main(): number {
  const checkOnly = process.argv.includes('--check');
  const doc = parseRegistry(read(REGISTRY_PATH));
  const stale: string[] = [];
  for (const file of renderAll(doc, read(README_PATH))) {
    if (readIfPresent(file.path) === file.content) continue;
    stale.push(file.path);
    if (!checkOnly) {
      mkdirSync(dirname(join(packageDir, file.path)), { recursive: true });
      writeFileSync(join(packageDir, file.path), file.content);
    }
  }
  const verb = checkOnly ? 'stale' : 'written';
  process.stdout.write(stale.length === 0 ? 'semconv: generated files are up to date\n' : `semconv: ${verb}: ${stale.join(', ')}\n`);
  return checkOnly && stale.length > 0 ? 1 : 0;
}

process.exitCode = main();
