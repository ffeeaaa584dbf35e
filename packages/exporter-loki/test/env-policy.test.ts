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

// The root README's policy: a bad optional value is reported and its default used; a missing or unusable endpoint is a ConfigurationError.
describe('Loki env policy', () => {
  it('a bad DYN_LOKI_FORMAT / COMPRESSION / LINE is reported and the default used', () => {
    let config!: ReturnType<typeof resolveConfig>;
    const lines = reported(() => {
      config = resolveConfig({ env: { DYN_LOKI_URL: 'http://x', DYN_LOKI_FORMAT: 'xml', DYN_LOKI_COMPRESSION: 'zstd', DYN_LOKI_LINE: 'yaml' } });
    });
    expect(config).to.include({ format: 'protobuf', compression: 'none', line: 'jsonl' });
    expect(lines.join('\n')).to.match(/DYN_LOKI_FORMAT="xml"/).and.match(/DYN_LOKI_COMPRESSION="zstd"/).and.match(/DYN_LOKI_LINE="yaml"/);
  });

  it('a malformed DYN_LOKI_LABELS pair is reported and skipped, the others kept', () => {
    let config!: ReturnType<typeof resolveConfig>;
    const lines = reported(() => {
      config = resolveConfig({ env: { DYN_LOKI_URL: 'http://x', DYN_LOKI_LABELS: 'env=prod,novalue' } });
    });
    expect(config.staticLabels).to.deep.equal({ env: 'prod' });
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/DYN_LOKI_LABELS="novalue"/);
  });

  it('DYN_LOG_USE_LOCAL_TZ=maybe is reported, not read silently as false', () => {
    let config!: ReturnType<typeof resolveConfig>;
    const lines = reported(() => {
      config = resolveConfig({ env: { DYN_LOKI_URL: 'http://x', DYN_LOG_USE_LOCAL_TZ: 'maybe' } });
    });
    expect(config.localTime).to.equal(false);
    expect(lines).to.deep.equal(['dynamo-logging: ignoring DYN_LOG_USE_LOCAL_TZ="maybe": expected one of 1/true/on/yes or 0/false/off/no; using false']);
  });

  it('a bad DYN_LOKI_URL stays a ConfigurationError: an endpoint has no default', () => {
    expect(() => resolveConfig({ env: { DYN_LOKI_URL: 'not a url' } })).to.throw(ConfigurationError, /DYN_LOKI_URL is not a valid URL/);
  });
});
