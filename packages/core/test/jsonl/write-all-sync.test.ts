import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { writeAllSync } from '../../src/jsonl/write-all-sync';

describe('writeAllSync', function () {
  this.timeout(15_000);

  it('writes a chunk larger than a full non-blocking pipe whole, retrying EAGAIN and partial writes', async () => {
    // The reader starts late: the pipe (64 KiB) fills, and Node's end of it is non-blocking.
    const child = spawn('sh', ['-c', 'sleep 0.3; wc -c'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
    expect(fd).to.be.a('number').and.greaterThan(2);
    const line = '{"message":"' + 'x'.repeat(1000) + '"}\n';
    const chunk = line.repeat(1024); // about 1 MiB
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise((resolve) => child.on('close', resolve));
    try {
      writeAllSync(fd, chunk);
    } finally {
      child.stdin.end();
    }
    await closed;
    expect(Number(out.trim())).to.equal(Buffer.byteLength(chunk));
  });

  it('gives up with the error when the descriptor cannot be written', () => {
    expect(() => writeAllSync(987_654, 'line\n')).to.throw(/EBADF/);
  });
});
