import { diag, DiagLogLevel } from '@opentelemetry/api';
import { expect } from 'chai';
import type { DeliveryTransport } from '@dynamo-logging/core/delivery';
import { SplunkHecBackend } from '../src/backend';
import { resolveConfig } from '../src/config';
import { HecEncoder } from '../src/encode';
import { records } from './helpers/records';

const TOKEN = '0123abcd-4567-89ef-0123-456789abcdef';
const unused: DeliveryTransport = { send: () => Promise.reject(new Error('no request expected')) };

describe('Splunk: server text passes through the shared secrets module', () => {
  it('a refusal that echoes the token (or another credential) is printed masked', async () => {
    const config = resolveConfig({ endpoint: 'http://127.0.0.1:8088', token: TOKEN, env: {} });
    const backend = new SplunkHecBackend(config);
    const [request] = new HecEncoder(config).encode(records(1));
    const lines: string[] = [];
    const push = (m: string) => lines.push(m);
    diag.setLogger({ error: push, warn: push, info: push, debug: push, verbose: push }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
    try {
      const body = JSON.stringify({ text: `Token disabled: Splunk ${TOKEN} (proxy saw Authorization: Bearer x9Yz7)`, code: 1 });
      await backend.classify({ statusCode: 403, headers: {}, body: Buffer.from(body) }, request!, unused);
    } finally {
      diag.disable();
    }
    const text = lines.join('\n');
    expect(text).to.include('HEC refused the request');
    expect(text).to.not.include(TOKEN);
    expect(text).to.not.include('x9Yz7');
  });
});
