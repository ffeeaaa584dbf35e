import { LogContainer } from '@dynamo-logging/core';
import { createFrontend } from './server';
import { startTracing } from './tracing';

/**
 * The service process: JSONL on stderr (or the backend DYN_LOGGING_BACKEND
 * names), prints its port on stdout, and ends on SIGTERM after the container
 * has flushed.
 */
async function main(): Promise<void> {
  const tracing = startTracing();
  const container = await LogContainer.fromEnv({
    resource: { 'service.name': 'dynamo-frontend', namespace: 'dynamo', component: 'frontend' },
  });
  const server = createFrontend(container);
  const log = container.createLogger('dynamo.frontend');
  server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    log.info('frontend listening', { endpoint: `127.0.0.1:${port}` });
    process.stdout.write(`${port}\n`);
  });
  process.once('SIGTERM', () => {
    log.info('shutting down');
    server.close(() => {
      void tracing.shutdown().then(() => container.shutdown()).then(() => process.exit(0));
    });
  });
}

void main();
