import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built program, as `npx dynamo-logs` runs it. */
export const BIN = join(__dirname, '..', '..', 'dist', 'src', 'bin.js');
export const FIXTURES = join(__dirname, '..', 'fixtures');
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the program's standard input, which is then closed. */
  input?: string | Buffer;
  /** Added to (undefined: removed from) the environment. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** A plain environment, as a user's shell has: no tsx, no `source` condition, no colour switches. */
export function plainEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['NODE_OPTIONS', 'NO_COLOR', 'FORCE_COLOR', 'DYN_SDK_DISABLE_ANSI_LOGGING']) delete env[key];
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs `node dist/src/bin.js ...args` and collects what it prints; killed after `timeoutMs`. */
export function runBin(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: plainEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Skips the suite when the package has not been built (the root `npm test` builds first). */
export function requireBuild(this: Mocha.Context): void {
  if (!existsSync(BIN)) {
    process.stderr.write(`\nskipping: ${BIN} is missing; run \`npm run build\` first\n`);
    this.skip();
  }
}
