import { join } from 'node:path';
import { metrics } from '@opentelemetry/api';
import { expect } from 'chai';
import { DELIVERY_OPTION_KEYS } from '@dynamo-logging/core/delivery';
import type { DeliveryOptionKey, DeliveryOptions } from '@dynamo-logging/core/delivery';
import type { ElasticExporterOptions } from '@dynamo-logging/exporter-elastic';
import type { LokiExporterOptions } from '@dynamo-logging/exporter-loki';
import type { SplunkExporterOptions } from '@dynamo-logging/exporter-splunk';

/**
 * Issue #13's "done when": a delivery option is added in one place (core's `DeliveryOptions`, whose key list
 * `DELIVERY_OPTION_KEYS` the compiler keeps complete) and appears in all three exporters. The loop below is
 * driven by core's list, not by a list kept here; the table of sample values is typed by core's interface, so a
 * new option without a sample fails to compile rather than going untested.
 */
const SAMPLE: { readonly [K in DeliveryOptionKey]-?: NonNullable<DeliveryOptions[K]> } = {
  headers: { 'x-probe': 'on' },
  // Every exporter's default is gzip here (Loki is set to its json format below).
  compression: 'none',
  compressionLevel: 7,
  timeoutMillis: 1234,
  maxConcurrentRequests: 3,
  maxBatchRecords: 77,
  maxResponseBytes: 4321,
  retry: { initialIntervalMillis: 11 },
  queue: { maxRecords: 99 },
  tls: { servername: 'probe.example' },
  flushTimeoutMillis: 2345,
  meterProvider: metrics.getMeterProvider(),
};

// Every sample is an option of every exporter: these fail to compile if an exporter's options stop extending core's.
const asLoki: LokiExporterOptions = SAMPLE;
const asSplunk: SplunkExporterOptions = SAMPLE;
const asElastic: ElasticExporterOptions = SAMPLE;
void [asLoki, asSplunk, asElastic];

type Resolve = (options: object) => { readonly delivery: DeliveryOptions };

// The resolvers are each package's own (not public): loaded from source, as the packages' tests do.
function resolver(dir: string, name: string): Resolve {
  return (require(join(__dirname, '..', 'packages', dir, 'src', 'config')) as Record<string, Resolve>)[name]!;
}

const EXPORTERS: ReadonlyArray<{ readonly name: string; readonly resolve: Resolve; readonly base: object }> = [
  { name: 'loki', resolve: resolver('exporter-loki', 'resolveConfig'), base: { endpoint: 'http://loki:3100', format: 'json', env: {} } },
  { name: 'splunk', resolve: resolver('exporter-splunk', 'resolveConfig'), base: { endpoint: 'http://splunk:8088', token: 't', env: {} } },
  { name: 'elastic', resolve: resolver('exporter-elastic', 'resolveElasticConfig'), base: { url: 'http://es:9200', env: {} } },
];

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

describe('a delivery option added in core reaches every exporter', () => {
  it('core lists every delivery option but the endpoint', () => {
    expect([...DELIVERY_OPTION_KEYS].sort()).to.deep.equal(Object.keys(SAMPLE).sort());
  });

  for (const exporter of EXPORTERS) {
    describe(exporter.name, () => {
      for (const key of DELIVERY_OPTION_KEYS) {
        it(`forwards ${key} to the delivery layer`, () => {
          const sample = SAMPLE[key];
          const without = exporter.resolve(exporter.base).delivery[key];
          const withIt = exporter.resolve({ ...exporter.base, [key]: sample }).delivery[key];
          // Objects may gain the exporter's own entries (auth headers); the caller's are all there.
          if (isPlainObject(sample)) {
            expect(withIt).to.deep.include(sample);
            expect(without ?? {}).not.to.deep.include(sample);
          } else {
            expect(withIt).to.equal(sample);
            expect(without).not.to.equal(sample);
          }
        });
      }
    });
  }
});
