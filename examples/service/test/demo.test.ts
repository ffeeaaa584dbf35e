import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { validateJsonlLine } from '@dynamo-logging/semconv';

/** Runs the demo as `npm run demo` does (from source here) and checks its stderr is a valid Dynamo JSONL stream. */
function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(__dirname, '..', 'src', 'demo.ts')], {
      env: { ...process.env, DYN_LOGGING_BACKEND: 'jsonl', DYN_LOGGING_CONSOLE_FORMAT: 'jsonl', DYN_LOG: 'debug' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('example service demo', function () {
  this.timeout(90_000);
  let result: { code: number | null; stdout: string; stderr: string };

  before(async () => {
    result = await runDemo();
  });

  it('exits 0 after driving requests, some failing', () => {
    expect(result.code, result.stderr.slice(-2000)).to.equal(0);
    expect(result.stdout).to.match(/^demo: 36 requests, \d+ failing on purpose; service stopped cleanly\n$/);
  });

  it('writes only lines that validate against the JSONL schema', () => {
    const lines = result.stderr.split('\n').filter((l) => l !== '');
    expect(lines.length).to.be.greaterThan(100);
    for (const line of lines) {
      const verdict = validateJsonlLine(line);
      expect(verdict.errors, line).to.deep.equal([]);
      expect(verdict.valid).to.equal(true);
    }
  });

  it('carries trace and request fields inside requests, and an ERROR line with exception fields', () => {
    const records = result.stderr.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    const inRequest = records.filter((r) => r['target'] === 'dynamo.http');
    expect(inRequest.length).to.be.greaterThan(50);
    for (const r of inRequest) {
      expect(r['trace_id']).to.match(/^[0-9a-f]{32}$/);
      expect(r['span_id']).to.match(/^[0-9a-f]{16}$/);
      expect(r['span_name']).to.equal('http-request');
      expect(r['request_id']).to.match(/^[0-9a-f-]{36}$/);
      expect(r['x_request_id']).to.match(/^demo-\d+$/);
    }
    // A caller's traceparent makes the request's span its child: same trace, parent_id = caller's span.
    expect(inRequest.some((r) => typeof r['parent_id'] === 'string')).to.equal(true);
    const errors = records.filter((r) => r['level'] === 'ERROR');
    expect(errors.length).to.be.greaterThan(0);
    for (const e of errors) {
      expect(e['exception.type']).to.equal('UpstreamError');
      expect(e['exception.message']).to.equal('decode worker unavailable');
      expect(String(e['exception.stacktrace'])).to.contain('[cause]: Error: connect ECONNREFUSED');
    }
    const outside = records.filter((r) => r['target'] === 'dynamo.frontend');
    for (const r of outside) expect(r).to.not.have.property('trace_id');
    // The service's own SIGTERM handler logs while it shuts down; that line is not lost.
    expect(outside.map((r) => r['message'])).to.deep.equal(['frontend listening', 'shutting down']);
  });
});
