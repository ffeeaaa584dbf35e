import { expect } from 'chai';
import { LogContainer } from '../../src/container';
import { resolveDeliveryConfig } from '../../src/delivery/config';
import { ConfigurationError } from '../../src/errors';
import { resolveConfig } from '../../src/config/resolve';

const RESOURCE = { 'service.name': 's', namespace: 'n', component: 'c' };

describe('config/check-option: numeric code options get their env twin’s bounds', () => {
  const bad: Array<[string, number | string]> = [
    ['maxExportBatchSize', 0],
    ['maxExportBatchSize', -5],
    ['maxExportBatchSize', 1.5],
    ['maxQueueSize', 0],
    ['maxQueueSize', Number.NaN],
    ['scheduledDelayMillis', -1],
    ['exportTimeoutMillis', 0],
    ['maxExportBatchSize', '10'],
  ];
  for (const [name, value] of bad) {
    it(`batch.${name} = ${String(value)} is a ConfigurationError naming the option`, () => {
      const batch = { [name]: value } as never;
      expect(() => resolveConfig({ resource: RESOURCE, env: {}, batch }, false)).to.throw(ConfigurationError, `batch.${name}`);
      expect(() => LogContainer.start({ resource: RESOURCE, env: {}, batch, registerGlobal: false, exitHooks: false })).to.throw(ConfigurationError, `batch.${name}`);
    });
  }

  it('good values pass through, 0 ms delay included', () => {
    const config = resolveConfig({ resource: RESOURCE, env: {}, batch: { maxExportBatchSize: 7, scheduledDelayMillis: 0 } }, false);
    expect(config.batch.maxExportBatchSize).to.equal(7);
    expect(config.batch.scheduledDelayMillis).to.equal(0);
  });

  for (const name of ['maxConcurrentRequests', 'maxBatchRecords'] as const) {
    it(`delivery ${name} = 0.5 is refused (it would floor to 0: nothing ever sent)`, () => {
      expect(() => resolveDeliveryConfig({ endpoint: 'http://127.0.0.1:1', [name]: 0.5 })).to.throw(ConfigurationError, name);
    });
  }

  it('delivery queue.maxRecords = 0.5 is refused', () => {
    expect(() => resolveDeliveryConfig({ endpoint: 'http://127.0.0.1:1', queue: { maxRecords: 0.5 } })).to.throw(ConfigurationError, 'queue.maxRecords');
  });
});
