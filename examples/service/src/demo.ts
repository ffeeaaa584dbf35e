import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * `npm run demo`: starts the service, drives a few dozen requests at it (some
 * failing, some carrying a traceparent from an upstream caller), stops it with
 * SIGTERM and exits 0. The service's stderr, passed through, is the JSONL stream.
 */
function call(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  // Run the compiled service when this file is compiled, the source otherwise (tests).
  const compiled = __filename.endsWith('.js');
  const entry = join(__dirname, compiled ? 'main.js' : 'main.ts');
  const args = compiled ? [entry] : ['--conditions=source', '--import', 'tsx', entry];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DYN_LOG: process.env['DYN_LOG'] ?? 'debug' } });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());

  const statuses: number[] = [];
  for (let i = 0; i < 36; i++) {
    const headers: Record<string, string> = { 'x-request-id': `demo-${i}` };
    if (i % 3 === 0) headers['traceparent'] = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
    if (i % 6 === 0) {
      statuses.push(await call(port, 'GET', '/v1/fail', headers));
    } else if (i % 9 === 4) {
      statuses.push(await call(port, 'GET', '/nowhere', headers));
    } else {
      statuses.push(await call(port, 'POST', '/v1/chat/completions', { ...headers, 'content-type': 'application/json' }, JSON.stringify({ model: 'llama-3-8b', messages: [{ role: 'user', content: `hello ${i}` }] })));
    }
  }
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`service exited with ${code}`);
  const failed = statuses.filter((s) => s >= 400).length;
  process.stdout.write(`demo: ${statuses.length} requests, ${failed} failing on purpose; service stopped cleanly\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${String(err)}\n`);
  process.exit(1);
});
