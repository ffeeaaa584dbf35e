import { join } from 'node:path';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { expect } from 'chai';
import { ConfigurationError } from '@dynamo-logging/core';

/**
 * The root README's one env policy, checked the same way for every exporter: a bad value of a variable that has
 * a default is reported once through diag, naming the variable, and the default is used; a missing or unusable
 * required value (an endpoint, a token) is a ConfigurationError naming the variable. One table, three exporters.
 */
type Resolve = (options: object) => Record<string, unknown>;

interface BadValues {
  /** Variables set to values each must be reported for, one report each. */
  readonly env: Record<string, string>;
  /** Fields of the resolved config that must hold their defaults. */
  readonly defaults: Record<string, unknown>;
  /** Exact report lines, where the wording itself is under test. */
  readonly lines?: readonly string[];
}

interface Exporter {
  readonly name: string;
  readonly resolve: Resolve;
  /** The required variables, set to usable values. */
  readonly required: Record<string, string>;
  readonly bad: readonly BadValues[];
  /** Environments missing or spoiling a required value, and what the error must name. */
  readonly fatal: ReadonlyArray<readonly [Record<string, string>, RegExp]>;
}

// The resolvers are each package's own (not public): loaded from source, as the packages' tests do.
function resolver(dir: string, name: string): Resolve {
  return (require(join(__dirname, '..', 'packages', dir, 'src', 'config')) as Record<string, Resolve>)[name]!;
}

const BOOLEAN_REPORT = (name: string): string =>
  `dynamo-logging: ignoring ${name}="maybe": expected one of 1/true/on/yes or 0/false/off/no; using false`;

const EXPORTERS: readonly Exporter[] = [
  {
    name: 'loki',
    resolve: resolver('exporter-loki', 'resolveConfig'),
    required: { DYN_LOKI_URL: 'http://x' },
    bad: [
      { env: { DYN_LOKI_FORMAT: 'xml', DYN_LOKI_COMPRESSION: 'zstd', DYN_LOKI_LINE: 'yaml' }, defaults: { format: 'protobuf', compression: 'none', line: 'jsonl' } },
      // A malformed pair is skipped, the others kept.
      { env: { DYN_LOKI_LABELS: 'env=prod,novalue' }, defaults: { staticLabels: { env: 'prod' } } },
      { env: { DYN_LOG_USE_LOCAL_TZ: 'maybe' }, defaults: { localTime: false }, lines: [BOOLEAN_REPORT('DYN_LOG_USE_LOCAL_TZ')] },
    ],
    fatal: [
      [{}, /DYN_LOKI_URL/],
      [{ DYN_LOKI_URL: 'not a url' }, /DYN_LOKI_URL is not a valid URL/],
    ],
  },
  {
    name: 'splunk',
    resolve: resolver('exporter-splunk', 'resolveConfig'),
    required: { DYN_SPLUNK_HEC_URL: 'http://127.0.0.1:8088', DYN_SPLUNK_HEC_TOKEN: 't' },
    bad: [{ env: { DYN_SPLUNK_ACK: 'maybe' }, defaults: { ack: false }, lines: [BOOLEAN_REPORT('DYN_SPLUNK_ACK')] }],
    fatal: [
      [{ DYN_SPLUNK_HEC_URL: 'http://127.0.0.1:8088' }, /DYN_SPLUNK_HEC_TOKEN/],
      [{ DYN_SPLUNK_HEC_TOKEN: 't' }, /DYN_SPLUNK_HEC_URL/],
    ],
  },
  {
    name: 'elastic',
    resolve: resolver('exporter-elastic', 'resolveElasticConfig'),
    required: { DYN_ELASTIC_URL: 'http://127.0.0.1:9200' },
    bad: [
      {
        env: { DYN_ELASTIC_MAPPING: 'raw', DYN_ELASTIC_INDEX_DATE_SUFFIX: 'hourly', DYN_ELASTIC_MAX_BODY_BYTES: 'lots', DYN_ELASTIC_COMPATIBLE_WITH: '6' },
        defaults: { mapping: 'ecs', maxBodyBytes: 5 * 1024 * 1024, compatibleWith: undefined },
      },
      { env: { DYN_ELASTIC_DATASET: 'a-b', DYN_ELASTIC_NAMESPACE: 'a b' }, defaults: { dataset: 'dynamo', target: { kind: 'data_stream', dataset: 'dynamo', namespace: 'default' } } },
    ],
    fatal: [
      [{}, /DYN_ELASTIC_URL/],
      [{ DYN_ELASTIC_URL: 'nope' }, /DYN_ELASTIC_URL/],
    ],
  },
];

/** What `fn` reported through diag, one string per call. */
function reported(fn: () => void): string[] {
  const lines: string[] = [];
  const push = (m: string): number => lines.push(m);
  diag.setLogger({ error: push, warn: push, info: push, debug: push, verbose: push }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  try {
    fn();
  } finally {
    diag.disable();
  }
  return lines;
}

describe('the env policy of every exporter', () => {
  for (const exporter of EXPORTERS) {
    describe(exporter.name, () => {
      for (const bad of exporter.bad) {
        const names = Object.keys(bad.env);
        it(`reports ${names.join(', ')} once each and uses the defaults`, () => {
          let config!: Record<string, unknown>;
          const lines = reported(() => {
            config = exporter.resolve({ env: { ...exporter.required, ...bad.env } });
          });
          for (const [field, value] of Object.entries(bad.defaults)) expect(config[field], field).to.deep.equal(value);
          expect(lines, lines.join('\n')).to.have.length(names.length);
          for (const name of names) {
            expect(lines.filter((line) => line.includes(`${name}=`)), name).to.have.length(1);
          }
          if (bad.lines !== undefined) expect(lines).to.deep.equal(bad.lines);
        });
      }

      for (const [env, message] of exporter.fatal) {
        it(`a missing or unusable required value is a ConfigurationError naming ${message.source}`, () => {
          expect(() => exporter.resolve({ env })).to.throw(ConfigurationError, message);
        });
      }
    });
  }
});
