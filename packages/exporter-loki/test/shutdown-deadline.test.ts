import { expect } from 'chai';
import { createLokiContainer } from '../src/container';
import { closedPort, DiagCapture } from '@dynamo-logging/test-kit';

const RESOURCE = { 'service.name': 'frontend', namespace: 'dynamo', component: 'router' };

describe('shutdown with Loki down: one deadline for everything queued', function () {
  this.timeout(30_000);

  for (const delivery of ['worker', 'inline'] as const) {
    it(`ten batches queued, flushTimeoutMillis 1000 (delivery ${delivery}): exportLogs() resolves and shutdown() ends in a few seconds, the records counted`, async () => {
      const diag = new DiagCapture().install();
      try {
        const container = createLokiContainer({
          endpoint: `http://127.0.0.1:${await closedPort()}`,
          env: {},
          resource: RESOURCE,
          delivery,
          flushTimeoutMillis: 1000,
          retry: { initialIntervalMillis: 50, maxIntervalMillis: 200 },
          batch: { maxExportBatchSize: 100, scheduledDelayMillis: 60_000 },
          exitHooks: false,
          registerGlobal: false,
        });
        const log = container.createLogger('dynamo.http');
        for (let i = 0; i < 1000; i++) log.info(`record ${i}`, { i });
        const started = Date.now();
        // Not awaited by a careless caller: it must never reject.
        let rejected: unknown;
        await container.exportLogs().catch((err: unknown) => (rejected = err));
        expect(rejected).to.equal(undefined);
        await container.shutdown();
        const tookMs = Date.now() - started;
        // Two deadlines (the flush, then shutdown's own), plus the worker's start: never one per batch (10 s).
        expect(tookMs).to.be.below(6000);
        const stats = container.stats().exporter!;
        expect(stats.exported).to.equal(0);
        expect((stats.dropped['shutdown'] ?? 0) + stats.queueDepth).to.equal(1000);
      } finally {
        diag.uninstall();
      }
    });
  }
});
