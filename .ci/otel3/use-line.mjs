// Rewrites the OTel pins of every package.json in a copy of the repo to the line in line.json.
// Peer ranges are left alone on purpose: the install then proves they already admit this line.
// Usage: node use-line.mjs <repo-copy>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) throw new Error('usage: node use-line.mjs <repo-copy>');
const line = JSON.parse(readFileSync(new URL('./line.json', import.meta.url), 'utf8'));
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

for (const dir of ['.', ...rootPkg.workspaces]) {
  const file = join(root, dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  for (const field of ['dependencies', 'devDependencies']) {
    const deps = pkg[field];
    if (!deps) continue;
    for (const [name, version] of Object.entries(line.packages)) {
      if (!(name in deps)) continue;
      if (version === null) delete deps[name];
      else deps[name] = version;
      console.log(`${dir}: ${field} ${name} -> ${version ?? '(removed)'}`);
    }
  }
  writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
}
