import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface TestCerts {
  readonly ca: string;
  readonly serverKey: string;
  readonly serverCert: string;
  readonly clientKey: string;
  readonly clientCert: string;
  cleanup(): Promise<void>;
}

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with the openssl CLI. */
export async function makeCerts(): Promise<TestCerts> {
  const dir = await fs.mkdtemp(path.join(tmpdir(), 'dyn-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=dynamo-test-ca');
  const leaf = (name: string, ext: string) => {
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    return fs.writeFile(path.join(dir, `${name}.ext`), ext).then(() =>
      run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`),
    );
  };
  await leaf('server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await leaf('client', 'extendedKeyUsage=clientAuth\n');
  const read = (f: string) => fs.readFile(path.join(dir, f), 'utf8');
  return {
    ca: await read('ca.crt'),
    serverKey: await read('server.key'),
    serverCert: await read('server.crt'),
    clientKey: await read('client.key'),
    clientCert: await read('client.crt'),
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}
