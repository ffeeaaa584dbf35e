import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The node arguments that run `file` (a `.ts` name) beside the bench file
 * `benchFile` (pass `__filename`): the compiled `.js` when the bench itself
 * runs compiled, as users run it (`npm run bench` builds first); from source
 * through tsx only when the bench runs from source.
 */
export function scriptArgs(benchFile: string, file: string): string[] {
  const dir = join(benchFile, '..');
  if (benchFile.endsWith('.js')) return [join(dir, file.replace(/\.ts$/, '.js'))];
  return ['--conditions=source', '--import', 'tsx', join(dir, file)];
}

const PREFIX = 'RESULT ';

/** What a contender prints last: its result, on a line of its own. */
export function report(result: object): void {
  process.stdout.write(PREFIX + JSON.stringify(result) + '\n');
}

/** Runs one contender in its own process (fair CPU and RSS) and resolves with what it `report`ed. */
export function runForResult<T>(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(PREFIX));
      if (line === undefined) reject(new Error(`${args.join(' ')} exited with ${code} without a result:\n${out.slice(-500)}`));
      else resolve(JSON.parse(line.slice(PREFIX.length)) as T);
    });
  });
}
