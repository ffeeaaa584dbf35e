import { diag, DiagLogLevel } from '@opentelemetry/api';
import { expect } from 'chai';
import { ConfigurationError } from '@dynamo-logging/core';
import { resolveConfig } from '../src/config';

function reported(fn: () => void): string[] {
  const lines: string[] = [];
  const push = (m: string) => lines.push(m);
  diag.setLogger({ error: push, warn: push, info: push, debug: push, verbose: push }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  try {
    fn();
  } finally {
    diag.disable();
  }
  return lines;
}

describe('Splunk env policy', () => {
  it('DYN_SPLUNK_ACK=maybe is reported and the default (false) used, not read silently', () => {
    let ack: boolean | undefined;
    const lines = reported(() => {
      ack = resolveConfig({ endpoint: 'http://127.0.0.1:8088', token: 't', env: { DYN_SPLUNK_ACK: 'maybe' } }).ack;
    });
    expect(ack).to.equal(false);
    expect(lines).to.deep.equal(['dynamo-logging: ignoring DYN_SPLUNK_ACK="maybe": expected one of 1/true/on/yes or 0/false/off/no; using false']);
  });

  it('a missing token stays a ConfigurationError', () => {
    expect(() => resolveConfig({ endpoint: 'http://127.0.0.1:8088', env: {} })).to.throw(ConfigurationError, /DYN_SPLUNK_HEC_TOKEN/);
  });
});
